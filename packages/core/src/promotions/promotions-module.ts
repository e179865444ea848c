import type { CouponsConfig } from "../core-ports.js";
import type { NotificationsRuntime } from "../notifications/notifications-runtime.js";
import type { OrdersRuntime } from "../orders/orders-runtime.js";
import { ActivityCache } from "./activities/activity-cache.js";
import {
  activityOutboxHandlers,
  activityPricingSource,
} from "./activities/activity-pricing-source.js";
import { type ActivityService, activityService } from "./activities/activity-service.js";
import { couponOutboxHandlers } from "./coupons/coupon-handlers.js";
import { couponPricingSource } from "./coupons/coupon-pricing-source.js";
import {
  type CouponService,
  couponService,
  DEFAULT_CLAIM_LINK_BASE,
} from "./coupons/coupon-service.js";
import {
  distributorOutboxHandlers,
  distributorPricingSource,
} from "./distributors/distributor-commissions.js";
import { type DistributorService, distributorService } from "./distributors/distributor-service.js";
import { flashSalePricingSource } from "./flash-sales/flash-sale-pricing.js";
import { type FlashSaleService, flashSaleService } from "./flash-sales/flash-sale-service.js";
import { saleTakeHandlers } from "./flash-sales/sale-gates.js";
import {
  limitedDiscountOutboxHandlers,
  limitedDiscountPricingSource,
} from "./limited-discounts/limited-discount-pricing-source.js";
import {
  type LimitedDiscountService,
  limitedDiscountService,
} from "./limited-discounts/limited-discount-service.js";
import { customerSegments } from "./members/customer-segments.js";
import { memberPricingSource } from "./members/member-pricing-source.js";
import { type MembersServices, membersModule } from "./members/members-module.js";
import { presalePricingSource } from "./presales/presale-pricing.js";
import { type PresaleService, presaleService } from "./presales/presale-service.js";
import type { PricingSource } from "./pricing/pricing-sources.js";
import type { PromotionPricing } from "./pricing/promotion-pricing.js";
import { type PromotionsService, promotionsService } from "./pricing/promotions-service.js";

/** Every promotion service `createOneCode` exposes. */
export interface PromotionServices extends MembersServices {
  readonly promotions: PromotionsService;
  readonly activities: ActivityService;
  readonly coupons: CouponService;
  readonly flashSales: FlashSaleService;
  readonly presales: PresaleService;
  readonly limitedDiscounts: LimitedDiscountService;
  readonly distributors: DistributorService;
}

/**
 * Builds the promotion modules on the orders' runtime: appends each
 * module's pricing source to `pricingSources` (the live list the engine
 * reads, after any host sources already in it), registers their outbox
 * handlers and timers, and returns their services. Call once per runtime.
 */
export function promotionsModule(
  runtime: OrdersRuntime,
  options: {
    readonly pricingSources: PricingSource[];
    readonly engine: PromotionPricing;
    readonly notifications: NotificationsRuntime;
    readonly coupons?: CouponsConfig;
  },
): PromotionServices {
  const activityCache = new ActivityCache(runtime.ports.clock);
  const members = membersModule(runtime);
  options.pricingSources.push(
    activityPricingSource(runtime, activityCache),
    limitedDiscountPricingSource(runtime),
    distributorPricingSource(runtime),
    memberPricingSource(runtime),
    couponPricingSource(runtime),
    flashSalePricingSource(runtime),
    presalePricingSource(runtime),
  );
  for (const { type, name, handler } of [
    ...activityOutboxHandlers(runtime),
    ...limitedDiscountOutboxHandlers(runtime),
    ...distributorOutboxHandlers(runtime),
    ...couponOutboxHandlers(runtime),
    ...saleTakeHandlers(runtime),
  ]) {
    runtime.outbox.on(type, name, handler);
  }
  return {
    promotions: promotionsService(runtime, options.engine),
    activities: activityService(runtime, activityCache),
    ...members,
    limitedDiscounts: limitedDiscountService(runtime),
    distributors: distributorService(runtime),
    // Targeted coupon pushes reach the members' customer segments unless the host gives its own.
    coupons: couponService(runtime, {
      claimLinkBase: options.coupons?.claimLinkBase ?? DEFAULT_CLAIM_LINK_BASE,
      segments: options.coupons?.segments ?? customerSegments(runtime),
    }),
    flashSales: flashSaleService(runtime, { notifications: options.notifications }),
    presales: presaleService(runtime),
  };
}
