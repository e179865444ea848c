import { notFound, OneCodeError } from "../../kernel/errors.js";
import type { Coupon } from "./coupon.js";

/** `COUPON_STATE`: the coupon's status (or kind) does not allow `action`. */
export function couponState(coupon: Coupon, action: string, status: string = coupon.status) {
  return new OneCodeError("COUPON_STATE", `coupon ${coupon.id} is ${status}: cannot ${action}`, {
    couponId: coupon.id,
    status,
    action,
  });
}

/** `COUPON_SHORT`: fewer unassigned codes than asked. */
export function couponShort(couponId: string, requested: number, available: number) {
  return new OneCodeError(
    "COUPON_SHORT",
    `coupon ${couponId} has ${available} code(s) left, ${requested} asked`,
    { couponId, requested, available },
  );
}

/** `NOT_FOUND` for a coupon. */
export const couponNotFound = (id: string, field?: string) => notFound("coupon", id, field);

/** The field an order's coupon code comes in. */
export const COUPON_CODE_FIELD = "pricingOptions.couponCode";

/** `COUPON_UNUSABLE` naming `pricingOptions.couponCode`. */
export function couponUnusable(
  reason:
    | "unknown"
    | "not_held"
    | "used"
    | "not_started"
    | "expired"
    | "abandoned"
    | "exhausted"
    | "limit_reached",
) {
  return new OneCodeError(
    "COUPON_UNUSABLE",
    `${COUPON_CODE_FIELD} cannot be used: ${reason.replace("_", " ")}`,
    { field: COUPON_CODE_FIELD, reason },
  );
}
