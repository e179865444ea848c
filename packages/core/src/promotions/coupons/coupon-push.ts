import { countChanges } from "../../kernel/audit/audit-summary.js";
import { isoNow } from "../../kernel/clock.js";
import { OneCodeError } from "../../kernel/errors.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { CustomerSegment, CustomerSegments } from "../customer-segment.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import type { Coupon } from "./coupon.js";
import { couponNotFound, couponShort, couponState } from "./coupon-errors.js";

/** What `coupons.previewPush` answers: the segment's size now and the codes left. */
export interface CouponPushPreview {
  readonly customers: number;
  readonly available: number;
}

/** What `coupons.push` answers. */
export interface CouponPushResult {
  /** `cps_…`: makes each customer's code of this push issued once. */
  readonly pushId: string;
  readonly customers: number;
  readonly issued: number;
}

/** Targeted pushes (发券宝). */
export interface CouponPushService {
  /**
   * How many customers the segment holds and how many codes the coupon has left.
   * @throws `NOT_FOUND`, `COUPON_STATE` (a reusable coupon), `SERVICE_UNAVAILABLE` (no segment reader configured).
   */
  previewPush(
    ctx: TenantContext,
    couponId: string,
    segment: CustomerSegment,
  ): Promise<CouponPushPreview>;
  /**
   * Issues one code to every customer of the segment, page by page; refused
   * (nothing issued) when the segment is larger than the codes left. With
   * `notify`, records a `promotions.coupon_pushed` event per page (payload
   * `{ couponId, pushId, customerIds }`) for a notification handler.
   * Audited as `promotions.coupon.pushed`.
   *
   * @throws `NOT_FOUND`, `COUPON_STATE`, `COUPON_SHORT`, `SERVICE_UNAVAILABLE` (no segment reader).
   */
  push(
    ctx: TenantContext,
    couponId: string,
    segment: CustomerSegment,
    options?: { readonly notify?: boolean },
  ): Promise<CouponPushResult>;
}

/** Customers issued per transaction. */
const PUSH_PAGE = 200;

/** Builds pushes over the segment reader of `options` (the members module's). */
export function couponPushService(
  runtime: PromotionsRuntime,
  options: { readonly segments?: CustomerSegments },
): CouponPushService {
  const { storage, clock, ids } = runtime.ports;

  function segmentsOrFail(): CustomerSegments {
    if (!options.segments) {
      throw new OneCodeError(
        "SERVICE_UNAVAILABLE",
        "no customer segment reader is configured: pushes need the members module",
        { service: "storage" },
      );
    }
    return options.segments;
  }

  async function pushable(ctx: TenantContext, couponId: string): Promise<Coupon> {
    const coupon = await storage.coupons.get(ctx.tenantId, couponId);
    if (!coupon) throw couponNotFound(couponId);
    if (coupon.kind !== "normal") throw couponState(coupon, "push", "reusable");
    return coupon;
  }

  async function preview(ctx: TenantContext, couponId: string, segment: CustomerSegment) {
    const segments = segmentsOrFail();
    const coupon = await pushable(ctx, couponId);
    const [customers, statistics] = await Promise.all([
      segments.count(ctx.tenantId, segment ?? {}),
      storage.coupons.statistics(ctx.tenantId, couponId),
    ]);
    return { coupon, customers, available: statistics?.available ?? 0 };
  }

  return {
    async previewPush(ctx, couponId, segment) {
      requireCapability(ctx, "promotions.read");
      const { customers, available } = await preview(ctx, couponId, segment);
      return { customers, available };
    },

    async push(ctx, couponId, segment, pushOptions = {}) {
      requireCapability(ctx, "promotions.manage");
      const { coupon, customers, available } = await preview(ctx, couponId, segment);
      if (coupon.status !== "published") throw couponState(coupon, "push");
      if (customers > available) throw couponShort(couponId, customers, available);
      const segments = segmentsOrFail();
      const pushId = ids.newId("cps");
      let issued = 0;
      let reached = 0;
      let afterId: string | null = null;
      for (;;) {
        const page: string[] = await segments.ids(ctx.tenantId, segment ?? {}, {
          afterId,
          limit: PUSH_PAGE,
        });
        if (page.length === 0) break;
        afterId = page[page.length - 1] ?? null;
        reached += page.length;
        issued += await storage.transaction(async (tx) => {
          const result = await tx.coupons.issue(
            ctx.tenantId,
            couponId,
            page.map((customerId) => ({
              customerId,
              quantity: 1,
              grantKey: `push:${pushId}:${customerId}`,
            })),
            "push",
            isoNow(clock),
          );
          // The segment grew, or codes went elsewhere, since the preview.
          if (result.outcome === "short") {
            throw couponShort(couponId, page.length, result.available);
          }
          if (result.outcome === "closed") throw couponState(coupon, "push", "abandoned");
          if (pushOptions.notify && result.codes.length > 0) {
            await runtime.recordEvents(tx, ctx, [
              {
                type: "promotions.coupon_pushed",
                aggregate: { type: "coupon", id: couponId },
                payload: {
                  couponId,
                  pushId,
                  customerIds: result.codes.map((c) => c.holderId ?? ""),
                },
              },
            ]);
          }
          return result.codes.length;
        });
        if (page.length < PUSH_PAGE) break;
      }
      await storage.transaction((tx) =>
        runtime.recordAudit(tx, ctx, {
          action: "promotions.coupon.pushed",
          target: { type: "coupon", id: couponId },
          changes: countChanges({ customers: reached, codes: issued }),
        }),
      );
      return { pushId, customers: reached, issued };
    },
  };
}
