import { invalidField } from "./errors.js";

/**
 * An amount of money in integer minor units (fen for CNY) plus an ISO 4217
 * currency code. Never a float: every operation here is exact or rounds
 * half-up (away from zero) to the minor unit.
 */
export interface Money {
  /** Integer number of minor units; may be negative for adjustments. */
  readonly amount: number;
  /** Upper-case ISO 4217 code, e.g. `CNY`. */
  readonly currency: string;
}

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/**
 * Creates a {@link Money} value, checking that the amount is a safe integer.
 *
 * @example
 * ```ts
 * const price = money(6000, "CNY"); // 60.00 yuan
 * ```
 */
export function money(amount: number, currency = "CNY", field = "amount"): Money {
  if (!Number.isSafeInteger(amount)) {
    throw invalidField(
      field,
      "integer_minor_units",
      `${field} must be an integer number of minor units`,
    );
  }
  if (!CURRENCY_PATTERN.test(currency)) {
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

/** Sum of several amounts in one currency; `zero` names the currency when the list is empty. */
export function sumMoney(items: readonly Money[], currency = items[0]?.currency ?? "CNY"): Money {
  let total = money(0, currency);
  for (const item of items) total = addMoney(total, item);
  return total;
}

/** An exact decimal as `numerator / 10^scale`. */
interface Decimal {
  readonly numerator: bigint;
  readonly scale: number;
}

const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * Reads a rate such as `0.9`, `"0.95"` or `1.5e-3` as an exact decimal.
 * Numbers go through their shortest round-trip string, so `0.9` is exactly
 * nine tenths rather than the nearest binary fraction.
 */
function parseDecimal(rate: number | string, field: string): Decimal {
  const text = typeof rate === "number" ? String(rate) : rate.trim();
  const match = DECIMAL_PATTERN.exec(text);
  if (!match || (typeof rate === "number" && !Number.isFinite(rate))) {
    throw invalidField(field, "decimal", `${field} must be a finite decimal number`);
  }
  const [, sign, whole = "0", fraction = "", exponent = "0"] = match;
  const digits = BigInt(`${whole}${fraction}`) * (sign ? -1n : 1n);
  const scale = fraction.length - Number(exponent);
  return scale >= 0
    ? { numerator: digits, scale }
    : { numerator: digits * 10n ** BigInt(-scale), scale: 0 };
}

/** `numerator / denominator` rounded half away from zero. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

/**
 * Multiplies by a decimal rate and rounds half-up to the minor unit, e.g. a
 * member discount of `0.9` on 79.00 gives 71.10, and 0.5 fen rounds to 1 fen.
 * The rate is read exactly from its decimal form, never as a binary float.
 *
 * @example
 * ```ts
 * multiplyMoney(money(7900), 0.9).amount; // 7110
 * ```
 */
export function multiplyMoney(value: Money, rate: number | string, field = "rate"): Money {
  const { numerator, scale } = parseDecimal(rate, field);
  const product = divideHalfUp(BigInt(value.amount) * numerator, 10n ** BigInt(scale));
  if (product > BigInt(Number.MAX_SAFE_INTEGER) || product < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw invalidField(
      field,
      "overflow",
      `${field} makes the amount exceed the safe integer range`,
    );
  }
  return money(Number(product), value.currency);
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
 * allocateMoney(money(1000), [1, 1, 1]).map((m) => m.amount); // [334, 333, 333]
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
