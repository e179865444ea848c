import fc from "fast-check";
import type { RoundingMode } from "./rounding.js";
import { ROUNDING_MODES } from "./rounding.js";

/** An exact rational `numerator / denominator` with a positive denominator. */
export interface Exact {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** Renders `numerator / 10^scale` as a plain decimal string such as `-12.050`. */
export function decimalText(numerator: bigint, scale: number): string {
  const digits = (numerator < 0n ? -numerator : numerator).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${numerator < 0n ? "-" : ""}${whole}${scale > 0 ? `.${fraction}` : ""}`;
}

/**
 * Exact decimal amounts of minor units up to ±10^12 with up to six decimals,
 * and their text; one in three is an exact half (`n.5`, `n.50`, ...), the
 * case where half-up differs from its neighbours.
 */
export const exactAmount = fc
  .oneof(
    { weight: 2, arbitrary: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }) },
    {
      weight: 1,
      arbitrary: fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }).map((n) => n * 10n + 5n),
    },
  )
  .chain((numerator) =>
    fc.integer({ min: numerator % 10n === 5n ? 1 : 0, max: 6 }).map((scale) => ({
      numerator: numerator % 10n === 5n ? numerator * 10n ** BigInt(scale - 1) : numerator,
      scale,
    })),
  )
  .map(({ numerator, scale }) => ({
    text: decimalText(numerator, scale),
    exact: { numerator, denominator: 10n ** BigInt(scale) } satisfies Exact,
  }));

/** Any rounding mode. */
export const roundingMode = fc.constantFrom<RoundingMode>(...ROUNDING_MODES);

/** `a` compared with `b`: negative, zero or positive. */
export function compareExact(a: Exact, b: Exact): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left === right ? 0 : left < right ? -1 : 1;
}

/**
 * A second, deliberately plain statement of each mode (floor and remainder on
 * the magnitude) that the kernel's rounding must agree with.
 */
export function referenceRound(value: Exact, mode: RoundingMode): bigint {
  const negative = value.numerator < 0n;
  const magnitude = negative ? -value.numerator : value.numerator;
  const floor = magnitude / value.denominator;
  const remainder = magnitude - floor * value.denominator;
  const rounded = {
    half_up: remainder * 2n >= value.denominator ? floor + 1n : floor,
    up: remainder > 0n ? floor + 1n : floor,
    down: floor,
    drop_fen: floor - (floor % 10n),
    drop_jiao: floor - (floor % 100n),
  }[mode];
  return negative ? -rounded : rounded;
}
