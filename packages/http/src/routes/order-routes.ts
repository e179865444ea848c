import { checkNewOrder } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import { codesResponse } from "../download-response.js";
import { primedByteStream } from "../iterable-body.js";
import {
  changePriceSchema,
  closeOrderSchema,
  closeOutcomeSchema,
  newOrderSchema,
  orderCountsSchema,
  orderIdPathParams,
  orderListQuery,
  orderPageSchema,
  orderQuerySchema,
  orderSchema,
  orderStatisticsQuery,
  orderStatisticsSchema,
  payOrderOutcomeSchema,
  payOrderSchema,
  reasonSchema,
  refundIdPathParams,
  refundOutcomeSchema,
  refundRequestSchema,
} from "../schemas/order-schemas.js";

const tags = ["orders"];

const createOrder = defineRoute({
  method: "POST",
  path: "/v1/orders",
  operationId: "createOrder",
  summary: "Place an order for a customer",
  description:
    "Staff with `orders.create` place an order for `customerId` (back-office orders). Stock of `reserve_on_create` products is reserved at once; the order closes if unpaid after the tenant's timeout.",
  tags,
  auth: "staff",
  capability: "orders.create",
  body: newOrderSchema,
  coreCheck: checkNewOrder,
  responses: {
    201: {
      description: "The new order.",
      schema: orderSchema,
      headers: { Location: "Path of the new order." },
    },
  },
  errors: ["FORBIDDEN", "STOCK_EXHAUSTED", "REGION_NOT_DELIVERED", "SELF_PICKUP_NOT_OFFERED"],
  async handler({ onecode, tenant, body, basePath }) {
    const order = await onecode.orders.create(tenant, body);
    const location = `${basePath}/v1/orders/${encodeURIComponent(order.id)}`;
    return { status: 201, body: order, headers: { location } };
  },
});

const listOrders = defineRoute({
  method: "GET",
  path: "/v1/orders",
  operationId: "listOrders",
  summary: "List orders, newest first",
  description:
    "Filters by state, logistics state, delivery method, customer, product, SKU, channel, number and time ranges, or a ready-made `view`. Needs `orders.read`; a scoped grant lists the orders it reaches.",
  tags,
  auth: "staff",
  capability: "orders.read",
  query: orderListQuery,
  responses: { 200: { description: "One page of orders.", schema: orderPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.orders.list(tenant, query) };
  },
});

const countOrders = defineRoute({
  method: "GET",
  path: "/v1/orders/counts",
  operationId: "countOrdersByState",
  summary: "How many orders are in each state",
  description:
    "The list's badges (e.g. how many wait to ship), with the list's filters. Needs `orders.read`.",
  tags,
  auth: "staff",
  capability: "orders.read",
  query: orderQuerySchema,
  responses: { 200: { description: "Orders per state.", schema: orderCountsSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.orders.countByState(tenant, query) };
  },
});

const exportOrders = defineRoute({
  method: "GET",
  path: "/v1/orders/export.csv",
  operationId: "exportOrdersCsv",
  summary: "Download orders as CSV",
  description:
    "The orders of the list's filters as an Excel-compatible CSV (UTF-8 with BOM, CRLF), streamed. Buyer-typed text starting with `=`, `+`, `-` or `@` is prefixed with `'`. Needs `orders.read`.",
  tags,
  auth: "staff",
  capability: "orders.read",
  query: orderQuerySchema,
  responses: {
    200: {
      description: "The CSV file, as an attachment.",
      contentType: "text/csv",
      headers: { "Content-Disposition": '`attachment; filename="orders.csv"`' },
    },
  },
  errors: ["FORBIDDEN", "VALIDATION_FAILED"],
  async handler({ onecode, tenant, query }) {
    const csv = onecode.orders.exportCsv(tenant, query);
    return {
      response: codesResponse(await primedByteStream(csv), {
        contentType: "text/csv; charset=utf-8",
        fileName: "orders.csv",
      }),
    };
  },
});

const orderStatistics = defineRoute({
  method: "GET",
  path: "/v1/orders/statistics",
  operationId: "getOrderStatistics",
  summary: "Orders, paid amount, refunds and units per day, product or channel",
  description:
    "Computed by the database; days are local days of the tenant's time zone. Needs `orders.read`.",
  tags,
  auth: "staff",
  capability: "orders.read",
  query: orderStatisticsQuery,
  responses: { 200: { description: "The figures.", schema: orderStatisticsSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.orders.statistics(tenant, query) };
  },
});

const getOrder = defineRoute({
  method: "GET",
  path: "/v1/orders/{orderId}",
  operationId: "getOrder",
  summary: "Get an order",
  description: "Needs `orders.read` reaching the order.",
  tags,
  auth: "staff",
  capability: "orders.read",
  params: orderIdPathParams,
  responses: { 200: { description: "The order.", schema: orderSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.orders.get(tenant, params.orderId) };
  },
});

const payOrder = defineRoute({
  method: "POST",
  path: "/v1/orders/{orderId}/payments",
  operationId: "payOrder",
  summary: "Charge an order at the counter",
  description:
    "Staff with `payments.record` charge the order's total through the payment port; the same idempotency key is used on retries at one price.",
  tags,
  auth: "staff",
  capability: "payments.record",
  params: orderIdPathParams,
  body: payOrderSchema,
  responses: { 200: { description: "The order and the charge.", schema: payOrderOutcomeSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "SERVICE_UNAVAILABLE"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.orders.pay(tenant, params.orderId, body) };
  },
});

const cancelOrder = defineRoute({
  method: "POST",
  path: "/v1/orders/{orderId}/cancel",
  operationId: "cancelOrder",
  summary: "Cancel an unpaid order",
  description: "Needs `orders.cancel`; the order's stock goes back.",
  tags,
  auth: "staff",
  capability: "orders.cancel",
  params: orderIdPathParams,
  responses: { 200: { description: "The closed order.", schema: orderSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.orders.cancel(tenant, params.orderId) };
  },
});

const changePrice = defineRoute({
  method: "POST",
  path: "/v1/orders/{orderId}/price",
  operationId: "changeOrderPrice",
  summary: "Change the price of an unpaid order (改价)",
  description:
    "Needs `orders.change_price`. The new goods amount is shared across the lines in proportion to their amounts; audited with before and after.",
  tags,
  auth: "staff",
  capability: "orders.change_price",
  params: orderIdPathParams,
  body: changePriceSchema,
  responses: { 200: { description: "The repriced order.", schema: orderSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.orders.changePrice(tenant, params.orderId, body) };
  },
});

const rejectCancellation = defineRoute({
  method: "POST",
  path: "/v1/orders/{orderId}/cancellation-request/reject",
  operationId: "rejectOrderCancellation",
  summary: "Reject the buyer's cancellation request",
  description: "Needs `orders.cancel`. To accept it, close the order (`/close`).",
  tags,
  auth: "staff",
  capability: "orders.cancel",
  params: orderIdPathParams,
  body: reasonSchema,
  responses: { 200: { description: "The order.", schema: orderSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.orders.rejectCancellation(tenant, params.orderId, body),
    };
  },
});

const closeOrder = defineRoute({
  method: "POST",
  path: "/v1/orders/{orderId}/close",
  operationId: "closePaidOrder",
  summary: "Close a paid order (商家退单), with or without a refund",
  description:
    "Needs `orders.cancel`, and `orders.refund` when `refund` is true. Unshipped stock goes back; the refund is recorded with the close and performed through the payment port.",
  tags,
  auth: "staff",
  capability: "orders.cancel",
  params: orderIdPathParams,
  body: closeOrderSchema,
  responses: {
    200: { description: "The closed order and its refund.", schema: closeOutcomeSchema },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.orders.close(tenant, params.orderId, body) };
  },
});

const refundOrder = defineRoute({
  method: "POST",
  path: "/v1/orders/{orderId}/refunds",
  operationId: "refundOrder",
  summary: "Refund part or all of a paid order",
  description:
    "Needs `orders.refund`. Idempotent by `refundId`. A refund the provider refuses comes back `failed` with its `failureCode` (insufficient merchant balance, expired certificate) and stays retryable.",
  tags,
  auth: "staff",
  capability: "orders.refund",
  params: orderIdPathParams,
  body: refundRequestSchema,
  responses: { 200: { description: "The order and the refund.", schema: refundOutcomeSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "SERVICE_UNAVAILABLE"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.orders.refund(tenant, params.orderId, body) };
  },
});

const retryRefund = defineRoute({
  method: "POST",
  path: "/v1/orders/{orderId}/refunds/{refundId}/retry",
  operationId: "retryOrderRefund",
  summary: "Retry a failed refund",
  description: "Needs `orders.refund`; performs it again with the same idempotency key.",
  tags,
  auth: "staff",
  capability: "orders.refund",
  params: refundIdPathParams,
  responses: { 200: { description: "The order and the refund.", schema: refundOutcomeSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "SERVICE_UNAVAILABLE"],
  async handler({ onecode, tenant, params }) {
    return {
      status: 200,
      body: await onecode.orders.retryRefund(tenant, params.orderId, params.refundId),
    };
  },
});

/** The staff order routes (`/v1/orders`). */
export const orderRoutes: readonly Route[] = [
  createOrder,
  listOrders,
  countOrders,
  exportOrders,
  orderStatistics,
  getOrder,
  payOrder,
  cancelOrder,
  changePrice,
  rejectCancellation,
  closeOrder,
  refundOrder,
  retryRefund,
];
