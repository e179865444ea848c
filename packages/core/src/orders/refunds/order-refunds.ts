import type { TenantContext } from "../../kernel/tenant.js";
import type { Order, OrderRefund } from "../order.js";

/** Input of {@link OrderRefunds.request}. */
export interface RefundRequestInput {
  /**
   * The refund's id and the payment port's idempotency key: asking again
   * with an id the order has returns that refund and pays nothing twice.
   * Defaults to a fresh `rfd_…` id.
   */
  readonly refundId?: string;
  /** Minor units, positive, at most what was paid minus what is refunded or being refunded. */
  readonly amount: number;
  /** Why (shown to the buyer and in the audit log), 1-200 characters. */
  readonly reason: string;
  /** The after-sales request the refund pays, if any. */
  readonly afterSaleId?: string | null;
}

/** An order and one of its refunds, as they stand after a call. */
export interface RefundOutcome {
  readonly order: Order;
  readonly refund: OrderRefund;
}

/**
 * Refunds of paid orders through the payment port. A refund is recorded on
 * the order (with an `order.refund_requested` event) before the port is
 * called, so it is never lost: the outbox performs it when the immediate
 * call fails in transit. Its outcome moves it to `succeeded` (event
 * `order.refund_succeeded`) or `failed` with the provider's reason (event
 * `order.refund_failed`), which staff may {@link OrderRefunds.retry}.
 * Event payloads carry `{ refundId, amount, afterSaleId, failureCode }`.
 */
export interface OrderRefunds {
  /**
   * Records and performs a refund. Staff need `orders.refund` on the order;
   * the system actor may too. Idempotent by `refundId`.
   *
   * @throws `INVALID_STATE_TRANSITION` (unpaid order), `VALIDATION_FAILED`
   *   (amount over what is left, reason), `NOT_FOUND`, `FORBIDDEN`.
   */
  request(ctx: TenantContext, orderId: string, input: RefundRequestInput): Promise<RefundOutcome>;
  /**
   * Performs a `failed` (or stuck `requested`) refund again with the same
   * idempotency key, after its cause was fixed (balance topped up,
   * certificate renewed). Needs `orders.refund`.
   *
   * @throws `INVALID_STATE_TRANSITION` when the refund succeeded or is pending.
   */
  retry(ctx: TenantContext, orderId: string, refundId: string): Promise<RefundOutcome>;
}
