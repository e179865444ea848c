import { isoNow } from "../../kernel/clock.js";
import { invalidField } from "../../kernel/errors.js";
import { percentRate } from "../../kernel/rates.js";
import type { CouponTerms, PricingSource } from "../pricing/pricing-sources.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import type { Coupon } from "./coupon.js";
import { COUPON_CODE_FIELD, couponUnusable } from "./coupon-errors.js";

/** The terms the pipeline applies, from a coupon and the buyer's code of it. */
export function couponTerms(coupon: Coupon, codeId: string): CouponTerms {
  const { value } = coupon;
  return {
    couponId: coupon.id,
    codeId,
    name: coupon.name,
    value:
      value.kind === "fixed"
        ? { kind: "fixed", amount: value.amount }
        : {
            kind: "percent",
            off: percentRate(value.percentOff, "value.percentOff"),
            cap: value.cap,
          },
    threshold: coupon.threshold,
    scope: coupon.scope,
  };
}

function checkWindow(coupon: Coupon, at: string): void {
  if (at < coupon.validFrom) throw couponUnusable("not_started");
  if (at >= coupon.validUntil) throw couponUnusable("expired");
}

/**
 * The coupon module's part of pricing (§4.4 step 2). `coupon` resolves
 * `request.options.couponCode`, a code the buyer holds or a reusable code,
 * into checked {@link CouponTerms} (or throws `COUPON_UNUSABLE` naming
 * `pricingOptions.couponCode`); `commit` marks it used by the new order in
 * the order's transaction, with one conditional write, so a code used
 * meanwhile (another order, a concurrent checkout) refuses this order.
 */
export function couponPricingSource(runtime: PromotionsRuntime): PricingSource {
  const { storage, clock } = runtime.ports;
  return {
    async coupon(request) {
      const raw = request.options.couponCode;
      if (raw === undefined || raw === null || raw === "") return null;
      if (typeof raw !== "string" || raw.length > 64) {
        throw invalidField(COUPON_CODE_FIELD, "type", `${COUPON_CODE_FIELD} must be a coupon code`);
      }
      const { tenantId, customerId, at } = request;
      const code = await storage.coupons.getCode(tenantId, raw.trim());
      if (code) {
        if (code.holderId !== customerId)
          throw couponUnusable(code.holderId ? "unknown" : "not_held");
        if (code.state === "used") throw couponUnusable("used");
        const coupon = await storage.coupons.get(tenantId, code.couponId);
        if (!coupon) throw couponUnusable("unknown");
        checkWindow(coupon, at);
        return couponTerms(coupon, code.id);
      }
      const reusable = await storage.coupons.getByReusableCode(tenantId, raw.trim());
      if (!reusable || reusable.status === "draft") throw couponUnusable("unknown");
      if (reusable.status === "abandoned") throw couponUnusable("abandoned");
      checkWindow(reusable, at);
      if (reusable.useCount >= (reusable.useLimit ?? 0)) throw couponUnusable("exhausted");
      return couponTerms(reusable, reusable.id);
    },

    async commit(tx, order, _request, use) {
      const terms = use.coupon;
      if (!terms) return undefined;
      const at = isoNow(clock);
      if (terms.codeId === terms.couponId) {
        const used = await tx.coupons.useReusable(
          order.tenantId,
          terms.couponId,
          order.customerId,
          order.id,
          at,
        );
        if (used.outcome === "exhausted") throw couponUnusable("exhausted");
        if (used.outcome === "limit_reached") throw couponUnusable("limit_reached");
        if (used.outcome === "closed") throw couponUnusable("abandoned");
        return undefined;
      }
      const used = await tx.coupons.useCode(
        order.tenantId,
        terms.codeId,
        order.customerId,
        order.id,
        at,
      );
      if (!used) throw couponUnusable("used");
      return undefined;
    },
  };
}
