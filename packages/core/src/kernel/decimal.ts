import { invalidField } from "./errors.js";

/** An exact decimal as `numerator / 10^scale`. */
export interface Decimal {
  readonly numerator: bigint;
  readonly scale: number;
}

const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * Reads a rate such as `0.9`, `"0.95"` or `1.5e-3` as an exact decimal.
 * Numbers go through their shortest round-trip string, so `0.9` is exactly
 * nine tenths rather than the nearest binary fraction.
 */
export function parseDecimal(rate: number | string, field: string): Decimal {
  const text =
    typeof rate === "number" ? String(rate) : typeof rate === "string" ? rate.trim() : "";
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

/** How many fraction digits the decimal really has, ignoring trailing zeros (`8.50` has one). */
export function significantScale(decimal: Decimal): number {
  let { numerator, scale } = decimal;
  while (scale > 0 && numerator % 10n === 0n) {
    numerator /= 10n;
    scale -= 1;
  }
  return scale;
}

/** Converts an exact integer result to a safe `number`, or refuses it as an overflow of `field`. */
export function toSafeInteger(value: bigint, field: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw invalidField(
      field,
      "overflow",
      `${field} makes the amount exceed the safe integer range`,
    );
  }
  return Number(value);
}
