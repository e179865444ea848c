import type { StorageRepositories } from "../../../ports/storage.js";
import type { MemberCustomer, MemberLevel, MemberSettings } from "../member-records.js";
import { levelOf } from "../points/points-rules.js";

/** The id of every tenant's default level (普通会员). */
export const DEFAULT_LEVEL_ID = "default";

/** The tenant's levels by ascending threshold, the default level created on first use. */
export async function levelsOf(
  storage: Pick<StorageRepositories, "memberLevels">,
  tenantId: string,
  at: string,
): Promise<MemberLevel[]> {
  const levels = await storage.memberLevels.list(tenantId);
  if (levels.some((level) => level.isDefault)) return levels;
  // Two first uses may race: the id is fixed, so only one insert lands.
  await storage.memberLevels.insert({
    tenantId,
    id: DEFAULT_LEVEL_ID,
    name: "Member",
    threshold: 0,
    discount: null,
    icon: null,
    isDefault: true,
    createdAt: at,
    updatedAt: at,
  });
  return storage.memberLevels.list(tenantId);
}

/** What levels count for the customer: experience, or points earned from orders. */
export function levelScore(customer: MemberCustomer, settings: MemberSettings): number {
  return settings.levelBasis === "points" ? customer.pointsEarned : customer.experience;
}

/** The customer's level under the tenant's levels and basis. */
export function customerLevel(
  customer: MemberCustomer,
  levels: readonly MemberLevel[],
  settings: MemberSettings,
): MemberLevel | null {
  return levelOf(levels, levelScore(customer, settings));
}

/**
 * Score ranges of the given levels (`max` exclusive: the next higher
 * threshold), so a storage query finds their customers without a stored
 * level: a customer's level follows their score at once.
 */
export function levelRanges(
  levels: readonly MemberLevel[],
  levelIds: readonly string[],
): { readonly min: number; readonly max: number | null }[] {
  const ranges: { min: number; max: number | null }[] = [];
  levels.forEach((level, index) => {
    if (!levelIds.includes(level.id)) return;
    const higher = levels.slice(index + 1).find((next) => next.threshold > level.threshold);
    // Equal thresholds: the later level wins (levelOf), so an earlier one reaches no one.
    const shadowed = levels.slice(index + 1).some((next) => next.threshold === level.threshold);
    if (!shadowed) ranges.push({ min: level.threshold, max: higher ? higher.threshold : null });
  });
  return ranges;
}
