import { systemContext } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import type { OutboxEvent } from "../../kernel/outbox/outbox-event.js";
import type { OutboxHandler } from "../../kernel/outbox/outbox-handlers.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import type { CouponCodeVia } from "./coupon.js";

/** Why an automatic grant issued nothing (payload `reason` of `promotions.coupon_gift_skipped`). */
export type CouponGiftSkip = "short" | "not_found" | "not_published" | "ended" | "reusable";

const field = (event: OutboxEvent, name: string): string | null => {
  const payload = event.payload as Record<string, unknown> | null;
  const value = payload && typeof payload === "object" ? payload[name] : undefined;
  return typeof value === "string" && value.length > 0 ? value : null;
};

/**
 * The coupon module's outbox handlers: the sign-up gift (注册送券) on
 * `customer.registered`, activity gift coupons (满赠券) on
 * `promotions.coupon_gift_due`, and giving codes back on `order.closed`
 * when the order closed before it was paid. Each is idempotent: its write
 * and `handleOnce` share one transaction, and automatic grants carry a grant
 * key (one sign-up gift per account, one gift per order and activity).
 */
export function couponOutboxHandlers(
  runtime: PromotionsRuntime,
): { type: string; name: string; handler: OutboxHandler }[] {
  const { storage, clock } = runtime.ports;

  /** Issues one code of `couponId` under `grantKey`, or records why not. */
  async function grant(
    tx: StorageRepositories,
    event: OutboxEvent,
    grantOf: { couponId: string; customerId: string; grantKey: string; via: CouponCodeVia },
  ): Promise<void> {
    const { couponId, customerId, grantKey, via } = grantOf;
    const ctx = systemContext(event.tenantId);
    const now = isoNow(clock);
    const coupon = await tx.coupons.get(event.tenantId, couponId);
    let skipped: CouponGiftSkip | null = null;
    if (!coupon) skipped = "not_found";
    else if (coupon.kind !== "normal") skipped = "reusable";
    else if (coupon.status !== "published") skipped = "not_published";
    else if (now >= coupon.validUntil) skipped = "ended";
    else {
      const issued = await tx.coupons.issue(
        event.tenantId,
        couponId,
        [{ customerId, quantity: 1, grantKey }],
        via,
        now,
      );
      if (issued.outcome === "short") skipped = "short";
      else if (issued.outcome === "closed") skipped = "not_published";
    }
    if (skipped) {
      await runtime.recordEvents(tx, ctx, [
        {
          type: "promotions.coupon_gift_skipped",
          aggregate: { type: "coupon", id: couponId },
          payload: { couponId, customerId, via, reason: skipped, eventId: event.id },
        },
      ]);
    }
  }

  const signup: OutboxHandler = async (event, delivery) => {
    const customerId = field(event, "customerId");
    if (!customerId) return;
    await storage.transaction(async (tx) => {
      if (!(await delivery.handleOnce(tx))) return;
      const settings = await tx.coupons.getSettings(event.tenantId);
      if (!settings?.signupCouponId) return;
      await grant(tx, event, {
        couponId: settings.signupCouponId,
        customerId,
        grantKey: `signup:${customerId}`,
        via: "signup",
      });
    });
  };

  const gift: OutboxHandler = async (event, delivery) => {
    const couponId = field(event, "couponId");
    const customerId = field(event, "customerId");
    const orderId = field(event, "orderId");
    const activityId = field(event, "activityId") ?? "";
    if (!couponId || !customerId || !orderId) return;
    await storage.transaction(async (tx) => {
      if (!(await delivery.handleOnce(tx))) return;
      await grant(tx, event, {
        couponId,
        customerId,
        grantKey: `gift:${orderId}:${activityId}:${couponId}`,
        via: "gift",
      });
    });
  };

  const giveBack: OutboxHandler = async (event, delivery) => {
    const orderId = field(event, "orderId");
    if (!orderId) return;
    await storage.transaction(async (tx) => {
      if (!(await delivery.handleOnce(tx))) return;
      const order = await tx.orders.get(event.tenantId, orderId);
      // A paid order keeps its coupon used (refunds do not give coupons back).
      if (!order || order.paidAt !== null) return;
      for (const code of await tx.coupons.codesOfOrder(event.tenantId, orderId)) {
        await tx.coupons.returnCode(event.tenantId, code.id, orderId);
      }
      for (const couponId of await tx.coupons.reusableOfOrder(event.tenantId, orderId)) {
        await tx.coupons.returnReusable(event.tenantId, couponId, orderId);
      }
    });
  };

  return [
    { type: "customer.registered", name: "coupons.signup-gift", handler: signup },
    { type: "promotions.coupon_gift_due", name: "coupons.activity-gift", handler: gift },
    { type: "order.closed", name: "coupons.give-back", handler: giveBack },
  ];
}
