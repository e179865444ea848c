import type { CouponService } from "../promotions/coupons/coupon-service.js";
import type { PointsService } from "../promotions/members/points/points-service.js";
import type { PromotionsRuntime } from "../promotions/promotions-runtime.js";
import { activityBatchService } from "./activity-batch-service.js";
import { campaignCache } from "./campaign-cache.js";
import { campaignHandlers } from "./campaign-handlers.js";
import { campaignService } from "./campaign-service.js";
import type {
  ActivityBatchService,
  CampaignService,
  DrawService,
  PrizeService,
} from "./campaign-services.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import { drawService } from "./draw-service.js";
import { prizeService } from "./prize-service.js";
import { type CampaignEntryLookup, campaignEntryLookup } from "./scan-campaign-entry.js";

/** Every campaigns service `createOneCode` exposes. */
export interface CampaignServices {
  readonly prizes: PrizeService;
  readonly campaigns: CampaignService;
  readonly activityBatches: ActivityBatchService;
  readonly draws: DrawService;
}

/** What the campaigns module needs besides the kernel: the promotion services prizes pay out through. */
export interface CampaignsModuleOptions {
  readonly coupons: CouponService;
  readonly points: PointsService;
}

/**
 * Builds the campaigns module (§3) on the kernel: registers its timers and
 * outbox handlers and returns its services together with its runtime (the
 * consumer scan asks it for a code's campaign entry).
 */
export function campaignsModule(
  kernel: PromotionsRuntime,
  options: CampaignsModuleOptions,
): {
  readonly services: CampaignServices;
  readonly runtime: CampaignsRuntime;
  /** The campaign entry of a scanned code, for the consumer scan. */
  readonly campaignEntries: CampaignEntryLookup;
} {
  const runtime: CampaignsRuntime = {
    ...kernel,
    cache: campaignCache(kernel.ports.clock, kernel.ports.storage),
    coupons: options.coupons,
    points: options.points,
  };
  for (const { type, name, handler } of campaignHandlers(runtime)) {
    runtime.outbox.on(type, name, handler);
  }
  return {
    runtime,
    campaignEntries: campaignEntryLookup(runtime),
    services: {
      prizes: prizeService(runtime),
      campaigns: campaignService(runtime),
      activityBatches: activityBatchService(runtime),
      draws: drawService(runtime),
    },
  };
}
