import type { Money } from "../kernel/money.js";

/** Why a payment operation failed, as surfaced to the brand. */
export type PaymentFailureCode =
  | "INSUFFICIENT_BALANCE"
  | "CERTIFICATE_EXPIRED"
  | "PAYER_DECLINED"
  | "PROVIDER_UNAVAILABLE";

/** State of a payment operation at the provider. */
export interface PaymentRecord {
  /** Provider's id for the operation. */
  readonly id: string;
  readonly kind: "charge" | "refund" | "transfer";
  readonly status: "succeeded" | "pending" | "failed";
  readonly amount: Money;
  readonly failureCode?: PaymentFailureCode;
  /** The idempotency key the operation was created with. */
  readonly idempotencyKey: string;
}

/** Common fields of every payment request. */
interface PaymentRequestBase {
  readonly tenantId: string;
  /** The provider performs each key at most once and returns the first record on repeats. */
  readonly idempotencyKey: string;
  readonly amount: Money;
}

/** Take money from a payer (an order payment). */
export interface ChargeRequest extends PaymentRequestBase {
  readonly payer: string;
  readonly description: string;
}

/** Return money of an earlier charge (in full or in part). */
export interface RefundRequest extends PaymentRequestBase {
  readonly chargeId: string;
  readonly reason: string;
}

/** Send money from the brand to a person (cash red packets, commissions). */
export interface TransferRequest extends PaymentRequestBase {
  readonly payee: string;
  readonly description: string;
}

/**
 * The payment port. Every call is idempotent by `idempotencyKey`, so core can
 * retry after a timeout without paying twice. Failures are returned as a
 * `failed` record with a {@link PaymentFailureCode}, not thrown; only
 * transport errors throw.
 */
export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<PaymentRecord>;
  refund(request: RefundRequest): Promise<PaymentRecord>;
  transfer(request: TransferRequest): Promise<PaymentRecord>;
  /** The provider's current record of an operation, or `null` when unknown. */
  query(tenantId: string, paymentId: string): Promise<PaymentRecord | null>;
}
