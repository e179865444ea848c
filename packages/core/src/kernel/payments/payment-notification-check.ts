import type {
  PaymentFailureCode,
  PaymentOperation,
  PaymentRecord,
  PaymentStatus,
} from "../../ports/payment.js";
import { InputCheck } from "../input-check.js";

/** Every {@link PaymentStatus}. */
export const PAYMENT_STATUSES: readonly PaymentStatus[] = Object.freeze([
  "succeeded",
  "pending",
  "failed",
]);
/** Every {@link PaymentOperation}. */
export const PAYMENT_OPERATIONS: readonly PaymentOperation[] = Object.freeze([
  "charge",
  "refund",
  "transfer",
  "freeze",
  "settle",
  "release",
]);
/** Every {@link PaymentFailureCode}. */
export const PAYMENT_FAILURE_CODES: readonly PaymentFailureCode[] = Object.freeze([
  "INSUFFICIENT_BALANCE",
  "CERTIFICATE_EXPIRED",
  "PAYER_DECLINED",
  "PROVIDER_UNAVAILABLE",
  "AMOUNT_EXCEEDED",
  "UNKNOWN_ORIGIN",
]);
const ID_RULE = { min: 1, max: 200 } as const;

/**
 * Checks a payment notification as a host passes it from its webhook: a
 * provider record with a known kind and status, a failure code exactly when
 * it failed, and an amount of integer minor units. Every broken rule is
 * reported at once as `VALIDATION_FAILED`.
 */
export function checkPaymentNotification(notification: PaymentRecord): void {
  const check = new InputCheck();
  const input = (notification ?? {}) as Partial<Record<keyof PaymentRecord, unknown>>;
  check.text("id", input.id, ID_RULE);
  check.text("idempotencyKey", input.idempotencyKey, ID_RULE);
  check.oneOf("kind", input.kind, PAYMENT_OPERATIONS);
  const status = check.oneOf("status", input.status, PAYMENT_STATUSES);
  if (status === "failed" && input.status === "failed")
    check.oneOf("failureCode", input.failureCode, PAYMENT_FAILURE_CODES);
  else if (input.failureCode !== undefined) {
    check.fail("failureCode", "only_when_failed", "failureCode is set only when status is failed");
  }
  const amount = input.amount as { amount?: unknown; currency?: unknown } | undefined;
  if (!Number.isSafeInteger(amount?.amount) || (amount?.amount as number) < 0) {
    check.fail(
      "amount.amount",
      "minor_units",
      "amount.amount must be a non-negative integer of minor units",
    );
  }
  if (typeof amount?.currency !== "string" || !/^[A-Z]{3}$/.test(amount.currency)) {
    check.fail("amount.currency", "currency", "amount.currency must be three capital letters");
  }
  check.done();
}
