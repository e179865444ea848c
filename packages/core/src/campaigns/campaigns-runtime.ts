import type { CouponService } from "../promotions/coupons/coupon-service.js";
import type { PointsService } from "../promotions/members/points/points-service.js";
import type { PromotionsRuntime } from "../promotions/promotions-runtime.js";
import type { CampaignCache } from "./campaign-cache.js";

/**
 * What the campaigns module runs on: the kernel (audit, events, timers,
 * outbox, payments, tenant calendar) shared with orders and promotions, the
 * in-process campaign cache, and the promotion services a prize pays out
 * through (coupons and points).
 */
export interface CampaignsRuntime extends PromotionsRuntime {
  readonly cache: CampaignCache;
  readonly coupons: CouponService;
  readonly points: PointsService;
}
