import { isoNow } from "../../kernel/clock.js";
import type { OutboxEvent } from "../../kernel/outbox/outbox-event.js";
import type { OutboxHandlerRegistration } from "../../kernel/outbox/outbox-handlers.js";
import { SYSTEM_ACTOR } from "../../kernel/tenant.js";
import type { Order } from "../../orders/order.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import { changeCustomer } from "./customers/customer-records.js";
import { CUSTOMER_REGISTERED } from "./customers/customer-service.js";
import { memberSettingsOf } from "./member-settings.js";
import { recordPoints } from "./points/points-ledger.js";
import { earnedPoints, orderExperience } from "./points/points-rules.js";

/** Ledger key of the points an order redeemed (written by the pricing source's commit). */
export const redeemKey = (orderId: string) => `redeem:${orderId}`;

/** The order an order event is about: its aggregate, or `payload.orderId`. */
function orderIdOf(event: OutboxEvent): string | null {
  if (event.aggregate.type === "order") return event.aggregate.id;
  const payload = event.payload as { readonly orderId?: unknown } | null;
  return typeof payload?.orderId === "string" ? payload.orderId : null;
}

/**
 * Gives back the points the order redeemed, once (key `return:<order>`):
 * when it closed before payment, or was refunded in full.
 */
async function returnRedeemed(
  tx: StorageRepositories,
  runtime: PromotionsRuntime,
  order: Order,
  zone: string,
) {
  const redeemed = await tx.pointsLedger.getByKey(order.tenantId, redeemKey(order.id));
  if (!redeemed) return;
  await recordPoints(
    tx,
    runtime,
    {
      tenantId: order.tenantId,
      customerId: order.customerId,
      kind: "refund",
      delta: -redeemed.delta,
      key: `return:${order.id}`,
      orderId: order.id,
      note: "points the order paid with, given back",
      actor: SYSTEM_ACTOR,
    },
    zone,
  );
}

/**
 * Takes back what a fully refunded order earned (key `revoke:<order>`),
 * as much as the balance still holds: the balance never goes negative.
 */
async function revokeEarned(tx: StorageRepositories, runtime: PromotionsRuntime, order: Order) {
  const earned = await tx.pointsLedger.getByKey(order.tenantId, `earn:${order.id}`);
  const customer = await tx.memberCustomers.get(order.tenantId, order.customerId);
  if (!earned || !customer) return;
  const amount = Math.min(earned.delta, customer.pointsBalance);
  if (amount <= 0) return;
  await recordPoints(
    tx,
    runtime,
    {
      tenantId: order.tenantId,
      customerId: order.customerId,
      kind: "refund",
      delta: -amount,
      key: `revoke:${order.id}`,
      orderId: order.id,
      note: "points the refunded order earned, taken back",
      actor: SYSTEM_ACTOR,
    },
    null,
  );
}

/**
 * The members module's outbox handlers: customer statistics from paid
 * orders, points and experience on completion, points back on a close
 * before payment or a full refund, and the referral reward. Each is
 * idempotent (`handleOnce` plus unique ledger keys).
 */
export function memberOrderHandlers(runtime: PromotionsRuntime): OutboxHandlerRegistration[] {
  const { storage } = runtime.ports;
  const now = () => isoNow(runtime.ports.clock);
  const withOrder =
    (
      work: (
        tx: StorageRepositories,
        order: Order,
        zone: string,
        event: OutboxEvent,
      ) => Promise<void>,
    ) =>
    async (
      event: OutboxEvent,
      delivery: { handleOnce(tx: StorageRepositories): Promise<boolean> },
    ) => {
      const orderId = orderIdOf(event);
      if (orderId === null) return;
      const zone = await runtime.timeZoneOf(event.tenantId);
      await storage.transaction(async (tx) => {
        const order = await tx.orders.get(event.tenantId, orderId);
        if (!order || !(await delivery.handleOnce(tx))) return;
        await work(tx, order, zone, event);
      });
    };
  return [
    {
      type: "order.paid",
      name: "members.order-statistics",
      handler: withOrder(async (tx, order) => {
        const at = now();
        await changeCustomer(tx, order.tenantId, order.customerId, at, (c) => ({
          ...c,
          ordersCount: c.ordersCount + 1,
          totalSpent: c.totalSpent + order.total.amount,
          lastOrderAt: order.paidAt ?? at,
          lastSeenAt: at,
        }));
      }),
    },
    {
      type: "order.completed",
      name: "members.order-rewards",
      handler: withOrder(async (tx, order, zone) => {
        const settings = await memberSettingsOf(tx, order.tenantId);
        const paid = order.total.amount - order.refundedTotal.amount;
        const experience = orderExperience(paid, settings);
        if (experience > 0) {
          await changeCustomer(tx, order.tenantId, order.customerId, now(), (c) => ({
            ...c,
            experience: c.experience + experience,
          }));
        }
        const points = settings.pointsEnabled ? earnedPoints(order.lines, settings) : 0;
        if (points > 0) {
          await recordPoints(
            tx,
            runtime,
            {
              tenantId: order.tenantId,
              customerId: order.customerId,
              kind: "earn",
              delta: points,
              key: `earn:${order.id}`,
              orderId: order.id,
              note: `order ${order.number}`,
              actor: SYSTEM_ACTOR,
            },
            zone,
          );
        }
      }),
    },
    {
      type: "order.closed",
      name: "members.points-return",
      handler: withOrder(async (tx, order, zone) => {
        if (order.paidAt === null || order.closeReason === "refunded") {
          await returnRedeemed(tx, runtime, order, zone);
        }
        if (order.closeReason === "refunded") await revokeEarned(tx, runtime, order);
      }),
    },
    {
      type: "order.refund_succeeded",
      name: "members.points-full-refund",
      handler: withOrder(async (tx, order, zone, event) => {
        // Total spend is net of refunds; the order still counts as paid (first-order offers stay used).
        const refunded = (event.payload as { amount?: { amount?: unknown } } | null)?.amount
          ?.amount;
        if (typeof refunded === "number" && refunded > 0) {
          await changeCustomer(
            tx,
            order.tenantId,
            order.customerId,
            isoNow(runtime.ports.clock),
            (c) => ({
              ...c,
              totalSpent: Math.max(0, c.totalSpent - refunded),
            }),
          );
        }
        // Only a full refund gives points back; a partial one leaves them (seed: 部分退款不退还积分).
        if (order.paidAt === null || order.refundedTotal.amount < order.total.amount) return;
        await returnRedeemed(tx, runtime, order, zone);
        await revokeEarned(tx, runtime, order);
      }),
    },
    {
      type: CUSTOMER_REGISTERED,
      name: "members.referral-reward",
      handler: async (event, delivery) => {
        const payload = event.payload as { customerId?: unknown; referrerId?: unknown };
        const { customerId, referrerId } = payload;
        if (typeof referrerId !== "string" || typeof customerId !== "string") return;
        const zone = await runtime.timeZoneOf(event.tenantId);
        await storage.transaction(async (tx) => {
          const settings = await memberSettingsOf(tx, event.tenantId);
          if (!settings.pointsEnabled || settings.referralReward <= 0) return;
          if (!(await delivery.handleOnce(tx))) return;
          await recordPoints(
            tx,
            runtime,
            {
              tenantId: event.tenantId,
              customerId: referrerId,
              kind: "referral",
              delta: settings.referralReward,
              key: `referral:${customerId}`,
              note: `referred ${customerId}`,
              actor: SYSTEM_ACTOR,
            },
            zone,
          );
        });
      },
    },
  ];
}
