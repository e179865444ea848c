/**
 * The stored records of the members module (§4.5): customers with their
 * statistics and points balance, member levels, tags, the points ledger and
 * each tenant's member settings.
 */

/**
 * A customer (顾客) of a tenant: the consumer account id a host's login
 * gives, with what the members module keeps about it. The points balance is
 * changed only by the points ledger (atomically with its entry).
 */
export interface MemberCustomer {
  readonly tenantId: string;
  /** The consumer account id (the consumer actor's id). */
  readonly id: string;
  /** The customer who referred this one at registration, or `null`. */
  readonly referrerId: string | null;
  readonly registeredAt: string;
  /** Last registration, order or check-in: segments' "active since". */
  readonly lastSeenAt: string;
  /** A blacklisted customer can neither log in nor order. */
  readonly blacklisted: boolean;
  readonly blacklistReason: string | null;
  /** Experience (经验值) from completed orders and staff changes. */
  readonly experience: number;
  /** Points spendable now; only the points ledger changes it. */
  readonly pointsBalance: number;
  /** Points ever earned from orders; levels count them when the tenant's basis is `points`. */
  readonly pointsEarned: number;
  /** Paid orders (成交单数), refunded ones included. */
  readonly ordersCount: number;
  /** Σ paid order totals less refunds that succeeded, minor units (消费总额). */
  readonly totalSpent: number;
  readonly lastOrderAt: string | null;
  /** Ids of the tags assigned, ascending. */
  readonly tagIds: readonly string[];
  /** The local date (`YYYY-MM-DD`, tenant zone) of the last check-in, or `null`. */
  readonly lastCheckInOn: string | null;
  /** Consecutive local days checked in, ending `lastCheckInOn`. */
  readonly checkInStreak: number;
  /** Bumped by each change but the points balance; the compare-and-set key of `update`. */
  readonly version: number;
  readonly updatedAt: string;
}

/** A member level (会员等级); the level of a customer is the highest one whose threshold they reached. */
export interface MemberLevel {
  readonly tenantId: string;
  readonly id: string;
  readonly name: string;
  /** Experience (or points earned, per the tenant's basis) needed; the default level needs 0. */
  readonly threshold: number;
  /** What is paid, as a decimal factor (`"0.8"`: 20% off), or `null` for no discount. */
  readonly discount: string | null;
  /** Icon URL, or `null`. */
  readonly icon: string | null;
  /** The tenant's default level (普通会员): threshold 0, cannot be deleted. */
  readonly isDefault: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A free-form customer tag (会员标签). */
export interface MemberTag {
  readonly tenantId: string;
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Why the points balance changed. */
export type PointsEntryKind =
  | "earn"
  | "redeem"
  | "refund"
  | "expire"
  | "adjust"
  | "check_in"
  | "referral";

/** Every {@link PointsEntryKind}. */
export const POINTS_ENTRY_KINDS = Object.freeze([
  "earn",
  "redeem",
  "refund",
  "expire",
  "adjust",
  "check_in",
  "referral",
] as const);

/** One change of a customer's points balance (积分明细). */
export interface PointsEntry {
  readonly tenantId: string;
  /** Sortable id (`pts_…`). */
  readonly id: string;
  readonly customerId: string;
  readonly kind: PointsEntryKind;
  /** Signed change; never zero. */
  readonly delta: number;
  /** The balance right after this entry. */
  readonly balanceAfter: number;
  /** Unique within the tenant: the same key is never applied twice (`earn:<orderId>`, `check_in:<customer>:<date>`). */
  readonly key: string;
  /** The order it belongs to, or `null`. */
  readonly orderId: string | null;
  /** The local year it was credited in (tenant zone): points expire at the end of the next year. */
  readonly year: number;
  readonly note: string | null;
  /** Actor kind and id of who caused it. */
  readonly actor: { readonly kind: string; readonly id: string };
  readonly createdAt: string;
}

/** A tenant's member and points settings (会员积分设置). */
export interface MemberSettings {
  readonly tenantId: string;
  /** What levels are reached by: experience, or points earned from orders. */
  readonly levelBasis: "experience" | "points";
  /** Experience per 1.00 of the order's paid amount (decimal string, `"10"`: ¥1 → 10); `"0"` turns it off. */
  readonly experiencePerYuan: string;
  /** Whether customers earn and spend points at all. */
  readonly pointsEnabled: boolean;
  /** Points per 1.00 of a unit's list price (decimal string, `"1"`: ¥9.80 → 9 points). */
  readonly earnCoefficient: string;
  /** Per-SKU coefficients replacing `earnCoefficient` (SKU id → decimal string). */
  readonly skuCoefficients: Readonly<Record<string, string>>;
  /** `points` points pay `amount` minor units; null turns paying with points off. */
  readonly redeem: { readonly points: number; readonly amount: number } | null;
  /** Largest percentage (0–100) of the amount entering step 4 that points may pay. */
  readonly redeemCapPercent: number;
  /** Points for a daily check-in (0: check-in off). */
  readonly checkInDaily: number;
  /** Extra points on the 7th, 15th and 30th consecutive day. */
  readonly checkInBonuses: {
    readonly day7: number;
    readonly day15: number;
    readonly day30: number;
  };
  /** Points to the referrer when a referred customer registers. */
  readonly referralReward: number;
  /** Whether points expire at the end of the year after the year they were credited. */
  readonly expiryEnabled: boolean;
  readonly updatedAt: string | null;
}

/** Settings of a tenant that saved none. */
export const DEFAULT_MEMBER_SETTINGS: Omit<MemberSettings, "tenantId"> = Object.freeze({
  levelBasis: "experience",
  experiencePerYuan: "1",
  pointsEnabled: true,
  earnCoefficient: "1",
  skuCoefficients: Object.freeze({}),
  redeem: Object.freeze({ points: 100, amount: 100 }),
  redeemCapPercent: 50,
  checkInDaily: 1,
  checkInBonuses: Object.freeze({ day7: 7, day15: 15, day30: 30 }),
  referralReward: 0,
  expiryEnabled: true,
  updatedAt: null,
});
