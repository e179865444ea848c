import { systemContext } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { money } from "../../kernel/money.js";
import type { OutboxHandlerRegistration } from "../../kernel/outbox/outbox-handlers.js";
import { applyRate, percentRate } from "../../kernel/rates.js";
import { roundQuotient } from "../../kernel/rounding.js";
import {
  WITHDRAWAL_PAID,
  type WithdrawalPaidPayload,
} from "../../notifications/notification-events.js";
import type { Order } from "../../orders/order.js";
import type { PricingSource } from "../pricing/pricing-sources.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import type { Commission } from "./distributor.js";
import { DEFAULT_DISTRIBUTOR_RATE, WITHDRAWAL_APPROVED_EVENT } from "./distributor.js";

/** `rate`% of `base` minor units, half up (0.005 → 0.01). */
export function commissionOn(base: number, rate: string): number {
  return applyRate(money(Math.max(0, base), "XXX"), percentRate(rate), "half_up").amount;
}

/** What an attributed order would earn on its goods amount when placed. */
export function estimatedCommission(commission: Commission): number {
  return commissionOn(commission.base, commission.rate);
}

/** The goods the buyer paid for: the total less shipping. */
const paidGoods = (order: Order) => Math.max(0, order.total.amount - order.shipping.amount);

/**
 * How much of an earned commission refunds take back: the refunded share of
 * what was paid (refunded total ÷ order total), half up; all of it once
 * every paid fen was refunded.
 */
export function reversedShare(commission: Commission, order: Order): number {
  if (order.total.amount <= 0 || order.refundedTotal.amount >= order.total.amount) {
    return commission.amount;
  }
  return Number(
    roundQuotient(
      BigInt(commission.amount) * BigInt(order.refundedTotal.amount),
      BigInt(order.total.amount),
      "half_up",
    ),
  );
}

/**
 * Attribution of orders to distributors, as a pricing source: `commit`
 * records, in the order's transaction, the commission of an order placed
 * with `pricingOptions.distributorCode` naming an approved distributor who
 * is not the buyer (an unknown, unapproved or own code is ignored: a stale
 * share link never blocks an order). No price effect.
 */
export function distributorPricingSource(runtime: PromotionsRuntime): PricingSource {
  return {
    async commit(tx, order, request) {
      const code = request.options.distributorCode;
      if (typeof code !== "string" || code === "") return undefined;
      const distributor = await tx.distributors.getByCode(
        order.tenantId,
        code.trim().toUpperCase(),
      );
      if (distributor?.status !== "approved") return undefined;
      if (distributor.customerId === order.customerId) return undefined;
      const settings = await tx.distributors.getSettings(order.tenantId);
      const now = isoNow(runtime.ports.clock);
      await tx.distributors.attribute({
        tenantId: order.tenantId,
        id: order.id,
        distributorId: distributor.id,
        buyerId: order.customerId,
        rate: distributor.rate ?? settings?.defaultRate ?? DEFAULT_DISTRIBUTOR_RATE,
        base: paidGoods(order),
        status: "attributed",
        amount: 0,
        reversed: 0,
        createdAt: now,
        updatedAt: now,
      });
      return undefined;
    },
  };
}

/**
 * The outbox handlers of distribution: credit commission when an
 * attributed order completes (rate × its paid goods amount, half up, then
 * less the share already refunded), take back the refunded share on each
 * succeeded refund, void the commission of an order that closes without
 * completing (all of it when refunded in full), and pay approved
 * withdrawals out. Each is idempotent: balances move through atomic,
 * monotonic storage steps and the transfer's key is the withdrawal id.
 */
export function distributorOutboxHandlers(runtime: PromotionsRuntime): OutboxHandlerRegistration[] {
  const { storage, clock } = runtime.ports;

  const settle = async (tenantId: string, orderId: string, earnNow: boolean) => {
    const commission = await storage.distributors.getCommission(tenantId, orderId);
    if (!commission) return;
    const order = await storage.orders.get(tenantId, orderId);
    if (!order) return;
    const now = isoNow(clock);
    await storage.transaction(async (tx) => {
      let current: Commission | null = commission;
      if (earnNow && commission.status === "attributed") {
        current = await tx.distributors.earn(
          tenantId,
          orderId,
          commissionOn(paidGoods(order), commission.rate),
          now,
        );
      }
      if (current === null) return;
      if (current.status === "earned" && order.refundedTotal.amount > 0) {
        await tx.distributors.reverseTo(tenantId, orderId, reversedShare(current, order), now);
      } else if (current.status === "attributed" && order.state === "closed") {
        await tx.distributors.reverseTo(tenantId, orderId, 0, now);
      }
    });
  };

  const payOut = async (tenantId: string, withdrawalId: string) => {
    const withdrawal = await storage.distributors.getWithdrawal(tenantId, withdrawalId);
    if (withdrawal?.status !== "approved") return;
    const currency = await runtime.currencyOf(tenantId);
    const payment = await runtime.payments.perform(
      {
        kind: "transfer",
        request: {
          tenantId,
          idempotencyKey: withdrawal.id,
          amount: money(withdrawal.amount, currency),
          payee: withdrawal.customerId,
          description: `Commission withdrawal ${withdrawal.id}`,
        },
      },
      { type: "withdrawal", id: withdrawal.id },
    );
    await decided(tenantId, withdrawal.id, payment.status, payment.id, payment.failureCode);
  };

  const decided = async (
    tenantId: string,
    withdrawalId: string,
    status: string,
    paymentId: string,
    failureCode: string | null,
  ) => {
    if (status === "pending") return;
    const now = isoNow(clock);
    await storage.transaction(async (tx) => {
      const moved = await tx.distributors.moveWithdrawal(tenantId, withdrawalId, "approved", {
        status: status === "succeeded" ? "paid" : "failed",
        paymentId,
        failureCode: status === "succeeded" ? null : failureCode,
        updatedAt: now,
      });
      if (!moved) return;
      const distributor = await tx.distributors.get(tenantId, moved.distributorId);
      if (moved.status === "paid" && distributor?.phone) {
        const currency = await runtime.currencyOf(tenantId);
        const paid: WithdrawalPaidPayload = {
          withdrawalId,
          phone: distributor.phone,
          amount: money(moved.amount, currency),
        };
        await runtime.recordEvents(tx, systemContext(tenantId), [
          {
            type: WITHDRAWAL_PAID,
            aggregate: { type: "withdrawal", id: withdrawalId },
            payload: {
              withdrawalId: paid.withdrawalId,
              phone: paid.phone,
              amount: { amount: paid.amount.amount, currency: paid.amount.currency },
            },
          },
        ]);
      }
      await runtime.recordAudit(tx, systemContext(tenantId), {
        action: `promotions.withdrawal.${moved.status}`,
        target: { type: "withdrawal", id: withdrawalId },
        changes: { status: { before: "approved", after: moved.status } },
      });
    });
  };

  return [
    {
      type: "order.completed",
      name: "promotions.distributors.earn",
      handler: async (event) => {
        await settle(
          event.tenantId,
          (event.payload as { orderId?: string }).orderId ?? event.aggregate.id,
          true,
        );
      },
    },
    {
      type: "order.refund_succeeded",
      name: "promotions.distributors.reverse",
      handler: async (event) => {
        await settle(event.tenantId, event.aggregate.id, false);
      },
    },
    {
      type: "order.closed",
      name: "promotions.distributors.close",
      handler: async (event) => {
        await settle(
          event.tenantId,
          (event.payload as { orderId?: string }).orderId ?? event.aggregate.id,
          false,
        );
      },
    },
    {
      type: WITHDRAWAL_APPROVED_EVENT,
      name: "promotions.distributors.pay-out",
      handler: async (event) => {
        await payOut(event.tenantId, event.aggregate.id);
      },
    },
    ...(["payment.succeeded", "payment.failed"] as const).map((type) => ({
      type,
      name: "promotions.distributors.apply-transfer-decision",
      handler: async (event: Parameters<OutboxHandlerRegistration["handler"]>[0]) => {
        if (event.aggregate.type !== "withdrawal") return;
        const payload = event.payload as { paymentId: string; failureCode: string | null };
        await decided(
          event.tenantId,
          event.aggregate.id,
          type === "payment.succeeded" ? "succeeded" : "failed",
          payload.paymentId,
          payload.failureCode ?? null,
        );
      },
    })),
  ];
}
