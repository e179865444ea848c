import { money } from "../../kernel/money.js";
import type { Actor } from "../../kernel/permissions/actor.js";
import type { Order, OrderRefund } from "../order.js";
import type { OrderEvent } from "../order-change.js";

/** Event types of order refunds. */
export const REFUND_EVENT_TYPES = Object.freeze({
  requested: "order.refund_requested",
  succeeded: "order.refund_succeeded",
  failed: "order.refund_failed",
} as const);

/** What the order's own charge still has to give back: paid, minus refunds that succeeded or are under way. */
export function refundableLeft(order: Order): number {
  if (order.chargeId === null || order.paidAt === null) return 0;
  const taken = order.refunds
    .filter((refund) => refund.chargeId === order.chargeId && refund.status !== "failed")
    .reduce((sum, refund) => sum + refund.amount.amount, 0);
  return order.total.amount - taken;
}

/** The payload of every refund event. */
export function refundEventPayload(refund: OrderRefund): OrderEvent["payload"] {
  return {
    refundId: refund.id,
    amount: { amount: refund.amount.amount, currency: refund.amount.currency },
    afterSaleId: refund.afterSaleId,
    failureCode: refund.failureCode,
  };
}

/** A new refund in `requested`, as a mutation adds it to an order. */
export function newRefund(input: {
  readonly id: string;
  readonly chargeId: string;
  readonly amount: number;
  readonly currency: string;
  readonly reason: string;
  readonly afterSaleId: string | null;
  readonly actor: Actor;
  readonly at: string;
}): OrderRefund {
  return {
    id: input.id,
    amount: money(input.amount, input.currency),
    reason: input.reason,
    status: "requested",
    failureCode: null,
    chargeId: input.chargeId,
    paymentId: null,
    afterSaleId: input.afterSaleId,
    requestedBy: { kind: input.actor.kind, id: input.actor.id },
    requestedAt: input.at,
    attempts: 0,
    decidedAt: null,
  };
}

/** The order with `refund` appended, and its `order.refund_requested` event. */
export function withRefundRequested(
  order: Order,
  refund: OrderRefund,
): { readonly next: Order; readonly event: OrderEvent } {
  return {
    next: { ...order, refunds: [...order.refunds, refund] },
    event: { type: REFUND_EVENT_TYPES.requested, payload: refundEventPayload(refund) },
  };
}
