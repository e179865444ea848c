import { defineRoute, type Route } from "../define-route.js";
import {
  paymentIdParams,
  paymentListQuery,
  paymentListSchema,
  paymentSchema,
} from "../schemas/payment-schemas.js";

const tags = ["payments"];

const getPayment = defineRoute({
  method: "GET",
  path: "/v1/payments/{paymentId}",
  operationId: "getPayment",
  summary: "Read one payment operation",
  description:
    "Needs `payments.read`. A charge, refund, transfer, freeze, settle or release as core recorded it, with the provider's outcome.",
  tags,
  auth: "staff",
  capability: "payments.read",
  params: paymentIdParams,
  responses: { 200: { description: "The payment.", schema: paymentSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.payments.get(tenant, params.paymentId) };
  },
});

const listPayments = defineRoute({
  method: "GET",
  path: "/v1/payments",
  operationId: "listPayments",
  summary: "List the payments of one record",
  description:
    "Needs `payments.read`. Every payment operation of one subject (an order, a prize), oldest first.",
  tags,
  auth: "staff",
  capability: "payments.read",
  query: paymentListQuery,
  responses: { 200: { description: "The subject's payments.", schema: paymentListSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    const items = await onecode.payments.listForSubject(tenant, {
      type: query.subjectType,
      id: query.subjectId,
    });
    return { status: 200, body: { items } };
  },
});

/** Staff views of payments; notifications come through the host's webhook (`onecode.payments.recordNotification`). */
export const paymentRoutes: readonly Route[] = [listPayments, getPayment];
