import { checkNewOrder } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  myOrderListQuery,
  newOrderSchema,
  orderIdPathParams,
  orderPageSchema,
  orderSchema,
  payOrderOutcomeSchema,
  payOrderSchema,
  reasonSchema,
} from "../schemas/order-schemas.js";

const tags = ["my-orders"];

const placeMyOrder = defineRoute({
  method: "POST",
  path: "/v1/my/orders",
  operationId: "placeMyOrder",
  summary: "Place an order as the signed-in buyer",
  description:
    "The consumer's own order. Stock of `reserve_on_create` products is reserved at once; the order closes if unpaid after the tenant's timeout (default 30 minutes).",
  tags,
  auth: "consumer",
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
    const location = `${basePath}/v1/my/orders/${encodeURIComponent(order.id)}`;
    return { status: 201, body: order, headers: { location } };
  },
});

const listMyOrders = defineRoute({
  method: "GET",
  path: "/v1/my/orders",
  operationId: "listMyOrders",
  summary: "The buyer's own orders, newest first",
  tags,
  auth: "consumer",
  query: myOrderListQuery,
  responses: { 200: { description: "One page of the buyer's orders.", schema: orderPageSchema } },
  errors: [],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.orders.list(tenant, query) };
  },
});

const getMyOrder = defineRoute({
  method: "GET",
  path: "/v1/my/orders/{orderId}",
  operationId: "getMyOrder",
  summary: "One of the buyer's own orders",
  description: "Another buyer's order answers `NOT_FOUND`.",
  tags,
  auth: "consumer",
  params: orderIdPathParams,
  responses: { 200: { description: "The order.", schema: orderSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.orders.get(tenant, params.orderId) };
  },
});

const payMyOrder = defineRoute({
  method: "POST",
  path: "/v1/my/orders/{orderId}/payments",
  operationId: "payMyOrder",
  summary: "Pay the buyer's own order",
  description:
    "Charges the total through the payment port. `succeeded`: the order is paid (`to_ship`); `pending`: the provider's notification decides later; `failed`: retry (same key at one price).",
  tags,
  auth: "consumer",
  params: orderIdPathParams,
  body: payOrderSchema,
  responses: { 200: { description: "The order and the charge.", schema: payOrderOutcomeSchema } },
  errors: ["NOT_FOUND", "INVALID_STATE_TRANSITION", "SERVICE_UNAVAILABLE"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.orders.pay(tenant, params.orderId, body) };
  },
});

const cancelMyOrder = defineRoute({
  method: "POST",
  path: "/v1/my/orders/{orderId}/cancel",
  operationId: "cancelMyOrder",
  summary: "Cancel the buyer's own unpaid order",
  tags,
  auth: "consumer",
  params: orderIdPathParams,
  responses: { 200: { description: "The closed order.", schema: orderSchema } },
  errors: ["NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.orders.cancel(tenant, params.orderId) };
  },
});

const requestCancellation = defineRoute({
  method: "POST",
  path: "/v1/my/orders/{orderId}/cancellation-request",
  operationId: "requestMyOrderCancellation",
  summary: "Ask to cancel a paid order (退单申请)",
  description: "Staff then accept it (closing the order with a refund) or reject it.",
  tags,
  auth: "consumer",
  params: orderIdPathParams,
  body: reasonSchema,
  responses: { 200: { description: "The order with its request.", schema: orderSchema } },
  errors: ["NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.orders.requestCancellation(tenant, params.orderId, body),
    };
  },
});

/** The buyer's own order routes (`/v1/my/orders`), for consumer actors. */
export const myOrderRoutes: readonly Route[] = [
  placeMyOrder,
  listMyOrders,
  getMyOrder,
  payMyOrder,
  cancelMyOrder,
  requestCancellation,
];
