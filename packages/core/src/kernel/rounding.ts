import { parseDecimal, toSafeInteger } from "./decimal.js";
import { invalidField } from "./errors.js";

/**
 * How an exact amount of minor units becomes a whole number of them. Every
 * mode is symmetric around zero (a negative amount rounds like its positive
 * counterpart, then takes the sign back), so a refund mirrors its charge.
 *
 * - `half_up`: to the nearest minor unit, halves away from zero (0.5 fen → 1 fen);
 *   the default for discounts.
 * - `up`: away from zero, the ceiling for positive amounts ("at least 1":
 *   experience points per order).
 * - `down`: toward zero, i.e. truncation (points 9.8 → 9).
 * - `drop_fen`: toward zero to a multiple of 10 minor units (71.15 → 71.10).
 * - `drop_jiao`: toward zero to a multiple of 100 minor units (71.15 → 71.00).
 */
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** Every {@link RoundingMode}, for validating stored settings. */
export const ROUNDING_MODES = Object.freeze([
  "half_up",
  "up",
  "down",
  "drop_fen",
  "drop_jiao",
] as const);

/** Throws `VALIDATION_FAILED` naming `field` unless `mode` is a {@link RoundingMode}. */
export function checkRoundingMode(mode: unknown, field = "rounding"): asserts mode is RoundingMode {
  if (!(ROUNDING_MODES as readonly unknown[]).includes(mode)) {
    throw invalidField(
      field,
      "rounding_mode",
      `${field} must be one of ${ROUNDING_MODES.join(", ")}`,
    );
  }
}

/** `numerator / denominator` (denominator positive) rounded to an integer by `mode`. */
export function roundQuotient(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  const magnitude = numerator < 0n ? -numerator : numerator;
  let rounded: bigint;
  switch (mode) {
    case "half_up":
      rounded = (magnitude * 2n + denominator) / (denominator * 2n);
      break;
    case "up":
      rounded = (magnitude + denominator - 1n) / denominator;
      break;
    case "down":
      rounded = magnitude / denominator;
      break;
    case "drop_fen":
      rounded = (magnitude / (denominator * 10n)) * 10n;
      break;
    case "drop_jiao":
      rounded = (magnitude / (denominator * 100n)) * 100n;
      break;
    default:
      checkRoundingMode(mode);
      rounded = 0n;
  }
  return numerator < 0n ? -rounded : rounded;
}

/**
 * Rounds an exact decimal amount of minor units (given as a decimal string or
 * number, read exactly, never as a binary float) to an integer by `mode`.
 *
 * @example
 * ```ts
 * roundMinorUnits("711.5", "half_up"); // 712
 * roundMinorUnits("7115", "drop_fen"); // 7110
 * roundMinorUnits(0.2, "up"); // 1
 * ```
 */
export function roundMinorUnits(
  value: number | string,
  mode: RoundingMode,
  field = "amount",
): number {
  checkRoundingMode(mode);
  const { numerator, scale } = parseDecimal(value, field);
  return toSafeInteger(roundQuotient(numerator, 10n ** BigInt(scale), mode), field);
}
