import { parseDecimal, toSafeInteger } from "./decimal.js";
import { invalidField } from "./errors.js";
import { roundQuotient } from "./rounding.js";

/**
 * An amount of money in integer minor units (fen for CNY) plus an ISO 4217
 * currency code. Never a float: every operation here is exact or rounds to
 * the minor unit by a named rounding mode.
 */
export interface Money {
  /** Integer number of minor units; may be negative for adjustments. */
  readonly amount: number;
  /** Upper-case ISO 4217 code, e.g. `CNY`. */
  readonly currency: string;
}

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/**
 * The currency of code that has no tenant to ask yet (built-in price tables,
 * examples). Code that knows the tenant passes the tenant's currency instead.
 */
export const DEFAULT_CURRENCY = "CNY";

/**
 * Creates a {@link Money} value, checking that the amount is a safe integer
 * and the currency an upper-case ISO 4217 code. The currency is required:
 * an amount without one is a bug, not a yuan.
 *
 * @example
 * ```ts
 * const price = money(6000, "CNY"); // 60.00 yuan
 * ```
 */
export function money(amount: number, currency: string, field = "amount"): Money {
  if (!Number.isSafeInteger(amount)) {
    throw invalidField(
      field,
      "integer_minor_units",
      `${field} must be an integer number of minor units`,
    );
  }
  if (typeof currency !== "string" || !CURRENCY_PATTERN.test(currency)) {
    throw invalidField("currency", "iso_4217", "currency must be a three-letter ISO 4217 code");
  }
  return Object.freeze({ amount, currency });
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw invalidField(
      "currency",
      "same_currency",
      `cannot combine ${a.currency} with ${b.currency}`,
    );
  }
}

/** `a + b`; both must share a currency. */
export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

/** `a - b`; both must share a currency. The result may be negative. */
export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

/**
 * Sum of several amounts in one currency. `currency` names it when the list
 * may be empty; an empty list without one is refused rather than assumed CNY.
 */
export function sumMoney(items: readonly Money[], currency?: string): Money {
  const named = currency ?? items[0]?.currency;
  if (named === undefined) {
    throw invalidField("currency", "required", "currency is required to sum an empty list");
  }
  let total = money(0, named);
  for (const item of items) total = addMoney(total, item);
  return total;
}

/**
 * `price - reduction`, never below zero: a fixed reduction larger than the
 * price makes it free, not negative. Both must share a currency.
 */
export function reduceMoney(price: Money, reduction: Money): Money {
  const rest = subtractMoney(price, reduction);
  return rest.amount < 0 ? money(0, price.currency) : rest;
}

/**
 * Multiplies by a decimal rate and rounds half-up to the minor unit, e.g. a
 * member discount of `0.9` on 79.00 gives 71.10, and 0.5 fen rounds to 1 fen.
 * The rate is read exactly from its decimal form, never as a binary float.
 *
 * @example
 * ```ts
 * multiplyMoney(money(7900, "CNY"), 0.9).amount; // 7110
 * ```
 */
export function multiplyMoney(value: Money, rate: number | string, field = "rate"): Money {
  const { numerator, scale } = parseDecimal(rate, field);
  const product = roundQuotient(BigInt(value.amount) * numerator, 10n ** BigInt(scale), "half_up");
  return money(toSafeInteger(product, field), value.currency);
}

/**
 * Splits `total` across lines in proportion to `weights` (typically the line
 * amounts) so that the parts add up to exactly `total`: no fen is lost or
 * invented. Remainders go to the lines with the largest fractional share,
 * earlier lines first on ties, which makes the split deterministic.
 * All-zero weights split evenly.
 *
 * @example
 * ```ts
 * allocateMoney(money(1000, "CNY"), [1, 1, 1]).map((m) => m.amount); // [334, 333, 333]
 * ```
 */
export function allocateMoney(total: Money, weights: readonly number[]): Money[] {
  if (weights.length === 0) {
    throw invalidField("weights", "non_empty", "weights must list at least one line");
  }
  weights.forEach((weight, index) => {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw invalidField(
        `weights.${index}`,
        "non_negative_integer",
        `weights.${index} must be a non-negative integer`,
      );
    }
  });
  const effective = weights.every((weight) => weight === 0) ? weights.map(() => 1) : weights;
  const weightSum = effective.reduce((sum, weight) => sum + BigInt(weight), 0n);
  const sign = total.amount < 0 ? -1n : 1n;
  const magnitude = BigInt(Math.abs(total.amount));

  const shares = effective.map((weight, index) => {
    const exact = magnitude * BigInt(weight);
    return { index, floor: exact / weightSum, remainder: exact % weightSum };
  });
  let leftover = magnitude - shares.reduce((sum, share) => sum + share.floor, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    share.floor += 1n;
    leftover -= 1n;
  }
  return shares.map((share) => money(Number(share.floor * sign), total.currency));
}
