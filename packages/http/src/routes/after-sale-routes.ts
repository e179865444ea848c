import type {
  AfterSaleKind,
  AfterSaleListFilter,
  AfterSaleState,
  PageRequest,
} from "@onecode/core";
import {
  checkAfterSaleApplication,
  checkAfterSaleApproval,
  checkAfterSaleParcel,
  checkAfterSaleRejection,
} from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  afterSaleApplicationSchema,
  afterSaleApprovalSchema,
  afterSaleDetailsSchema,
  afterSaleIdParams,
  afterSaleListQuery,
  afterSaleOrderIdParams,
  afterSalePageSchema,
  afterSaleParcelInputSchema,
  afterSaleRejectionSchema,
  afterSaleSchema,
  myAfterSaleListQuery,
} from "../schemas/after-sale-schemas.js";

const tags = ["after-sales"];
const moved = { 200: { description: "The request after the move.", schema: afterSaleSchema } };
const MOVE_ERRORS = ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "BUSY"] as const;

type ListQuery = {
  readonly orderId?: string;
  readonly customerId?: string;
  readonly kind?: AfterSaleKind;
  readonly state?: AfterSaleState;
  readonly createdFrom?: string;
  readonly createdTo?: string;
  readonly limit?: number;
  readonly cursor?: string;
};

/** The query's single `kind` and `state` as core's lists, and its page. */
function listArguments(query: ListQuery): [AfterSaleListFilter, PageRequest] {
  const { kind, state, limit, cursor, ...rest } = query;
  return [
    { ...rest, ...(kind && { kinds: [kind] }), ...(state && { states: [state] }) },
    { ...(limit !== undefined && { limit }), ...(cursor !== undefined && { cursor }) },
  ];
}

const listAfterSales = defineRoute({
  method: "GET",
  path: "/v1/after-sales",
  operationId: "listAfterSales",
  summary: "List after-sales requests, newest first",
  description: "Needs `orders.read`; scoped grants see the requests of orders they reach.",
  tags,
  auth: "staff",
  capability: "orders.read",
  query: afterSaleListQuery,
  responses: { 200: { description: "One page of requests.", schema: afterSalePageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.afterSales.list(tenant, ...listArguments(query)) };
  },
});

const getAfterSale = defineRoute({
  method: "GET",
  path: "/v1/after-sales/{afterSaleId}",
  operationId: "getAfterSale",
  summary: "Get an after-sales request with its refund",
  description: "Needs `orders.read` on the order.",
  tags,
  auth: "staff",
  capability: "orders.read",
  params: afterSaleIdParams,
  responses: { 200: { description: "The request.", schema: afterSaleDetailsSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.afterSales.get(tenant, params.afterSaleId) };
  },
});

const approveAfterSale = defineRoute({
  method: "POST",
  path: "/v1/after-sales/{afterSaleId}/approve",
  operationId: "approveAfterSale",
  summary: "Approve an after-sales request (同意)",
  description:
    "Needs `orders.refund`. `applied → approved` with the return address the return kinds need; refund only goes on to `refunding` and its refund follows.",
  tags,
  auth: "staff",
  capability: "orders.refund",
  params: afterSaleIdParams,
  body: afterSaleApprovalSchema,
  coreCheck: checkAfterSaleApproval,
  responses: moved,
  errors: MOVE_ERRORS,
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.afterSales.approve(tenant, params.afterSaleId, body),
    };
  },
});

const rejectAfterSale = defineRoute({
  method: "POST",
  path: "/v1/after-sales/{afterSaleId}/reject",
  operationId: "rejectAfterSale",
  summary: "Reject an after-sales request (驳回)",
  description: "Needs `orders.refund`. `applied → rejected`, with the reason shown to the buyer.",
  tags,
  auth: "staff",
  capability: "orders.refund",
  params: afterSaleIdParams,
  body: afterSaleRejectionSchema,
  coreCheck: checkAfterSaleRejection,
  responses: moved,
  errors: MOVE_ERRORS,
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.afterSales.reject(tenant, params.afterSaleId, body) };
  },
});

const confirmAfterSaleReturn = defineRoute({
  method: "POST",
  path: "/v1/after-sales/{afterSaleId}/confirm-return",
  operationId: "confirmAfterSaleReturn",
  summary: "Confirm the returned goods arrived",
  description:
    "Needs `orders.refund`. `returning → received`; a return and refund goes on to `refunding` and its refund follows.",
  tags,
  auth: "staff",
  capability: "orders.refund",
  params: afterSaleIdParams,
  responses: moved,
  errors: MOVE_ERRORS,
  async handler({ onecode, tenant, params }) {
    return {
      status: 200,
      body: await onecode.afterSales.confirmReturn(tenant, params.afterSaleId),
    };
  },
});

const reshipAfterSale = defineRoute({
  method: "POST",
  path: "/v1/after-sales/{afterSaleId}/reship",
  operationId: "reshipAfterSale",
  summary: "Send the replacement of an exchange",
  description: "Needs `orders.ship`. `received → reshipped`, with the courier and tracking number.",
  tags,
  auth: "staff",
  capability: "orders.ship",
  params: afterSaleIdParams,
  body: afterSaleParcelInputSchema,
  coreCheck: checkAfterSaleParcel,
  responses: moved,
  errors: MOVE_ERRORS,
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.afterSales.reship(tenant, params.afterSaleId, body) };
  },
});

const applyForAfterSale = defineRoute({
  method: "POST",
  path: "/v1/my/orders/{orderId}/after-sales",
  operationId: "applyForAfterSale",
  summary: "Apply for after-sales on one of my orders (申请售后)",
  description:
    "The buyer of the order. Each line is in at most one open request; `refundAmount` is at most what the order has left to refund; the return kinds need the order shipped or completed.",
  tags,
  auth: "consumer",
  params: afterSaleOrderIdParams,
  body: afterSaleApplicationSchema,
  coreCheck: checkAfterSaleApplication,
  responses: {
    201: {
      description: "The new request.",
      schema: afterSaleSchema,
      headers: { Location: "Path of the new request." },
    },
  },
  errors: ["NOT_FOUND", "INVALID_STATE_TRANSITION", "BUSY"],
  async handler({ onecode, tenant, params, body, basePath }) {
    const created = await onecode.afterSales.apply(tenant, params.orderId, body);
    const location = `${basePath}/v1/my/after-sales/${encodeURIComponent(created.id)}`;
    return { status: 201, body: created, headers: { location } };
  },
});

const listMyAfterSales = defineRoute({
  method: "GET",
  path: "/v1/my/after-sales",
  operationId: "listMyAfterSales",
  summary: "List my after-sales requests, newest first",
  tags,
  auth: "consumer",
  query: myAfterSaleListQuery,
  responses: { 200: { description: "One page of requests.", schema: afterSalePageSchema } },
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.afterSales.list(tenant, ...listArguments(query)) };
  },
});

const getMyAfterSale = defineRoute({
  method: "GET",
  path: "/v1/my/after-sales/{afterSaleId}",
  operationId: "getMyAfterSale",
  summary: "Get one of my after-sales requests with its refund (售后进度)",
  tags,
  auth: "consumer",
  params: afterSaleIdParams,
  responses: { 200: { description: "The request.", schema: afterSaleDetailsSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.afterSales.get(tenant, params.afterSaleId) };
  },
});

const withdrawAfterSale = defineRoute({
  method: "POST",
  path: "/v1/my/after-sales/{afterSaleId}/withdraw",
  operationId: "withdrawAfterSale",
  summary: "Withdraw my after-sales request",
  description: "From `applied` or `approved`, before the goods are on their way back.",
  tags,
  auth: "consumer",
  params: afterSaleIdParams,
  responses: moved,
  errors: ["NOT_FOUND", "INVALID_STATE_TRANSITION", "BUSY"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.afterSales.withdraw(tenant, params.afterSaleId) };
  },
});

const shipBackAfterSale = defineRoute({
  method: "POST",
  path: "/v1/my/after-sales/{afterSaleId}/ship-back",
  operationId: "shipBackAfterSale",
  summary: "Enter the return parcel's courier and tracking number",
  description: "`approved → returning`, for `return_and_refund` and `exchange`.",
  tags,
  auth: "consumer",
  params: afterSaleIdParams,
  body: afterSaleParcelInputSchema,
  coreCheck: checkAfterSaleParcel,
  responses: moved,
  errors: ["NOT_FOUND", "INVALID_STATE_TRANSITION", "BUSY"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.afterSales.shipBack(tenant, params.afterSaleId, body),
    };
  },
});

/** The after-sales routes: staff (`/v1/after-sales`) and the buyer's own (`/v1/my/...`). */
export const afterSaleRoutes: readonly Route[] = [
  listAfterSales,
  getAfterSale,
  approveAfterSale,
  rejectAfterSale,
  confirmAfterSaleReturn,
  reshipAfterSale,
  applyForAfterSale,
  listMyAfterSales,
  getMyAfterSale,
  withdrawAfterSale,
  shipBackAfterSale,
];
