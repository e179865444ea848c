import type { PromotionsRuntime } from "../promotions-runtime.js";
import { type CustomerService, customerService } from "./customers/customer-service.js";
import { type MemberLevelService, memberLevelService } from "./levels/level-service.js";
import { memberOrderHandlers } from "./member-order-handlers.js";
import { registerPointsExpiry } from "./points/points-expiry.js";
import { type PointsService, pointsService } from "./points/points-service.js";
import { type MemberTagService, memberTagService } from "./tags/tag-service.js";

/** The services of the members module, as createOneCode exposes them. */
export interface MembersServices {
  readonly customers: CustomerService;
  readonly memberLevels: MemberLevelService;
  readonly points: PointsService;
  readonly memberTags: MemberTagService;
}

/**
 * Builds the members services and registers their outbox handlers (order
 * statistics, rewards, points back, referral) and the points-expiry timer.
 * Call once per runtime.
 */
export function membersModule(runtime: PromotionsRuntime): MembersServices {
  for (const { type, name, handler } of memberOrderHandlers(runtime)) {
    runtime.outbox.on(type, name, handler);
  }
  registerPointsExpiry(runtime);
  return {
    customers: customerService(runtime),
    memberLevels: memberLevelService(runtime),
    points: pointsService(runtime),
    memberTags: memberTagService(runtime),
  };
}
