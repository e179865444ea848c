import {
  PAYMENT_FAILURE_CODES,
  PAYMENT_OPERATIONS,
  PAYMENT_STATUSES,
} from "@onecode/core/input-rules";
import { z } from "zod";
import { timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";
import { moneySchema } from "./print-order-schemas.js";

const subjectSchema = z
  .strictObject({
    type: z
      .string()
      .register(openApiRegistry, { description: "The kind of record, e.g. `order`." }),
    id: z.string(),
  })
  .register(openApiRegistry, {
    id: "PaymentSubject",
    description: "The record a payment is for: its outcome moves that record's state.",
  });

/** A payment operation as core recorded it (core's `StoredPayment`). */
export const paymentSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string().register(openApiRegistry, { description: "The payment provider's id." }),
    kind: z.enum(PAYMENT_OPERATIONS),
    status: z.enum(PAYMENT_STATUSES).register(openApiRegistry, {
      description: "`pending` until the provider's notification (or reconciliation) decides it.",
    }),
    amount: moneySchema,
    failureCode: z.enum(PAYMENT_FAILURE_CODES).nullable(),
    idempotencyKey: z.string(),
    relatedId: z.string().nullable().register(openApiRegistry, {
      description: "A refund's charge, a settle's or release's hold.",
    }),
    subject: subjectSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "Payment",
    description:
      "A charge, refund, transfer, freeze, settle or release performed through the payment port.",
  });

/** The payments of one subject, oldest first. */
export const paymentListSchema = z
  .strictObject({ items: z.array(paymentSchema) })
  .register(openApiRegistry, { id: "PaymentList" });

/** Query of `GET /v1/payments`. */
export const paymentListQuery = z.strictObject({
  subjectType: boundedText({ min: 1, max: 200, description: "The subject's kind, e.g. `order`." }),
  subjectId: boundedText({ min: 1, max: 200, description: "The subject's id." }),
});

/** Path parameters of `/v1/payments/{paymentId}`. */
export const paymentIdParams = z.strictObject({
  paymentId: boundedText({ min: 1, max: 200, description: "The payment provider's id." }),
});
