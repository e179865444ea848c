import type { Money } from "../kernel/money.js";

/** Why a payment operation failed, as surfaced to the brand. */
export type PaymentFailureCode =
  /** The brand's merchant account cannot cover a refund, transfer or freeze. */
  | "INSUFFICIENT_BALANCE"
  /** The brand's API certificate at the provider has expired (transfers and refunds need it). */
  | "CERTIFICATE_EXPIRED"
  /** The payer refused or could not pay. */
  | "PAYER_DECLINED"
  /** The provider refused the operation as unavailable; retrying later may succeed. */
  | "PROVIDER_UNAVAILABLE"
  /** A refund, settle or release asked for more than its charge or hold has left. */
  | "AMOUNT_EXCEEDED"
  /** The refund's charge, or the settle's or release's hold, is unknown or did not succeed. */
  | "UNKNOWN_ORIGIN";

/** What a payment operation does. */
export type PaymentOperation = "charge" | "refund" | "transfer" | "freeze" | "settle" | "release";

/**
 * State of an operation at the provider. `pending` operations end later in
 * `succeeded` or `failed`; the provider tells the host's webhook, and the
 * host passes the news on with `onecode.payments.recordNotification` (or
 * core learns it by {@link PaymentGateway.query}).
 */
export type PaymentStatus = "succeeded" | "pending" | "failed";

/** State of a payment operation at the provider. */
export interface PaymentRecord {
  /** Provider's id for the operation. */
  readonly id: string;
  readonly kind: PaymentOperation;
  readonly status: PaymentStatus;
  readonly amount: Money;
  /** Set when `status` is `failed`. */
  readonly failureCode?: PaymentFailureCode;
  /** The idempotency key the operation was created with. */
  readonly idempotencyKey: string;
  /** The operation this one acts on: a refund's charge, a settle's or release's hold. */
  readonly relatedId?: string;
}

/** Common fields of every payment request. */
interface PaymentRequestBase {
  readonly tenantId: string;
  /**
   * The provider performs each key at most once and returns the first
   * record on repeats, so core retries a timed-out call with the same key
   * without paying twice. A `failed` record does not use the key up: a retry
   * after the cause is fixed may succeed.
   */
  readonly idempotencyKey: string;
  /** A positive amount. */
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

/** Send money from the brand to a person (commissions, withdrawals). */
export interface TransferRequest extends PaymentRequestBase {
  readonly payee: string;
  readonly description: string;
}

/**
 * Set aside brand funds for later payouts (prize funds of a campaign, frozen
 * at purchase). The funds stay the brand's but cannot be spent elsewhere.
 */
export interface FreezeRequest extends PaymentRequestBase {
  readonly description: string;
}

/** Pay part of a hold to a person (a claimed cash red packet). */
export interface SettleRequest extends PaymentRequestBase {
  readonly holdId: string;
  readonly payee: string;
  readonly description: string;
}

/** Return part or all of what a hold has left to the brand's free balance (an unclaimed prize). */
export interface ReleaseRequest extends PaymentRequestBase {
  readonly holdId: string;
  readonly reason: string;
}

/** A hold's running totals, see {@link PaymentGateway.hold}. */
export interface FundsHold {
  readonly id: string;
  /** What the freeze set aside. */
  readonly frozen: Money;
  /** Paid out by succeeded settles. */
  readonly settled: Money;
  /** Returned by succeeded releases. */
  readonly released: Money;
  /** `frozen - settled - released - pending settles and releases`: what can still be asked for. */
  readonly available: Money;
}

/**
 * The payment port (WeChat Pay, Alipay, a bank, ...), implemented by the
 * host. Every call is idempotent by `idempotencyKey`. Business failures are
 * returned as a `failed` record with a {@link PaymentFailureCode}, not
 * thrown; only transport errors throw (a timeout, a lost connection), and
 * then core does not know whether the operation happened: it retries with
 * the same key, or asks {@link PaymentGateway.query}.
 *
 * Any operation may answer `pending` when the provider decides later; its
 * outcome then arrives as a notification. `runPaymentGatewaySuite` from
 * `@onecode/core/testing` checks an implementation against these rules.
 */
export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<PaymentRecord>;
  /** Refunds never exceed what the charge took minus earlier refunds (`AMOUNT_EXCEEDED`). */
  refund(request: RefundRequest): Promise<PaymentRecord>;
  transfer(request: TransferRequest): Promise<PaymentRecord>;
  /** Freezes brand funds; the record's id names the hold. */
  freeze(request: FreezeRequest): Promise<PaymentRecord>;
  /** Pays from a hold; `AMOUNT_EXCEEDED` when the hold has less available. */
  settle(request: SettleRequest): Promise<PaymentRecord>;
  /** Returns hold funds to the brand; `AMOUNT_EXCEEDED` when the hold has less available. */
  release(request: ReleaseRequest): Promise<PaymentRecord>;
  /** The provider's current record of an operation, or `null` when unknown. */
  query(tenantId: string, paymentId: string): Promise<PaymentRecord | null>;
  /** A hold's totals, or `null` when `holdId` names no succeeded freeze of the tenant. */
  hold(tenantId: string, holdId: string): Promise<FundsHold | null>;
}
