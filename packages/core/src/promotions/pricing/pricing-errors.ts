/** The refusals of the pricing pipeline, each naming the buyer's option that caused it. */
import { OneCodeError } from "../../kernel/errors.js";

/** The input field of the chosen coupon. */
export const COUPON_FIELD = "pricingOptions.couponCode";
/** The input field of the points to spend. */
export const POINTS_FIELD = "pricingOptions.points";

/** `CUSTOMER_BLACKLISTED`: a blacklisted customer cannot order. */
export function customerBlacklisted(customerId: string): OneCodeError<"CUSTOMER_BLACKLISTED"> {
  return new OneCodeError(
    "CUSTOMER_BLACKLISTED",
    `customer ${customerId} is blacklisted and cannot order`,
    { customerId },
  );
}

/** `PRICING_COUPON_NOT_APPLICABLE` of the chosen coupon. */
export function couponNotApplicable(
  couponId: string,
  reason: "threshold" | "no_eligible_lines",
  threshold: number,
  amount: number,
): OneCodeError<"PRICING_COUPON_NOT_APPLICABLE"> {
  const why =
    reason === "threshold"
      ? `needs ${threshold} minor units of eligible goods; the cart has ${amount} after activities`
      : "covers no line of the cart (out of its scope, or priced by an exclusive special price)";
  return new OneCodeError(
    "PRICING_COUPON_NOT_APPLICABLE",
    `${COUPON_FIELD}: coupon ${couponId} ${why}`,
    { field: COUPON_FIELD, couponId, reason, threshold, amount },
  );
}

/** `PRICING_POINTS_OVER_BALANCE`: more points asked for than held. */
export function pointsOverBalance(
  requested: number,
  balance: number,
): OneCodeError<"PRICING_POINTS_OVER_BALANCE"> {
  return new OneCodeError(
    "PRICING_POINTS_OVER_BALANCE",
    `${POINTS_FIELD}: ${requested} points asked for; the customer holds ${balance}`,
    { field: POINTS_FIELD, requested, balance },
  );
}

/** `PRICING_POINTS_OVER_CAP`: more points asked for than may pay the order. */
export function pointsOverCap(
  requested: number,
  maxPoints: number,
): OneCodeError<"PRICING_POINTS_OVER_CAP"> {
  return new OneCodeError(
    "PRICING_POINTS_OVER_CAP",
    `${POINTS_FIELD}: ${requested} points asked for; at most ${maxPoints} may pay this order`,
    { field: POINTS_FIELD, requested, maxPoints },
  );
}
