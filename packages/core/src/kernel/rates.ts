import { type Decimal, parseDecimal, significantScale, toSafeInteger } from "./decimal.js";
import { invalidField } from "./errors.js";
import { type Money, money } from "./money.js";
import { checkRoundingMode, type RoundingMode, roundQuotient } from "./rounding.js";

/**
 * An exact multiplier `numerator / denominator` (denominator positive), built
 * by {@link zheRate}, {@link percentRate} or {@link factorRate} from decimal
 * input and applied by {@link applyRate} without floating point.
 */
export interface Rate {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

function rateOf(decimal: Decimal, extraDenominator: bigint): Rate {
  return Object.freeze({
    numerator: decimal.numerator,
    denominator: 10n ** BigInt(decimal.scale) * extraDenominator,
  });
}

/** `decimal` compared with `whole / 10^places` without floats: negative, zero or positive. */
function compareDecimal(decimal: Decimal, whole: bigint, places: number): number {
  const scale = Math.max(decimal.scale, places);
  const left = decimal.numerator * 10n ** BigInt(scale - decimal.scale);
  const right = whole * 10n ** BigInt(scale - places);
  return left === right ? 0 : left < right ? -1 : 1;
}

/**
 * A 折 (zhe) discount rate: `8.5` 折 means paying 85%. Accepts 0.1 to 9.99
 * with at most two decimals (pay 1% to 99.9%), as time-limited discounts
 * allow.
 *
 * @example
 * ```ts
 * applyRate(money(10_000, "CNY"), zheRate("8.5"), "half_up").amount; // 8500
 * ```
 */
export function zheRate(value: number | string, field = "rate"): Rate {
  const decimal = parseDecimal(value, field);
  if (compareDecimal(decimal, 10n, 2) < 0 || compareDecimal(decimal, 999n, 2) > 0) {
    throw invalidField(field, "zhe_range", `${field} must be between 0.1 and 9.99 折`);
  }
  if (significantScale(decimal) > 2) {
    throw invalidField(field, "zhe_precision", `${field} must have at most two decimals`);
  }
  return rateOf(decimal, 10n);
}

/**
 * A percentage from 0 to 100, e.g. `"12.5"` for 12.5% of an amount (a
 * commission, a percentage coupon's share, a cap on points redemption).
 *
 * @example
 * ```ts
 * applyRate(money(4000, "CNY"), percentRate(90), "half_up").amount; // 3600
 * ```
 */
export function percentRate(value: number | string, field = "percent"): Rate {
  const decimal = parseDecimal(value, field);
  if (compareDecimal(decimal, 0n, 0) < 0 || compareDecimal(decimal, 100n, 0) > 0) {
    throw invalidField(field, "percent_range", `${field} must be between 0 and 100`);
  }
  return rateOf(decimal, 100n);
}

/**
 * A non-negative decimal factor such as a member discount `0.8` (20% off) or
 * an experience rate `1.5`; no upper bound, so it may increase an amount.
 */
export function factorRate(value: number | string, field = "rate"): Rate {
  const decimal = parseDecimal(value, field);
  if (decimal.numerator < 0n) {
    throw invalidField(field, "non_negative", `${field} must not be negative`);
  }
  return rateOf(decimal, 1n);
}

/**
 * `value × rate`, rounded to the minor unit by `mode` and computed exactly
 * with integers. A discount rate (at most 1) on a non-negative amount never
 * gives more than the amount nor less than zero.
 *
 * @example
 * ```ts
 * applyRate(money(7915, "CNY"), factorRate("0.9"), "drop_fen").amount; // 7120 (exact 7123.5)
 * ```
 */
export function applyRate(value: Money, rate: Rate, mode: RoundingMode, field = "rate"): Money {
  checkRoundingMode(mode);
  const product = roundQuotient(BigInt(value.amount) * rate.numerator, rate.denominator, mode);
  return money(toSafeInteger(product, field), value.currency);
}

/**
 * A conversion such as "100 points = 1.00 yuan": `units` of something (points,
 * experience) worth `worth` of money. Build with {@link exchangeRatio}.
 */
export interface ExchangeRatio {
  readonly units: number;
  readonly worth: Money;
}

/**
 * Checks and freezes a conversion ratio: `units` a positive integer, `worth`
 * a positive amount.
 *
 * @example
 * ```ts
 * const points = exchangeRatio(100, money(100, "CNY")); // 100 points = 1.00 yuan
 * ```
 */
export function exchangeRatio(units: number, worth: Money, field = "ratio"): ExchangeRatio {
  if (!Number.isSafeInteger(units) || units <= 0) {
    throw invalidField(
      `${field}.units`,
      "positive_integer",
      `${field}.units must be a positive integer`,
    );
  }
  if (!Number.isSafeInteger(worth.amount) || worth.amount <= 0) {
    throw invalidField(
      `${field}.worth`,
      "positive_amount",
      `${field}.worth must be a positive amount`,
    );
  }
  return Object.freeze({ units, worth: money(worth.amount, worth.currency, `${field}.worth`) });
}

/**
 * The money `count` units are worth, rounded by `mode`: 250 points at 100 =
 * 1.00 give 2.50.
 */
export function unitsToMoney(count: number, ratio: ExchangeRatio, mode: RoundingMode): Money {
  checkRoundingMode(mode);
  if (!Number.isSafeInteger(count)) {
    throw invalidField("units", "integer", "units must be an integer");
  }
  const exact = roundQuotient(
    BigInt(count) * BigInt(ratio.worth.amount),
    BigInt(ratio.units),
    mode,
  );
  return money(toSafeInteger(exact, "units"), ratio.worth.currency);
}

/**
 * How many units `value` is worth, rounded by `mode` (`down` to never give
 * more points than paid for): 9.80 at 1 point = 1.00 gives 9 points.
 */
export function moneyToUnits(value: Money, ratio: ExchangeRatio, mode: RoundingMode): number {
  checkRoundingMode(mode);
  if (value.currency !== ratio.worth.currency) {
    throw invalidField(
      "currency",
      "same_currency",
      `cannot convert ${value.currency} at a ${ratio.worth.currency} ratio`,
    );
  }
  const exact = roundQuotient(
    BigInt(value.amount) * BigInt(ratio.units),
    BigInt(ratio.worth.amount),
    mode,
  );
  return toSafeInteger(exact, "amount");
}
