import type { PaymentRecord } from "../../ports/payment.js";
import type { TenantContext } from "../tenant.js";
import type { PaymentSubject, StoredPayment } from "./ports.js";

/** What {@link PaymentService.recordNotification} did. */
export interface PaymentNotificationOutcome {
  /** The payment as stored after the notification. */
  readonly payment: StoredPayment;
  /**
   * True when this notification decided a pending payment (and its
   * `payment.succeeded` / `payment.failed` event was recorded); false for a
   * repeat, a late notification of a payment decided before, or another
   * `pending`.
   */
  readonly applied: boolean;
}

/** Options of {@link PaymentService.reconcilePending}. */
export interface ReconcileOptions {
  /** Only payments pending at least this long are asked about. Default 5 minutes. */
  readonly pendingForMs?: number;
  /** Most payments asked about in one call. Default 100. */
  readonly limit?: number;
}

/** What {@link PaymentService.reconcilePending} did. */
export interface ReconcileResult {
  /** Payments asked about. */
  readonly checked: number;
  /** Of these, payments the provider had decided, now decided here too. */
  readonly decided: number;
  /** Payments the provider did not answer for (unreachable, or its query failed); asked again next time. */
  readonly unanswered: number;
}

/**
 * Payments (支付) as core records them: every charge, refund, transfer,
 * freeze, settle and release a module performs through the payment port,
 * and the provider's later word on pending ones.
 */
export interface PaymentService {
  /**
   * Records the provider's notification of an operation's outcome; the host
   * calls it from its payment webhook after verifying the provider's
   * signature. Idempotent: the first notification that decides a pending
   * payment applies, in the same transaction as its event; repeats and late
   * ones change nothing. Needs `payments.record` (admins and the system
   * actor hold it).
   *
   * @throws `VALIDATION_FAILED` for a malformed record, `NOT_FOUND` for a
   *   payment core never started, `PAYMENT_NOTIFICATION_MISMATCH` when kind,
   *   amount or currency differ from what core asked for.
   *
   * @example
   * ```ts
   * // In the host's webhook, after checking the provider's signature:
   * const { applied } = await onecode.payments.recordNotification(tenantContext("acme"), record);
   * ```
   */
  recordNotification(
    ctx: TenantContext,
    notification: PaymentRecord,
  ): Promise<PaymentNotificationOutcome>;
  /** One payment by its provider id; needs `payments.read`. @throws `NOT_FOUND`. */
  get(ctx: TenantContext, paymentId: string): Promise<StoredPayment>;
  /** The payments of one record (an order, a card), oldest first; needs `payments.read`. */
  listForSubject(ctx: TenantContext, subject: PaymentSubject): Promise<StoredPayment[]>;
  /**
   * Asks the provider about payments pending for long (a notification that
   * never came) and records the decided ones like notifications. For every
   * tenant at once: drive it from a scheduler.
   */
  reconcilePending(options?: ReconcileOptions): Promise<ReconcileResult>;
}
