import {
  countChanges,
  createdChanges,
  deletedChanges,
  fieldChanges,
  updatedChanges,
} from "../../kernel/audit/audit-summary.js";
import { isoNow } from "../../kernel/clock.js";
import { OneCodeError } from "../../kernel/errors.js";
import { type Page, type PageRequest, paginate } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { CustomerSegments } from "../customer-segment.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import type { Coupon, CouponCode, CouponStatistics, CouponStatus } from "./coupon.js";
import { claimLinkUrl, generateCouponCodes, newClaimToken } from "./coupon-codes.js";
import { type CouponConsumerService, couponConsumerService } from "./coupon-consumer.js";
import { couponNotFound, couponShort, couponState } from "./coupon-errors.js";
import {
  type CouponDistributionInput,
  type CouponInput,
  type CouponTermsInput,
  checkCouponInput,
  checkCouponTerms,
  checkDistribution,
} from "./coupon-input.js";
import { type CouponPushService, couponPushService } from "./coupon-push.js";
import type { CouponChanges, CouponFilter } from "./ports.js";

/** A coupon with its counts, as `coupons.get` answers. */
export interface CouponDetail extends Coupon {
  readonly statistics: CouponStatistics;
  /** Normal, published coupons: the claim link (QR content); null otherwise. */
  readonly claimUrl: string | null;
}

/** What the coupon module needs beyond the promotions runtime. */
export interface CouponOptions {
  /**
   * Where claim links point: the token is appended, e.g.
   * `https://shop.example/coupons/claim/` → `https://shop.example/coupons/claim/<token>`.
   */
  readonly claimLinkBase: string;
  /** The members module's customer segments, for targeted pushes (发券宝); absent: pushes are refused. */
  readonly segments?: CustomerSegments;
}

/** Default claim-link base: a placeholder a deployment replaces (`createOneCode({ coupons: { claimLinkBase } })`). */
export const DEFAULT_CLAIM_LINK_BASE = "https://localhost/coupons/claim/";

/** Filter of `coupons.list`. */
export type CouponListFilter = CouponFilter & PageRequest;

/**
 * Coupons (优惠券, `onecode.coupons`): normal coupons (a batch of single-use
 * codes, distributed, claimed by link/QR, gifted or pushed) and reusable
 * coupons (one code used up to a use count). Staff reads need
 * `promotions.read`, writes `promotions.manage`; every write is audited.
 * Consumers use `wallet` and `claim`.
 */
export interface CouponService extends CouponPushService, CouponConsumerService {
  /**
   * Creates a draft: a normal coupon generates `quantity` codes (prefix +
   * random part, from the randomness port) or imports `codes`; a reusable
   * one stores its custom `code`. Audited as `promotions.coupon.created`.
   *
   * @throws `VALIDATION_FAILED`, `COUPON_CODE_TAKEN` (a code the tenant has).
   *
   * @example
   * ```ts
   * const coupon = await onecode.coupons.create(ctx, {
   *   kind: "normal",
   *   name: "2.00 off",
   *   codePrefix: "SPRING",
   *   quantity: 100,
   *   value: { kind: "fixed", amount: 200 },
   *   validFrom: "2026-05-01T00:00:00Z",
   *   validUntil: "2026-06-01T00:00:00Z",
   * });
   * ```
   */
  create(ctx: TenantContext, input: CouponInput): Promise<Coupon>;
  /** The coupon with its statistics and claim link. @throws `NOT_FOUND`. */
  get(ctx: TenantContext, couponId: string): Promise<CouponDetail>;
  /** Coupons newest first. */
  list(ctx: TenantContext, filter?: CouponListFilter): Promise<Page<Coupon>>;
  /**
   * Changes a draft's terms (the patch merged over them and checked whole).
   * @throws `VALIDATION_FAILED`, `NOT_FOUND`, `COUPON_STATE` (published or abandoned: immutable).
   */
  update(ctx: TenantContext, couponId: string, patch: Partial<CouponTermsInput>): Promise<Coupon>;
  /** draft → published; from then on immutable. @throws `NOT_FOUND`, `COUPON_STATE`. */
  publish(ctx: TenantContext, couponId: string): Promise<Coupon>;
  /**
   * → abandoned: unassigned codes and the claim link stop working; codes
   * customers hold stay usable in their window; a reusable code stops.
   * @throws `NOT_FOUND`, `COUPON_STATE` (abandoned already).
   */
  abandon(ctx: TenantContext, couponId: string): Promise<Coupon>;
  /** Deletes a coupon nothing was issued, claimed or used of. @throws `NOT_FOUND`, `COUPON_IN_USE`. */
  delete(ctx: TenantContext, couponId: string): Promise<void>;
  /** A normal coupon's codes, ascending by id after `afterId`. @throws `NOT_FOUND`. */
  codes(
    ctx: TenantContext,
    couponId: string,
    page?: { readonly afterId?: string | null; readonly limit?: number },
  ): Promise<CouponCode[]>;
  /**
   * Hands codes of a published normal coupon to listed customers in chosen
   * quantities, all or none. Audited as `promotions.coupon.distributed`.
   * @throws `VALIDATION_FAILED`, `NOT_FOUND`, `COUPON_STATE`, `COUPON_SHORT` (nothing issued).
   */
  distribute(
    ctx: TenantContext,
    couponId: string,
    grants: readonly CouponDistributionInput[],
  ): Promise<CouponCode[]>;
  /** The claim link of a normal coupon (its QR encodes `url`). @throws `NOT_FOUND`, `COUPON_STATE` (reusable). */
  claimLink(ctx: TenantContext, couponId: string): Promise<{ token: string; url: string }>;
  /** The sign-up gift coupon (注册送券), or null. */
  signupGift(ctx: TenantContext): Promise<{ couponId: string | null }>;
  /**
   * Names the coupon every new account gets one code of (null: none).
   * @throws `NOT_FOUND`, `COUPON_STATE` (a reusable coupon).
   */
  setSignupGift(ctx: TenantContext, couponId: string | null): Promise<{ couponId: string | null }>;
}

const target = (id: string) => ({ type: "coupon", id });

/** Builds the coupon use cases over the promotions runtime. */
export function couponService(runtime: PromotionsRuntime, options: CouponOptions): CouponService {
  const { storage, clock, ids, random } = runtime.ports;

  async function load(repos: StorageRepositories, ctx: TenantContext, couponId: string) {
    const coupon = await repos.coupons.get(ctx.tenantId, couponId);
    if (!coupon) throw couponNotFound(couponId);
    return coupon;
  }

  async function transition(
    ctx: TenantContext,
    couponId: string,
    action: string,
    from: readonly CouponStatus[],
    changes: (now: string) => CouponChanges,
  ): Promise<Coupon> {
    requireCapability(ctx, "promotions.manage");
    return storage.transaction(async (tx) => {
      const before = await load(tx, ctx, couponId);
      if (!from.includes(before.status)) throw couponState(before, action);
      const after = await tx.coupons.update(
        ctx.tenantId,
        couponId,
        before.status,
        changes(isoNow(clock)),
      );
      if (!after) throw couponState(before, action);
      await runtime.recordAudit(tx, ctx, {
        action: `promotions.coupon.${action}`,
        target: target(couponId),
        changes: updatedChanges(before, after, ["status", ...Object.keys(changes(""))]),
      });
      return after;
    });
  }

  const claimUrl = (coupon: Coupon) =>
    coupon.claimToken ? claimLinkUrl(options.claimLinkBase, coupon.claimToken) : "";

  return {
    ...couponPushService(runtime, options),
    ...couponConsumerService(runtime),

    async create(ctx, input) {
      requireCapability(ctx, "promotions.manage");
      const checked = checkCouponInput(input);
      const now = isoNow(clock);
      const { quantity, codes: imported, ...terms } = checked;
      const coupon: Coupon = {
        tenantId: ctx.tenantId,
        id: ids.newId("cpn"),
        ...terms,
        status: "draft",
        useCount: 0,
        claimToken: checked.kind === "normal" ? newClaimToken(random) : null,
        createdAt: now,
        updatedAt: now,
        publishedAt: null,
        abandonedAt: null,
      };
      const texts =
        checked.kind === "normal" && imported.length === 0
          ? generateCouponCodes(random, checked.codePrefix ?? "", quantity)
          : imported;
      const codes: CouponCode[] = texts.map((code) => ({
        tenantId: ctx.tenantId,
        id: ids.newId("cpc"),
        couponId: coupon.id,
        code,
        state: "unassigned",
        holderId: null,
        via: null,
        grantKey: null,
        heldAt: null,
        orderId: null,
        usedAt: null,
      }));
      return storage.transaction(async (tx) => {
        const inserted = await tx.coupons.insert(coupon, codes);
        if (inserted.outcome === "code_taken") {
          const index = imported.indexOf(inserted.code);
          const field =
            checked.kind === "reusable" ? "code" : index >= 0 ? `codes.${index}` : "codePrefix";
          throw new OneCodeError(
            "COUPON_CODE_TAKEN",
            `${field} ${inserted.code} is already a coupon code of this tenant`,
            { code: inserted.code, field },
          );
        }
        const { claimToken: _secret, ...shown } = coupon;
        await runtime.recordAudit(tx, ctx, {
          action: "promotions.coupon.created",
          target: target(coupon.id),
          changes: createdChanges({ ...shown, codes: codes.length }),
        });
        return coupon;
      });
    },

    async get(ctx, couponId) {
      requireCapability(ctx, "promotions.read");
      const coupon = await load(storage, ctx, couponId);
      const statistics = await storage.coupons.statistics(ctx.tenantId, couponId);
      if (!statistics) throw couponNotFound(couponId);
      const linked = coupon.kind === "normal" && coupon.status === "published";
      return { ...coupon, statistics, claimUrl: linked ? claimUrl(coupon) : null };
    },

    async list(ctx, filter = {}) {
      requireCapability(ctx, "promotions.read");
      const { limit, cursor, ...where } = filter;
      return paginate({ limit, cursor }, (page) => storage.coupons.list(ctx.tenantId, where, page));
    },

    async update(ctx, couponId, patch) {
      requireCapability(ctx, "promotions.manage");
      return storage.transaction(async (tx) => {
        const before = await load(tx, ctx, couponId);
        if (before.status !== "draft") throw couponState(before, "update");
        const merged: CouponTermsInput = {
          name: before.name,
          value: before.value,
          threshold: before.threshold,
          validFrom: before.validFrom,
          validUntil: before.validUntil,
          scope: before.scope,
          perCustomerLimit: before.perCustomerLimit,
          ...(before.useLimit !== null && { useLimit: before.useLimit }),
          ...patch,
        };
        const terms = checkCouponTerms(merged, before.kind);
        const after = await tx.coupons.update(ctx.tenantId, couponId, "draft", {
          ...terms,
          updatedAt: isoNow(clock),
        });
        if (!after) throw couponState(before, "update");
        await runtime.recordAudit(tx, ctx, {
          action: "promotions.coupon.updated",
          target: target(couponId),
          changes: updatedChanges(before, after, Object.keys(terms)),
        });
        return after;
      });
    },

    publish: (ctx, couponId) =>
      transition(ctx, couponId, "published", ["draft"], (now) => ({
        status: "published",
        publishedAt: now,
        updatedAt: now,
      })),

    abandon: (ctx, couponId) =>
      transition(ctx, couponId, "abandoned", ["draft", "published"], (now) => ({
        status: "abandoned",
        abandonedAt: now,
        updatedAt: now,
      })),

    async delete(ctx, couponId) {
      requireCapability(ctx, "promotions.manage");
      await storage.transaction(async (tx) => {
        const coupon = await load(tx, ctx, couponId);
        const outcome = await tx.coupons.delete(ctx.tenantId, couponId);
        if (outcome === "not_found") throw couponNotFound(couponId);
        if (outcome === "in_use") {
          throw new OneCodeError(
            "COUPON_IN_USE",
            `coupon ${couponId} has codes issued, claimed or used`,
            { couponId },
          );
        }
        const { claimToken: _secret, ...shown } = coupon;
        await runtime.recordAudit(tx, ctx, {
          action: "promotions.coupon.deleted",
          target: target(couponId),
          changes: deletedChanges(shown),
        });
      });
    },

    async codes(ctx, couponId, page = {}) {
      requireCapability(ctx, "promotions.read");
      await load(storage, ctx, couponId);
      const limit = Math.min(Math.max(page.limit ?? 100, 1), 1_000);
      return storage.coupons.listCodes(ctx.tenantId, couponId, {
        afterId: page.afterId ?? null,
        limit,
      });
    },

    async distribute(ctx, couponId, input) {
      requireCapability(ctx, "promotions.manage");
      const grants = checkDistribution(input);
      return storage.transaction(async (tx) => {
        const coupon = await load(tx, ctx, couponId);
        if (coupon.kind !== "normal") throw couponState(coupon, "distribute", "reusable");
        if (coupon.status !== "published") throw couponState(coupon, "distribute");
        const now = isoNow(clock);
        if (now >= coupon.validUntil) throw couponState(coupon, "distribute", "ended");
        const issued = await tx.coupons.issue(ctx.tenantId, couponId, grants, "distributed", now);
        if (issued.outcome === "short") {
          const requested = grants.reduce((sum, grant) => sum + grant.quantity, 0);
          throw couponShort(couponId, requested, issued.available);
        }
        if (issued.outcome === "closed") throw couponState(coupon, "distribute", "abandoned");
        await runtime.recordAudit(tx, ctx, {
          action: "promotions.coupon.distributed",
          target: target(couponId),
          changes: countChanges({ customers: grants.length, codes: issued.codes.length }),
        });
        return [...issued.codes];
      });
    },

    async claimLink(ctx, couponId) {
      requireCapability(ctx, "promotions.read");
      const coupon = await load(storage, ctx, couponId);
      if (coupon.kind !== "normal" || !coupon.claimToken) {
        throw couponState(coupon, "claim", "reusable");
      }
      return { token: coupon.claimToken, url: claimUrl(coupon) };
    },

    async signupGift(ctx) {
      requireCapability(ctx, "promotions.read");
      const saved = await storage.coupons.getSettings(ctx.tenantId);
      return { couponId: saved?.signupCouponId ?? null };
    },

    async setSignupGift(ctx, couponId) {
      requireCapability(ctx, "promotions.manage");
      return storage.transaction(async (tx) => {
        if (couponId !== null) {
          const coupon = await tx.coupons.get(ctx.tenantId, couponId);
          if (!coupon) throw couponNotFound(couponId, "couponId");
          if (coupon.kind !== "normal") throw couponState(coupon, "gift", "reusable");
        }
        const before = await tx.coupons.getSettings(ctx.tenantId);
        await tx.coupons.saveSettings({
          tenantId: ctx.tenantId,
          signupCouponId: couponId,
          updatedAt: isoNow(clock),
        });
        await runtime.recordAudit(tx, ctx, {
          action: "promotions.coupon.signup_gift_set",
          target: { type: "coupon_settings", id: ctx.tenantId },
          changes: fieldChanges({
            signupCouponId: { before: before?.signupCouponId ?? null, after: couponId },
          }),
        });
        return { couponId };
      });
    },
  };
}
