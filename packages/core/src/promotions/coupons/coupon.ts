import type { PromotionScope } from "../pricing/pricing-sources.js";

/**
 * `normal` (普通券): a batch of single-use codes; `reusable` (复用券): one
 * custom code used many times up to a use count.
 */
export type CouponKind = "normal" | "reusable";

/** draft → published (immutable from then on) → abandoned. */
export type CouponStatus = "draft" | "published" | "abandoned";

/** What a coupon takes off (minor units of the tenant's currency). */
export type CouponValue =
  | { readonly kind: "fixed"; readonly amount: number }
  /** `percentOff` whole percent taken off (10: 10% off), at most `cap` minor units (null: no cap). */
  | { readonly kind: "percent"; readonly percentOff: number; readonly cap: number | null };

/** A coupon (优惠券) as stored. */
export interface Coupon {
  readonly tenantId: string;
  /** `cpn_…`. */
  readonly id: string;
  readonly kind: CouponKind;
  readonly name: string;
  readonly status: CouponStatus;
  readonly value: CouponValue;
  /** The scoped amount must reach it (0: no threshold). */
  readonly threshold: number;
  /** ISO-8601 instants: usable from `validFrom` (inclusive) until `validUntil` (exclusive). */
  readonly validFrom: string;
  readonly validUntil: string;
  readonly scope: PromotionScope;
  /** Codes one customer may claim through the link (normal) or uses per customer (reusable). */
  readonly perCustomerLimit: number;
  /** Normal: the merchant prefix of every generated code. Reusable: null. */
  readonly codePrefix: string | null;
  /** Reusable: the one custom code. Normal: null. */
  readonly code: string | null;
  /** Reusable: how many times the code may be used in all. Normal: null. */
  readonly useLimit: number | null;
  /** Reusable: uses so far (uses given back by closed orders are not counted). Normal: 0. */
  readonly useCount: number;
  /** Normal: the unguessable token of the claim link. Reusable: null. */
  readonly claimToken: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly publishedAt: string | null;
  readonly abandonedAt: string | null;
}

/**
 * Where a normal coupon's code stands: `unassigned` (in stock), `held` by a
 * customer (issued or claimed, unused), `used` by an order.
 */
export type CouponCodeState = "unassigned" | "held" | "used";

/** How a code reached its holder: staff distribution, the claim link, a sign-up gift, an activity gift, a targeted push. */
export type CouponCodeVia = "distributed" | "claimed" | "signup" | "gift" | "push";

/** One code of a normal coupon. */
export interface CouponCode {
  readonly tenantId: string;
  /** `cpc_…`. */
  readonly id: string;
  readonly couponId: string;
  /** The code text, unique in the tenant (prefix + random part, or imported). */
  readonly code: string;
  readonly state: CouponCodeState;
  readonly holderId: string | null;
  readonly via: CouponCodeVia | null;
  /**
   * Makes an automatic grant happen once (`signup:<customerId>`,
   * `gift:<orderId>:<activityId>`, `push:<pushId>:<customerId>`); null otherwise.
   */
  readonly grantKey: string | null;
  readonly heldAt: string | null;
  readonly orderId: string | null;
  readonly usedAt: string | null;
}

/** One use of a reusable coupon's code by an order. */
export interface CouponUse {
  readonly tenantId: string;
  readonly couponId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly at: string;
}

/** Counts of a coupon (统计). */
export interface CouponStatistics {
  /** Normal: codes generated or imported. Reusable: the use count allowed. */
  readonly total: number;
  /** Normal: codes still unassigned. Reusable: uses left. */
  readonly available: number;
  /** Codes handed out by staff or the system (distribution, gifts, pushes). */
  readonly issued: number;
  /** Codes customers claimed through the link. */
  readonly claimed: number;
  /** Codes (or reusable uses) used by orders. */
  readonly used: number;
}

/** The tenant's coupon settings. */
export interface CouponSettings {
  readonly tenantId: string;
  /** The coupon every new account gets one code of (注册送券), or null for none. */
  readonly signupCouponId: string | null;
  readonly updatedAt: string;
}
