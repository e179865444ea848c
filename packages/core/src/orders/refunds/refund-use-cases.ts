import { systemContext } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { isTransientFailure, OneCodeError } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { addMoney } from "../../kernel/money.js";
import type { StoredPayment } from "../../kernel/payments/ports.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { Order, OrderRefund } from "../order.js";
import { type OrderChange, orderAccessTarget } from "../order-change.js";
import { assertOrderAllows } from "../order-states.js";
import { releaseOrderStock } from "../order-stock.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import type { OrderRefunds, RefundOutcome, RefundRequestInput } from "./order-refunds.js";
import {
  newRefund,
  REFUND_EVENT_TYPES,
  refundableLeft,
  refundEventPayload,
  withRefundRequested,
} from "./refund-steps.js";

const REFUND_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

/** What the payment port answered for a refund. */
type RefundAnswer = Pick<StoredPayment, "id" | "status" | "failureCode">;

function checkRefundInput(input: RefundRequestInput) {
  const check = new InputCheck();
  const raw = (input ?? {}) as unknown as Record<string, unknown>;
  const refundId =
    raw.refundId === undefined
      ? undefined
      : check.text("refundId", raw.refundId, {
          max: 100,
          pattern: REFUND_ID,
          patternRule: "refund_id_format",
          patternMessage: "refundId must be 1-100 letters, digits, '_', '.', ':' or '-'",
        });
  if (
    typeof raw.amount !== "number" ||
    !Number.isSafeInteger(raw.amount) ||
    (raw.amount as number) < 1
  ) {
    check.fail("amount", "positive_integer", "amount must be a whole number of minor units from 1");
  }
  const reason = check.text("reason", raw.reason, { max: 200 });
  const afterSaleId =
    raw.afterSaleId === undefined || raw.afterSaleId === null
      ? null
      : check.text("afterSaleId", raw.afterSaleId, { max: 100 });
  check.done();
  return { refundId, amount: raw.amount as number, reason, afterSaleId };
}

function refundOf(order: Order, refundId: string): OrderRefund {
  const refund = order.refunds.find((entry) => entry.id === refundId);
  if (!refund) {
    throw new OneCodeError("NOT_FOUND", `order ${order.id} has no refund ${refundId}`, {
      kind: "refund",
      id: refundId,
      field: "refundId",
    });
  }
  return refund;
}

/** The order's refunds and what follows from them, wired to the runtime. */
export interface OrderRefundsRuntime extends OrderRefunds {
  /** Calls the payment port for a `requested` refund and records the answer (outbox handler and inline). */
  perform(ctx: TenantContext, orderId: string, refundId: string): Promise<RefundOutcome>;
  /** Performs at once; a transport failure leaves the refund `requested` for the outbox to retry. */
  performSoon(ctx: TenantContext, order: Order, refundId: string): Promise<RefundOutcome>;
  /** Records a refund's decided outcome (a provider notification of a pending refund). */
  applyAnswer(
    ctx: TenantContext,
    orderId: string,
    refundId: string,
    answer: RefundAnswer,
  ): Promise<void>;
}

/** Builds the refunds of orders and registers their outbox handlers. */
export function orderRefunds(runtime: OrdersRuntime): OrderRefundsRuntime {
  const { ports, changeOrder } = runtime;

  /** The order after a refund's answer: status, totals, and closing a fully refunded unshipped order. */
  const answered = async (
    ctx: TenantContext,
    orderId: string,
    refundId: string,
    answer: RefundAnswer,
  ) =>
    changeOrder(ctx, orderId, async (order, tx): Promise<OrderChange | null> => {
      const refund = refundOf(order, refundId);
      // A decided refund never changes again (a late or repeated answer); a retry re-opens it first.
      if (refund.status === "succeeded" || refund.status === "failed") return null;
      if (refund.status === answer.status && refund.paymentId === answer.id) return null;
      const now = isoNow(ports.clock);
      const final = answer.status !== "pending";
      const next: OrderRefund = {
        ...refund,
        status: answer.status,
        failureCode: answer.failureCode,
        paymentId: answer.id,
        attempts: refund.attempts + 1,
        decidedAt: final ? now : null,
      };
      let order2: Order = {
        ...order,
        refunds: order.refunds.map((entry) => (entry.id === refundId ? next : entry)),
        refundedTotal:
          answer.status === "succeeded"
            ? addMoney(order.refundedTotal, refund.amount)
            : order.refundedTotal,
      };
      const closes =
        answer.status === "succeeded" &&
        order.state === "to_ship" &&
        refund.chargeId === order.chargeId &&
        refundableLeft(order2) === 0 &&
        order2.refunds.every((entry) => entry.status !== "requested" && entry.status !== "pending");
      if (closes) {
        order2 = {
          ...order2,
          state: "closed",
          closeReason: "refunded",
          closedAt: now,
          cancellationRequest: null,
          stock: await releaseOrderStock(tx, order, now),
        };
      }
      const events = [];
      if (answer.status === "succeeded") {
        events.push({ type: REFUND_EVENT_TYPES.succeeded, payload: refundEventPayload(next) });
      } else if (answer.status === "failed") {
        events.push({ type: REFUND_EVENT_TYPES.failed, payload: refundEventPayload(next) });
      }
      if (closes) events.push({ type: "order.closed", payload: { orderId, reason: "refunded" } });
      return {
        next: order2,
        action: `orders.order.refund_${answer.status}`,
        changes: {
          refundId: { after: refundId },
          status: { before: refund.status, after: answer.status },
          ...(answer.failureCode !== null && { failureCode: { after: answer.failureCode } }),
          ...(closes && { state: { before: order.state, after: "closed" } }),
        },
        events,
      };
    });

  const outcome = (order: Order, refundId: string): RefundOutcome => ({
    order,
    refund: refundOf(order, refundId),
  });

  const perform = async (ctx: TenantContext, orderId: string, refundId: string) => {
    const order = await ports.storage.orders.get(ctx.tenantId, orderId);
    if (!order)
      throw new OneCodeError("NOT_FOUND", `no order ${orderId}`, { kind: "order", id: orderId });
    const refund = refundOf(order, refundId);
    if (refund.status !== "requested") return outcome(order, refundId);
    const payment = await runtime.payments.perform(
      {
        kind: "refund",
        request: {
          tenantId: ctx.tenantId,
          idempotencyKey: refund.id,
          amount: refund.amount,
          chargeId: refund.chargeId,
          reason: refund.reason,
        },
      },
      { type: "order", id: orderId },
    );
    const { order: after } = await answered(ctx, orderId, refundId, payment);
    return outcome(after, refundId);
  };

  /** Performs at once; a transport failure leaves the refund `requested` for the outbox to retry. */
  const performSoon = async (ctx: TenantContext, order: Order, refundId: string) => {
    try {
      return await perform(ctx, order.id, refundId);
    } catch (error) {
      if (!isTransientFailure(error)) throw error;
      return outcome(order, refundId);
    }
  };

  runtime.outbox.on(REFUND_EVENT_TYPES.requested, "orders.perform-refund", async (event) => {
    const { refundId } = event.payload as { refundId: string };
    await perform(systemContext(event.tenantId), event.aggregate.id, refundId);
  });
  for (const type of ["payment.succeeded", "payment.failed"] as const) {
    runtime.outbox.on(type, "orders.apply-refund-decision", async (event) => {
      const payload = event.payload as {
        kind: string;
        paymentId: string;
        idempotencyKey: string;
        failureCode: StoredPayment["failureCode"];
      };
      if (event.aggregate.type !== "order" || payload.kind !== "refund") return;
      const order = await ports.storage.orders.get(event.tenantId, event.aggregate.id);
      if (!order?.refunds.some((refund) => refund.id === payload.idempotencyKey)) return;
      await answered(systemContext(event.tenantId), order.id, payload.idempotencyKey, {
        id: payload.paymentId,
        status: type === "payment.succeeded" ? "succeeded" : "failed",
        failureCode: payload.failureCode,
      });
    });
  }

  return {
    perform,
    performSoon,
    async applyAnswer(ctx, orderId, refundId, answer) {
      await answered(ctx, orderId, refundId, answer);
    },

    async request(ctx, orderId, input) {
      const checked = checkRefundInput(input);
      const refundId = checked.refundId ?? ports.ids.newId("rfd");
      const { order } = await changeOrder(ctx, orderId, (order) => {
        requireCapability(ctx, "orders.refund", orderAccessTarget(order));
        if (order.refunds.some((refund) => refund.id === refundId)) return null;
        assertOrderAllows(order, "refund");
        const left = refundableLeft(order);
        if (checked.amount > left || order.chargeId === null) {
          const check = new InputCheck();
          check.fail(
            "amount",
            "max",
            `amount must be at most ${left}: what order ${order.id} has paid and not yet refunded or begun refunding`,
          );
          check.done();
        }
        const refund = newRefund({
          id: refundId,
          chargeId: order.chargeId as string,
          amount: checked.amount,
          currency: order.total.currency,
          reason: checked.reason,
          afterSaleId: checked.afterSaleId,
          actor: ctx.actor,
          at: isoNow(ports.clock),
        });
        const { next, event } = withRefundRequested(order, refund);
        return {
          next,
          action: "orders.order.refund_requested",
          changes: { refundId: { after: refundId }, amount: { after: checked.amount } },
          events: [event],
        };
      });
      return performSoon(ctx, order, refundId);
    },

    async retry(ctx, orderId, refundId) {
      const { order } = await changeOrder(ctx, orderId, (order) => {
        requireCapability(ctx, "orders.refund", orderAccessTarget(order));
        const refund = refundOf(order, refundId);
        if (refund.status !== "failed" && refund.status !== "requested") {
          throw new OneCodeError(
            "INVALID_STATE_TRANSITION",
            `refund ${refundId} is ${refund.status}; only a failed or requested refund is retried`,
            { id: refundId, from: refund.status, to: "retry", required: "failed or requested" },
          );
        }
        const again: OrderRefund = {
          ...refund,
          status: "requested",
          failureCode: null,
          decidedAt: null,
        };
        return {
          next: { ...order, refunds: order.refunds.map((r) => (r.id === refundId ? again : r)) },
          action: "orders.order.refund_retried",
          changes: {
            refundId: { after: refundId },
            status: { before: refund.status, after: "requested" },
          },
          events: [{ type: REFUND_EVENT_TYPES.requested, payload: refundEventPayload(again) }],
        };
      });
      return performSoon(ctx, order, refundId);
    },
  };
}
