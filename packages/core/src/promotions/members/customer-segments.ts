import { isoNow } from "../../kernel/clock.js";
import type { CustomerSegment, CustomerSegments } from "../customer-segment.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import { levelRanges, levelsOf } from "./levels/member-levels.js";
import { memberSettingsOf } from "./member-settings.js";
import type { CustomerQuery } from "./ports.js";

/**
 * {@link CustomerSegments} over the members module's customer records: the
 * storage counts and pages them; levels become score ranges (a level is the
 * range from its threshold to the next one's).
 */
export function customerSegments(runtime: PromotionsRuntime): CustomerSegments {
  const { storage } = runtime.ports;
  const queryOf = async (tenantId: string, segment: CustomerSegment): Promise<CustomerQuery> => {
    let scoreRanges: CustomerQuery["scoreRanges"];
    if (segment.levelIds && segment.levelIds.length > 0) {
      const levels = await levelsOf(storage, tenantId, isoNow(runtime.ports.clock));
      const settings = await memberSettingsOf(storage, tenantId);
      scoreRanges = {
        field: settings.levelBasis === "points" ? "points_earned" : "experience",
        ranges: levelRanges(levels, segment.levelIds),
      };
    }
    return {
      ...(segment.tagIds && segment.tagIds.length > 0 && { tagIds: segment.tagIds }),
      ...(scoreRanges && { scoreRanges }),
      ...(segment.minOrders !== undefined && { minOrders: segment.minOrders }),
      ...(segment.maxOrders !== undefined && { maxOrders: segment.maxOrders }),
      ...(segment.minSpent !== undefined && { minSpent: segment.minSpent }),
      ...(segment.orderedSince !== undefined && { orderedSince: segment.orderedSince }),
      ...(segment.notOrderedSince !== undefined && { notOrderedSince: segment.notOrderedSince }),
      ...(segment.activeSince !== undefined && { activeSince: segment.activeSince }),
    };
  };
  return {
    async count(tenantId, segment) {
      return storage.memberCustomers.count(tenantId, await queryOf(tenantId, segment));
    },
    async ids(tenantId, segment, page) {
      const rows = await storage.memberCustomers.list(
        tenantId,
        await queryOf(tenantId, segment),
        page,
      );
      return rows.map((row) => row.id);
    },
  };
}
