import { systemContext } from "../../kernel/audit/record-audit.js";
import type { OutboxHandlerRegistration } from "../../kernel/outbox/outbox-handlers.js";
import { zheRate } from "../../kernel/rates.js";
import type { ActivityRule, ActivityTerms, PricingSource } from "../pricing/pricing-sources.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import { type Activity, type ActivityGift, activityState } from "./activity.js";
import type { ActivityCache } from "./activity-cache.js";

/** The event a completed order's gift coupon records; the coupons module issues the coupon from it. */
export const COUPON_GIFT_DUE_EVENT = "promotions.coupon_gift_due";

/** The payload of {@link COUPON_GIFT_DUE_EVENT}. */
export interface CouponGiftDuePayload {
  readonly couponId: string;
  readonly customerId: string;
  readonly orderId: string;
  readonly activityId: string;
}

function termsOf(activity: Activity): ActivityTerms {
  const terms = activity.terms;
  if (terms.kind !== "spend_discount") return terms;
  return {
    kind: terms.kind,
    basis: terms.basis,
    tiers: terms.tiers.map((tier) => ({ threshold: tier.threshold, rate: zheRate(tier.zhe) })),
  };
}

/** The pricing pipeline's view of a stored activity (§4.4 step 1). */
export function activityRule(activity: Activity): ActivityRule {
  return {
    id: activity.id,
    name: activity.name,
    scope: activity.scope,
    audience: activity.audience,
    terms: termsOf(activity),
  };
}

/**
 * The activities' part of pricing: `activities` answers the tenant's
 * activities running at `at` from {@link ActivityCache} (this process's
 * writes invalidate it; other processes' are seen within its TTL), and
 * `commit` records in the order's transaction each gift coupon the order
 * reached, for {@link activityOutboxHandlers} to hand out once the order
 * completes.
 */
export function activityPricingSource(
  runtime: PromotionsRuntime,
  cache: ActivityCache,
): PricingSource {
  const { storage, clock } = runtime.ports;
  return {
    async activities(tenantId, at) {
      const atMs = Date.parse(at);
      const live = await cache.live(tenantId, atMs, (readAt) =>
        storage.activities.listLive(tenantId, readAt),
      );
      const instant = new Date(atMs).toISOString();
      return live
        .filter((activity) => activityState(activity, instant) === "running")
        .map(activityRule);
    },

    async commit(tx, order, _request, use) {
      const createdAt = new Date(clock.nowMs()).toISOString();
      const gifts: ActivityGift[] = [];
      for (const { rule } of use.activities) {
        if (rule.terms.kind !== "gift_coupon") continue;
        gifts.push({
          tenantId: order.tenantId,
          orderId: order.id,
          activityId: rule.id,
          couponId: rule.terms.couponId,
          customerId: order.customerId,
          createdAt,
        });
      }
      if (gifts.length > 0) await tx.activities.recordGifts(gifts);
      return undefined;
    },
  };
}

/**
 * The activities' outbox handler: when an order completes, each gift
 * coupon it earned records {@link COUPON_GIFT_DUE_EVENT} once (idempotent
 * by the event, whatever the redelivery). An order that closes instead
 * never completes, so it gives nothing.
 */
export function activityOutboxHandlers(
  runtime: PromotionsRuntime,
): readonly OutboxHandlerRegistration[] {
  return [
    {
      type: "order.completed",
      name: "promotions.activities.gift-coupons",
      async handler(event, delivery) {
        const orderId = event.aggregate.id;
        await runtime.ports.storage.transaction(async (tx) => {
          const gifts = await tx.activities.listGifts(event.tenantId, orderId);
          if (gifts.length === 0 || !(await delivery.handleOnce(tx))) return;
          await runtime.recordEvents(
            tx,
            systemContext(event.tenantId),
            gifts.map((gift) => ({
              type: COUPON_GIFT_DUE_EVENT,
              aggregate: { type: "order", id: orderId },
              payload: {
                couponId: gift.couponId,
                customerId: gift.customerId,
                orderId,
                activityId: gift.activityId,
              } satisfies CouponGiftDuePayload,
            })),
          );
        });
      },
    },
  ];
}
