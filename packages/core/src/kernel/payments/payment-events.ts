import type { RecordEvents } from "../outbox/record-events.js";
import { SYSTEM_ACTOR } from "../tenant.js";
import type { PaymentDecisionHook } from "./payment-use-cases.js";
import type { StoredPayment } from "./ports.js";

/** Outbox event types of decided payments. */
export const PAYMENT_EVENT_TYPES = Object.freeze({
  succeeded: "payment.succeeded",
  failed: "payment.failed",
} as const);

/** The payload of a `payment.succeeded` / `payment.failed` event. */
export type PaymentEventPayload = {
  readonly paymentId: string;
  readonly kind: StoredPayment["kind"];
  readonly amount: { readonly amount: number; readonly currency: string };
  readonly failureCode: StoredPayment["failureCode"];
  readonly idempotencyKey: string;
  readonly relatedId: string | null;
};

/**
 * Records a decided payment as an outbox event on its subject (the order,
 * the prize), in the transaction that decided it: modules react to payments
 * with outbox handlers, in order with the subject's other events, and never
 * miss one a crash interrupted.
 */
export function paymentDecisionEvents(recordEvents: RecordEvents): PaymentDecisionHook {
  return async (tx, payment) => {
    if (payment.status === "pending") return;
    const payload: PaymentEventPayload = {
      paymentId: payment.id,
      kind: payment.kind,
      amount: { amount: payment.amount.amount, currency: payment.amount.currency },
      failureCode: payment.failureCode,
      idempotencyKey: payment.idempotencyKey,
      relatedId: payment.relatedId,
    };
    await recordEvents(tx, { tenantId: payment.tenantId, actor: SYSTEM_ACTOR }, [
      {
        type: PAYMENT_EVENT_TYPES[payment.status],
        aggregate: payment.subject,
        payload: { ...payload },
      },
    ]);
  };
}
