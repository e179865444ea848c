import { isoNow } from "../../kernel/clock.js";
import { OneCodeError } from "../../kernel/errors.js";
import { type Page, type PageRequest, paginate } from "../../kernel/pagination.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { PromotionScope } from "../pricing/pricing-sources.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import type { Coupon, CouponCode, CouponValue } from "./coupon.js";
import { couponNotFound, couponState } from "./coupon-errors.js";

/** Where a wallet code stands for its holder now. */
export type WalletCodeState = "usable" | "used" | "not_started" | "expired";

/** One code of a buyer's wallet: the code and its coupon's terms. */
export interface WalletCoupon {
  /** The code's id (`cpc_…`); `id` of the page cursor. */
  readonly id: string;
  readonly code: string;
  readonly couponId: string;
  readonly name: string;
  readonly value: CouponValue;
  readonly threshold: number;
  readonly scope: PromotionScope;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly state: WalletCodeState;
  readonly heldAt: string | null;
  readonly usedAt: string | null;
}

/** The consumer side of coupons. */
export interface CouponConsumerService {
  /** The buyer's codes, newest hand-out first, with their state now. Consumers only. */
  wallet(ctx: TenantContext, page?: PageRequest): Promise<Page<WalletCoupon>>;
  /**
   * Claims one code of the coupon behind a claim link's token, atomically:
   * no code goes to two customers and no customer passes the coupon's
   * per-customer limit. Consumers only.
   *
   * @throws `NOT_FOUND` (no coupon has the token; field `claimToken`),
   *   `COUPON_STATE` (not published, or ended), `COUPON_CLAIM_LIMIT`, `COUPON_SHORT`.
   */
  claim(ctx: TenantContext, claimToken: string): Promise<WalletCoupon>;
}

/** The state of a held or used code of `coupon` at `now`. */
export function walletState(code: CouponCode, coupon: Coupon, now: string): WalletCodeState {
  if (code.state === "used") return "used";
  if (now < coupon.validFrom) return "not_started";
  if (now >= coupon.validUntil) return "expired";
  return "usable";
}

/** A wallet entry of `code` (held or used) of `coupon`. */
export function walletCoupon(code: CouponCode, coupon: Coupon, now: string): WalletCoupon {
  return {
    id: code.id,
    code: code.code,
    couponId: coupon.id,
    name: coupon.name,
    value: coupon.value,
    threshold: coupon.threshold,
    scope: coupon.scope,
    validFrom: coupon.validFrom,
    validUntil: coupon.validUntil,
    state: walletState(code, coupon, now),
    heldAt: code.heldAt,
    usedAt: code.usedAt,
  };
}

function consumerOnly(ctx: TenantContext): string {
  if (ctx.actor.kind !== "consumer") {
    throw new OneCodeError("FORBIDDEN", "only a consumer has a coupon wallet", {
      actor: ctx.actor.id,
      capability: "promotions.read",
    });
  }
  return ctx.actor.id;
}

/** Builds the consumer side of coupons. */
export function couponConsumerService(runtime: PromotionsRuntime): CouponConsumerService {
  const { storage, clock } = runtime.ports;
  return {
    async wallet(ctx, page) {
      const customerId = consumerOnly(ctx);
      const now = isoNow(clock);
      const codes = await paginate(page, (query) =>
        storage.coupons.listHeld(ctx.tenantId, customerId, query),
      );
      const coupons = new Map<string, Coupon | null>();
      const items: WalletCoupon[] = [];
      for (const code of codes.items) {
        if (!coupons.has(code.couponId)) {
          coupons.set(code.couponId, await storage.coupons.get(ctx.tenantId, code.couponId));
        }
        const coupon = coupons.get(code.couponId);
        if (coupon) items.push(walletCoupon(code, coupon, now));
      }
      return { items, nextCursor: codes.nextCursor };
    },

    async claim(ctx, claimToken) {
      const customerId = consumerOnly(ctx);
      const token = typeof claimToken === "string" ? claimToken : "";
      const coupon = token ? await storage.coupons.getByClaimToken(ctx.tenantId, token) : null;
      if (!coupon) throw couponNotFound("(claim token)", "claimToken");
      const now = isoNow(clock);
      if (coupon.status !== "published") throw couponState(coupon, "claim");
      if (now >= coupon.validUntil) throw couponState(coupon, "claim", "ended");
      const claimed = await storage.coupons.claim(
        ctx.tenantId,
        coupon.id,
        customerId,
        coupon.perCustomerLimit,
        now,
      );
      if (claimed.outcome === "limit_reached") {
        throw new OneCodeError(
          "COUPON_CLAIM_LIMIT",
          `customer ${customerId} claimed coupon ${coupon.id} ${coupon.perCustomerLimit} time(s) already`,
          { couponId: coupon.id, limit: coupon.perCustomerLimit },
        );
      }
      if (claimed.outcome === "closed") throw couponState(coupon, "claim", "abandoned");
      if (claimed.outcome === "short") {
        throw new OneCodeError("COUPON_SHORT", `coupon ${coupon.id} has no code left`, {
          couponId: coupon.id,
          requested: 1,
          available: 0,
        });
      }
      return walletCoupon(claimed.code, coupon, now);
    },
  };
}
