import type {
  Coupon,
  CouponCode,
  CouponCodeVia,
  CouponKind,
  CouponSettings,
  CouponStatistics,
  CouponStatus,
} from "./coupon.js";

/** Result of {@link CouponRepository.insert}: a taken code (reusable code or a batch code) stores nothing. */
export type CouponInsertion =
  | { readonly outcome: "inserted" }
  | { readonly outcome: "code_taken"; readonly code: string };

/** Filter of {@link CouponRepository.list}. */
export interface CouponFilter {
  readonly status?: CouponStatus;
  readonly kind?: CouponKind;
}

/** The fields {@link CouponRepository.update} may change. */
export type CouponChanges = Partial<
  Pick<
    Coupon,
    | "name"
    | "status"
    | "value"
    | "threshold"
    | "validFrom"
    | "validUntil"
    | "scope"
    | "perCustomerLimit"
    | "useLimit"
    | "publishedAt"
    | "abandonedAt"
  >
> & { readonly updatedAt: string };

/** One customer's share of {@link CouponRepository.issue}. */
export interface CouponGrant {
  readonly customerId: string;
  readonly quantity: number;
  /** Only with quantity 1: a key already used makes the grant issue nothing (idempotent grants). */
  readonly grantKey?: string;
}

/** Result of {@link CouponRepository.issue}. */
export type CouponIssue =
  /** Every grant got its codes (`codes`); grants whose key was used already got none. */
  | { readonly outcome: "issued"; readonly codes: readonly CouponCode[] }
  /** Fewer unassigned codes than asked; nothing was issued. */
  | { readonly outcome: "short"; readonly available: number }
  /** The coupon is not a published normal coupon (abandoned meanwhile); nothing was issued. */
  | { readonly outcome: "closed" };

/** Result of {@link CouponRepository.claim}. */
export type CouponClaim =
  | { readonly outcome: "claimed"; readonly code: CouponCode }
  | { readonly outcome: "limit_reached" }
  | { readonly outcome: "short" }
  /** The coupon is not a published normal coupon (abandoned meanwhile). */
  | { readonly outcome: "closed" };

/** Result of {@link CouponRepository.useReusable}. */
export type ReusableUse =
  | { readonly outcome: "used"; readonly useCount: number }
  /** This order used it already (a repeated commit): nothing changed. */
  | { readonly outcome: "already_used" }
  | { readonly outcome: "exhausted" }
  | { readonly outcome: "limit_reached" }
  /** The coupon is not a published reusable coupon (abandoned meanwhile). */
  | { readonly outcome: "closed" };

/** Result of {@link CouponRepository.delete}. */
export type CouponDeletion = "deleted" | "in_use" | "not_found";

/**
 * Storage of coupons, their codes and reusable uses, scoped by tenant. Every
 * hand-out and use is one atomic conditional write: no code is held or used
 * twice, no customer passes the claim limit, a reusable code never passes
 * its use count, whatever runs concurrently.
 */
export interface CouponRepository {
  /** Stores a new coupon (and, for a normal one, its codes); refuses, storing nothing, a code the tenant has. */
  insert(coupon: Coupon, codes: readonly CouponCode[]): Promise<CouponInsertion>;
  get(tenantId: string, id: string): Promise<Coupon | null>;
  /** The normal coupon with this claim token. */
  getByClaimToken(tenantId: string, claimToken: string): Promise<Coupon | null>;
  /** The reusable coupon whose code is `code`. */
  getByReusableCode(tenantId: string, code: string): Promise<Coupon | null>;
  /** Newest first, ids below `beforeId`. */
  list(
    tenantId: string,
    filter: CouponFilter,
    page: { readonly beforeId: string | null; readonly limit: number },
  ): Promise<Coupon[]>;
  /** Changes the coupon only while its status is `expectedStatus` (compare-and-set); null otherwise or unknown. */
  update(
    tenantId: string,
    id: string,
    expectedStatus: CouponStatus,
    changes: CouponChanges,
  ): Promise<Coupon | null>;
  /** Deletes the coupon and its codes only when no code was ever handed out and no use recorded, atomically. */
  delete(tenantId: string, id: string): Promise<CouponDeletion>;
  /**
   * Hands unassigned codes to the grants' customers, all or none: `short`
   * (nothing changed) when fewer are left than the grants ask for, `closed`
   * unless the coupon is published (read under a lock that an abandon waits for).
   */
  issue(
    tenantId: string,
    couponId: string,
    grants: readonly CouponGrant[],
    via: CouponCodeVia,
    at: string,
  ): Promise<CouponIssue>;
  /**
   * Hands one unassigned code of the published coupon to `customerId` unless
   * they claimed `limit` codes of it already.
   */
  claim(
    tenantId: string,
    couponId: string,
    customerId: string,
    limit: number,
    at: string,
  ): Promise<CouponClaim>;
  /** The code with this text. */
  getCode(tenantId: string, code: string): Promise<CouponCode | null>;
  /** The customer's codes, newest hand-out first, ids below `beforeId`. */
  listHeld(
    tenantId: string,
    customerId: string,
    page: { readonly beforeId: string | null; readonly limit: number },
  ): Promise<CouponCode[]>;
  /** Codes of a coupon, by id ascending after `afterId`. */
  listCodes(
    tenantId: string,
    couponId: string,
    page: { readonly afterId: string | null; readonly limit: number },
  ): Promise<CouponCode[]>;
  /** Marks a code `held` by `customerId` used by `orderId`; null (nothing changed) when it is not so held. */
  useCode(
    tenantId: string,
    codeId: string,
    customerId: string,
    orderId: string,
    at: string,
  ): Promise<CouponCode | null>;
  /** Codes used by `orderId`. */
  codesOfOrder(tenantId: string, orderId: string): Promise<CouponCode[]>;
  /** Gives a code used by `orderId` back to its holder; false when it is not so used (given back already). */
  returnCode(tenantId: string, codeId: string, orderId: string): Promise<boolean>;
  /**
   * Records `orderId`'s use of the reusable coupon, unless the use count is
   * reached or the customer used it `perCustomerLimit` times already.
   */
  useReusable(
    tenantId: string,
    couponId: string,
    customerId: string,
    orderId: string,
    at: string,
  ): Promise<ReusableUse>;
  /** The reusable coupons `orderId` used. */
  reusableOfOrder(tenantId: string, orderId: string): Promise<string[]>;
  /** Removes `orderId`'s use of the reusable coupon and lowers its use count; false when there is none. */
  returnReusable(tenantId: string, couponId: string, orderId: string): Promise<boolean>;
  statistics(tenantId: string, couponId: string): Promise<CouponStatistics | null>;
  getSettings(tenantId: string): Promise<CouponSettings | null>;
  saveSettings(settings: CouponSettings): Promise<void>;
}

/** The coupons part of the storage port. */
export interface CouponRepositories {
  readonly coupons: CouponRepository;
}
