import { systemContext } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { OneCodeError } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { allocateMoney, money } from "../../kernel/money.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { CLOSE_UNPAID_TIMER } from "../checkout/create-order.js";
import type { Order, OrderAdjustment, OrderCloseReason } from "../order.js";
import { type OrderChange, type OrderEvent, orderAccessTarget } from "../order-change.js";
import { assertOrderAllows } from "../order-states.js";
import { releaseOrderStock } from "../order-stock.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import { newRefund, refundableLeft, withRefundRequested } from "../refunds/refund-steps.js";

/** Input of `orders.changePrice` (改价): the new amounts in minor units. */
export interface ChangePriceInput {
  /** What the buyer pays for the goods, from 1; the difference is shared across the lines. */
  readonly goodsAmount: number;
  /** New shipping, from 0; unchanged when left out. */
  readonly shipping?: number;
  /** Why, for the audit log (optional, at most 200 characters). */
  readonly reason?: string;
}

/** Input of `orders.close` for a paid order (商家退单). */
export interface ClosePaidInput {
  /** Refund what the buyer paid and has not been refunded (退单且退款), or close without refunding. */
  readonly refund: boolean;
  /** 1-200 characters, shown to the buyer. */
  readonly reason: string;
}

const REASON = { max: 200 };

function checkChangePrice(input: ChangePriceInput) {
  const check = new InputCheck();
  const raw = (input ?? {}) as unknown as Record<string, unknown>;
  const whole = (field: string, value: unknown, min: number) => {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
      check.fail(
        field,
        "integer_min",
        `${field} must be a whole number of minor units from ${min}`,
      );
    }
  };
  whole("goodsAmount", raw.goodsAmount, 1);
  if (raw.shipping !== undefined) whole("shipping", raw.shipping, 0);
  const reason = check.optionalText("reason", raw.reason, REASON);
  check.done();
  return {
    goodsAmount: raw.goodsAmount as number,
    shipping: raw.shipping as number | undefined,
    reason,
  };
}

/** Closing and repricing orders: cancel and timeout while unpaid, price changes, cancellation requests. */
export function orderLifecycle(runtime: OrdersRuntime) {
  const { ports, changeOrder } = runtime;

  /** The change that closes an unpaid order, giving its stock back. */
  const closeUnpaid = async (
    order: Order,
    tx: Parameters<Parameters<typeof changeOrder>[2]>[1],
    reason: OrderCloseReason,
  ): Promise<OrderChange> => {
    assertOrderAllows(order, "close_unpaid");
    const now = isoNow(ports.clock);
    const stock = await releaseOrderStock(tx, order, now);
    // The timeout's own run must not cancel its timer (the runner would drop its completion).
    if (reason !== "payment_timeout") {
      await runtime.timers.cancel(systemContext(order.tenantId), CLOSE_UNPAID_TIMER, order.id, {
        tx,
      });
    }
    return {
      next: { ...order, state: "closed", closeReason: reason, closedAt: now, stock },
      action: "orders.order.closed",
      changes: { state: { before: "unpaid", after: "closed" }, closeReason: { after: reason } },
      events: [{ type: "order.closed", payload: { orderId: order.id, reason } }],
    };
  };

  runtime.timers.register(CLOSE_UNPAID_TIMER, async (timer, ctx) => {
    await changeOrder(ctx, timer.key, (order, tx) =>
      // Paid or closed meanwhile: the timer has nothing left to do.
      order.state === "unpaid" ? closeUnpaid(order, tx, "payment_timeout") : null,
    );
  });

  return {
    /** Cancels an unpaid order: the buyer their own, staff with `orders.cancel`. */
    async cancel(ctx: TenantContext, orderId: string): Promise<Order> {
      const { order } = await changeOrder(ctx, orderId, (order, tx) => {
        if (ctx.actor.kind !== "consumer") {
          requireCapability(ctx, "orders.cancel", orderAccessTarget(order));
        }
        return closeUnpaid(
          order,
          tx,
          ctx.actor.kind === "consumer" ? "buyer_cancelled" : "merchant_cancelled",
        );
      });
      return order;
    },

    /**
     * Changes the price of an unpaid order (`orders.change_price`): the new
     * goods amount is shared across the lines in proportion to their amounts
     * (a `price_change` adjustment), so the lines still add up exactly. A
     * charge begun at the old price is refunded if it ever succeeds.
     */
    async changePrice(
      ctx: TenantContext,
      orderId: string,
      input: ChangePriceInput,
    ): Promise<Order> {
      const checked = checkChangePrice(input);
      const { order } = await changeOrder(ctx, orderId, (order) => {
        requireCapability(ctx, "orders.change_price", orderAccessTarget(order));
        assertOrderAllows(order, "change_price");
        const { currency } = order.total;
        const linesTotal = order.lines.reduce((sum, line) => sum + line.amount.amount, 0);
        const difference = checked.goodsAmount - linesTotal;
        const shares = allocateMoney(
          money(difference, currency),
          order.lines.map((line) => line.amount.amount),
        );
        const label = checked.reason || "Price change";
        const adjustment = (amount: number): OrderAdjustment => ({
          source: { kind: "price_change", id: null },
          label,
          amount: money(amount, currency),
        });
        const lines = order.lines.map((line, index) => {
          const share = shares[index]?.amount ?? 0;
          return share === 0
            ? line
            : {
                ...line,
                adjustments: [...line.adjustments, adjustment(share)],
                amount: money(line.amount.amount + share, currency),
              };
        });
        if (lines.some((line) => line.amount.amount < 0)) {
          throw new OneCodeError("VALIDATION_FAILED", "goodsAmount would take a line below zero", {
            issues: [{ field: "goodsAmount", rule: "min", message: "goodsAmount is too small" }],
          });
        }
        const shipping = money(checked.shipping ?? order.shipping.amount, currency);
        const total = money(checked.goodsAmount + shipping.amount, currency);
        return {
          next: {
            ...order,
            lines,
            adjustments:
              difference === 0 ? order.adjustments : [...order.adjustments, adjustment(difference)],
            shipping,
            total,
            priceVersion: order.priceVersion + 1,
          },
          action: "orders.order.price_changed",
          changes: {
            total: { before: order.total.amount, after: total.amount },
            shipping: { before: order.shipping.amount, after: shipping.amount },
            ...(checked.reason && { reason: { after: checked.reason } }),
          },
          events: [
            {
              type: "order.price_changed",
              payload: { orderId, total: { ...total }, previousTotal: { ...order.total } },
            },
          ],
        };
      });
      return order;
    },

    /** The buyer asks to cancel their paid order (退单申请); staff then accept or reject it. */
    async requestCancellation(ctx: TenantContext, orderId: string, reason: string): Promise<Order> {
      const check = new InputCheck();
      const why = check.text("reason", reason, REASON);
      check.done();
      const { order } = await changeOrder(ctx, orderId, (order) => {
        if (ctx.actor.kind !== "consumer") {
          throw new OneCodeError("FORBIDDEN", "only the buyer asks to cancel a paid order", {
            actor: ctx.actor.id,
            capability: "orders.cancel",
          });
        }
        assertOrderAllows(order, "request_cancellation");
        if (order.cancellationRequest !== null) return null;
        return {
          next: {
            ...order,
            cancellationRequest: { reason: why, requestedAt: isoNow(ports.clock) },
          },
          action: "orders.order.cancellation_requested",
          changes: { cancellationRequest: { after: why } },
          events: [{ type: "order.cancellation_requested", payload: { orderId, reason: why } }],
        };
      });
      return order;
    },

    /** Staff reject the buyer's cancellation request (`orders.cancel`); the order goes on. */
    async rejectCancellation(ctx: TenantContext, orderId: string, reason: string): Promise<Order> {
      const check = new InputCheck();
      const why = check.text("reason", reason, REASON);
      check.done();
      const { order } = await changeOrder(ctx, orderId, (order) => {
        requireCapability(ctx, "orders.cancel", orderAccessTarget(order));
        assertOrderAllows(order, "decide_cancellation");
        if (order.cancellationRequest === null) {
          throw new OneCodeError(
            "INVALID_STATE_TRANSITION",
            `order ${orderId} has no open cancellation request`,
            {
              id: orderId,
              from: order.state,
              to: "reject_cancellation",
              required: "a cancellation request",
            },
          );
        }
        return {
          next: { ...order, cancellationRequest: null },
          action: "orders.order.cancellation_rejected",
          changes: {
            cancellationRequest: { before: order.cancellationRequest.reason, after: null },
            reason: { after: why },
          },
          events: [{ type: "order.cancellation_rejected", payload: { orderId, reason: why } }],
        };
      });
      return order;
    },

    /**
     * Closes a paid order (商家退单, or accepting the buyer's request):
     * `orders.cancel`, plus `orders.refund` to refund. Unshipped goods go
     * back to stock; the refund is recorded with the close and performed
     * through the payment port right after.
     */
    async closePaid(ctx: TenantContext, orderId: string, input: ClosePaidInput) {
      const check = new InputCheck();
      const raw = (input ?? {}) as unknown as Record<string, unknown>;
      if (typeof raw.refund !== "boolean")
        check.fail("refund", "boolean", "refund must be true or false");
      const reason = check.text("reason", raw.reason, REASON);
      check.done();
      let refundId: string | null = null;
      const { order } = await changeOrder(ctx, orderId, async (order, tx) => {
        requireCapability(ctx, "orders.cancel", orderAccessTarget(order));
        if (input.refund) requireCapability(ctx, "orders.refund", orderAccessTarget(order));
        assertOrderAllows(order, "close_paid");
        const now = isoNow(ports.clock);
        const stock =
          order.state === "to_ship" ? await releaseOrderStock(tx, order, now) : order.stock;
        let next: Order = {
          ...order,
          state: "closed",
          closeReason: "merchant_cancelled",
          closedAt: now,
          cancellationRequest: null,
          stock,
        };
        const events: OrderEvent[] = [
          { type: "order.closed", payload: { orderId, reason: "merchant_cancelled" } },
        ];
        const left = refundableLeft(order);
        if (input.refund && left > 0 && order.chargeId !== null) {
          const refund = newRefund({
            id: ports.ids.newId("rfd"),
            chargeId: order.chargeId,
            amount: left,
            currency: order.total.currency,
            reason,
            afterSaleId: null,
            actor: ctx.actor,
            at: now,
          });
          refundId = refund.id;
          const requested = withRefundRequested(next, refund);
          next = requested.next;
          events.push(requested.event);
        }
        return {
          next,
          action: "orders.order.closed",
          changes: {
            state: { before: order.state, after: "closed" },
            closeReason: { after: "merchant_cancelled" },
            reason: { after: reason },
            refunded: { after: refundId !== null },
          },
          events,
        };
      });
      return { order, refundId };
    },
  };
}
