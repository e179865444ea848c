import {
  checkNewPrintOrder,
  checkPrintOrderTransition,
  checkQuoteInput,
} from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  newPrintOrderSchema,
  orderIdParams,
  printOrderListQuery,
  printOrderPageSchema,
  printOrderSchema,
  printOrderTransitionSchema,
  printQuoteRequestSchema,
  printQuoteSchema,
} from "../schemas/print-order-schemas.js";

const tags = ["print-orders"];

const quotePrintOrder = defineRoute({
  method: "POST",
  path: "/v1/print-orders/quote",
  operationId: "quotePrintOrder",
  summary: "Price printing some packages, without ordering",
  description:
    "Packaging codes at a unit price, item codes by the tier of their count. Only succeeded packages with serial numbers can be printed.",
  tags,
  auth: "staff",
  body: printQuoteRequestSchema,
  coreCheck: checkQuoteInput,
  responses: { 200: { description: "The price, every line explained.", schema: printQuoteSchema } },
  errors: ["NOT_FOUND", "PACKAGE_NOT_READY", "PRINT_REQUIRES_SERIALS"],
  async handler({ onecode, tenant, body }) {
    return { status: 200, body: await onecode.printOrders.quote(tenant, body) };
  },
});

const createPrintOrder = defineRoute({
  method: "POST",
  path: "/v1/print-orders",
  operationId: "createPrintOrder",
  summary: "Order printed labels of packages",
  description:
    "Needs the `admin` role. The order is priced at creation and never changes afterwards, apart from its status.",
  tags,
  auth: "staff",
  body: newPrintOrderSchema,
  coreCheck: checkNewPrintOrder,
  responses: {
    201: {
      description: "The new order (`pending`).",
      schema: printOrderSchema,
      headers: { Location: "Path of the new order." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "PACKAGE_NOT_READY", "PRINT_REQUIRES_SERIALS"],
  async handler({ onecode, tenant, body, basePath }) {
    const order = await onecode.printOrders.create(tenant, body);
    const location = `${basePath}/v1/print-orders/${encodeURIComponent(order.id)}`;
    return { status: 201, body: order, headers: { location } };
  },
});

const listPrintOrders = defineRoute({
  method: "GET",
  path: "/v1/print-orders",
  operationId: "listPrintOrders",
  summary: "List print orders, newest first",
  tags,
  auth: "staff",
  query: printOrderListQuery,
  responses: { 200: { description: "One page of orders.", schema: printOrderPageSchema } },
  async handler({ onecode, tenant, query }) {
    const { status, limit, cursor } = query;
    const filter = status === undefined ? {} : { status };
    return { status: 200, body: await onecode.printOrders.list(tenant, filter, { limit, cursor }) };
  },
});

const getPrintOrder = defineRoute({
  method: "GET",
  path: "/v1/print-orders/{orderId}",
  operationId: "getPrintOrder",
  summary: "Get a print order",
  tags,
  auth: "staff",
  params: orderIdParams,
  responses: { 200: { description: "The order.", schema: printOrderSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.printOrders.get(tenant, params.orderId) };
  },
});

const advancePrintOrder = defineRoute({
  method: "POST",
  path: "/v1/print-orders/{orderId}/transitions",
  operationId: "advancePrintOrder",
  summary: "Move a print order to printing or shipped",
  description:
    "Needs the `admin` role. `pending → printing → shipped`; shipping needs a tracking number. Any other move is `INVALID_STATE_TRANSITION`.",
  tags,
  auth: "staff",
  params: orderIdParams,
  body: printOrderTransitionSchema,
  coreCheck: checkPrintOrderTransition,
  responses: { 200: { description: "The order in its new status.", schema: printOrderSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.printOrders.advance(tenant, params.orderId, body) };
  },
});

/** The print order routes (`/v1/print-orders`). */
export const printOrderRoutes: readonly Route[] = [
  quotePrintOrder,
  createPrintOrder,
  listPrintOrders,
  getPrintOrder,
  advancePrintOrder,
];
