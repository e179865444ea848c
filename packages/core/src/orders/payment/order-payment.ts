import { stockChangesOfTakes, stockLowRecorder } from "../../catalog/skus/stock-low.js";
import { systemContext } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { notFound } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { money } from "../../kernel/money.js";
import type { PaymentEventPayload } from "../../kernel/payments/payment-events.js";
import type { StoredPayment } from "../../kernel/payments/ports.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { CLOSE_UNPAID_TIMER, stockExhausted } from "../checkout/create-order.js";
import type { Order } from "../order.js";
import { type OrderChange, orderAccessTarget, visibleTo } from "../order-change.js";
import { assertOrderAllows } from "../order-states.js";
import { payTimeLines, releaseOrderStock, reservationIdsOf } from "../order-stock.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import { newRefund, withRefundRequested } from "../refunds/refund-steps.js";

/** Input of `orders.pay`. */
export interface PayOrderInput {
  /** The payer as the payment provider knows them (an openid, an account); defaults to the buyer's id. */
  readonly payer?: string;
}

/** What `orders.pay` did: the order as it stands and the charge (`null` for an order that costs nothing). */
export interface PayOrderOutcome {
  readonly order: Order;
  /** `succeeded` (the order is paid), `pending` (a notification decides later) or `failed` (`failureCode`). */
  readonly payment: StoredPayment | null;
}

/** A charge as the order applies it. */
interface ChargeAnswer {
  readonly id: string;
  readonly amount: number;
}

const PAYER = { max: 100 };

/** Payment of orders: the charge through the payment port, and applying its outcome exactly once. */
export function orderPayments(runtime: OrdersRuntime) {
  const { ports, changeOrder } = runtime;
  const recordStockLow = stockLowRecorder(runtime.recordEvents);

  /**
   * Applies a succeeded charge to the order, once. An unpaid order at the
   * charged price becomes `to_ship` (taking its `reserve_on_pay` stock, or
   * closing and refunding when that stock is gone). A charge the order
   * cannot keep (the order closed, was paid already, or its price changed
   * since) is refunded whole, automatically and visibly.
   */
  const applyCharge = (tenantId: string, orderId: string, charge: ChargeAnswer) =>
    changeOrder(
      systemContext(tenantId),
      orderId,
      async (order, tx): Promise<OrderChange | null> => {
        if (order.chargeId === charge.id) return null;
        if (order.refunds.some((refund) => refund.chargeId === charge.id)) return null;
        const now = isoNow(ports.clock);
        const refundCharge = (next: Order, reason: string) => {
          const refund = newRefund({
            id: ports.ids.newId("rfd"),
            chargeId: charge.id,
            amount: charge.amount,
            currency: order.total.currency,
            reason,
            afterSaleId: null,
            actor: systemContext(tenantId).actor,
            at: now,
          });
          return withRefundRequested(next, refund);
        };
        if (order.state !== "unpaid" || charge.amount !== order.total.amount) {
          const why =
            order.state === "closed"
              ? "paid after the order was closed"
              : order.state === "unpaid"
                ? "paid at a price the order no longer has"
                : "paid twice";
          if (charge.amount === 0) return null;
          const { next, event } = refundCharge(order, why);
          return {
            next,
            action: "orders.order.charge_refunded_automatically",
            changes: { chargeId: { after: charge.id }, reason: { after: why } },
            events: [
              {
                type: "order.charge_refunded_automatically",
                payload: { chargeId: charge.id, reason: why },
              },
              event,
            ],
          };
        }
        const paid: Order = { ...order, state: "to_ship", chargeId: charge.id, paidAt: now };
        await runtime.timers.cancel(systemContext(tenantId), CLOSE_UNPAID_TIMER, order.id, { tx });
        const lines = payTimeLines(order);
        if (lines.length > 0) {
          const reserved = await tx.skus.reserve(
            tenantId,
            reservationIdsOf(order.id)[1],
            lines,
            now,
          );
          if (reserved.outcome === "insufficient" || reserved.outcome === "sku_not_found") {
            const short =
              reserved.outcome === "insufficient"
                ? stockExhausted(
                    reserved.skuId,
                    lines.find((line) => line.skuId === reserved.skuId)?.quantity ?? 0,
                    reserved.stock,
                  ).message
                : `SKU ${reserved.skuId} no longer exists`;
            const closed: Order = {
              ...paid,
              state: "closed",
              closeReason: "stock_exhausted",
              closedAt: now,
              stock: await releaseOrderStock(tx, order, now),
            };
            const { next, event } = refundCharge(closed, `stock ran out before payment: ${short}`);
            return {
              next,
              action: "orders.order.closed",
              changes: {
                state: { before: "unpaid", after: "closed" },
                closeReason: { after: "stock_exhausted" },
              },
              events: [
                { type: "order.closed", payload: { orderId, reason: "stock_exhausted" } },
                event,
              ],
            };
          }
          if (reserved.outcome === "reserved") {
            const changes = stockChangesOfTakes(lines, reserved.stocks);
            await recordStockLow(tx, systemContext(tenantId), changes);
          }
        }
        return {
          next: {
            ...paid,
            stock: lines.length > 0 || order.stock === "held" ? "held" : order.stock,
          },
          action: "orders.order.paid",
          changes: {
            state: { before: "unpaid", after: "to_ship" },
            chargeId: { after: charge.id },
            amount: { after: charge.amount },
          },
          events: [
            {
              type: "order.paid",
              payload: {
                orderId,
                number: order.number,
                chargeId: charge.id,
                amount: { ...order.total },
              },
            },
          ],
        };
      },
    );

  runtime.outbox.on("payment.succeeded", "orders.apply-charge", async (event) => {
    const payload = event.payload as unknown as PaymentEventPayload;
    if (event.aggregate.type !== "order" || payload.kind !== "charge") return;
    await applyCharge(event.tenantId, event.aggregate.id, {
      id: payload.paymentId,
      amount: payload.amount.amount,
    });
  });

  return {
    applyCharge,

    /**
     * Charges the order's total through the payment port (the buyer for
     * their own order, staff with `payments.record` at a counter).
     */
    async pay(
      ctx: TenantContext,
      orderId: string,
      input: PayOrderInput = {},
    ): Promise<PayOrderOutcome> {
      const check = new InputCheck();
      const payer =
        input?.payer === undefined ? ctx.actor.id : check.text("payer", input.payer, PAYER);
      check.done();
      const order = await ports.storage.orders.get(ctx.tenantId, orderId);
      if (!order || !visibleTo(ctx, order)) throw notFound("order", orderId, "orderId");
      if (ctx.actor.kind !== "consumer") {
        requireCapability(ctx, "payments.record", orderAccessTarget(order));
      }
      assertOrderAllows(order, "pay");
      if (order.total.amount === 0) {
        const free = await applyCharge(ctx.tenantId, orderId, { id: `free:${orderId}`, amount: 0 });
        return { order: free.order, payment: null };
      }
      const payment = await runtime.payments.perform(
        {
          kind: "charge",
          request: {
            tenantId: ctx.tenantId,
            idempotencyKey: `${order.id}:charge:${order.priceVersion}`,
            amount: money(order.total.amount, order.total.currency),
            payer,
            description: `Order ${order.number}`,
          },
        },
        { type: "order", id: orderId },
      );
      if (payment.status !== "succeeded") return { order, payment };
      const { order: after } = await applyCharge(ctx.tenantId, orderId, {
        id: payment.id,
        amount: payment.amount.amount,
      });
      return { order: after, payment };
    },
  };
}
