import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareExact, exactAmount, referenceRound, roundingMode } from "./money-test-kit.js";
import { roundMinorUnits } from "./rounding.js";

describe("rounding modes (properties)", () => {
  it("agree with the plain statement of each mode", () => {
    fc.assert(
      fc.property(exactAmount, roundingMode, ({ text, exact }, mode) => {
        expect(BigInt(roundMinorUnits(text, mode))).toBe(referenceRound(exact, mode));
      }),
    );
  });

  it("are monotonic: a larger exact amount never rounds to less", () => {
    fc.assert(
      fc.property(exactAmount, exactAmount, roundingMode, (a, b, mode) => {
        const [low, high] = compareExact(a.exact, b.exact) <= 0 ? [a, b] : [b, a];
        expect(roundMinorUnits(low.text, mode)).toBeLessThanOrEqual(
          roundMinorUnits(high.text, mode),
        );
      }),
    );
  });

  it("stay within the mode's bound of the exact value and keep its sign", () => {
    const step = { half_up: 1n, up: 1n, down: 1n, drop_fen: 10n, drop_jiao: 100n } as const;
    fc.assert(
      fc.property(exactAmount, roundingMode, ({ text, exact }, mode) => {
        const rounded = BigInt(roundMinorUnits(text, mode));
        const scaled = rounded * exact.denominator;
        const magnitude = exact.numerator < 0n ? -exact.numerator : exact.numerator;
        const roundedMagnitude = scaled < 0n ? -scaled : scaled;
        // never crosses zero: a non-negative amount never rounds below 0.00
        expect(rounded === 0n || rounded < 0n === exact.numerator < 0n).toBe(true);
        const gap = roundedMagnitude - magnitude;
        if (mode === "half_up") {
          expect(2n * (gap < 0n ? -gap : gap)).toBeLessThanOrEqual(exact.denominator);
          // an exact half goes away from zero (0.005 yuan → 0.01)
          if (2n * gap === -exact.denominator) expect.unreachable("a half rounded toward zero");
        } else if (mode === "up") {
          expect(gap >= 0n && gap < exact.denominator).toBe(true);
        } else {
          expect(gap <= 0n && -gap < step[mode] * exact.denominator).toBe(true);
          expect(rounded % step[mode]).toBe(0n);
        }
      }),
    );
  });

  it("are idempotent, and leave whole minor units alone (drop modes: whole multiples)", () => {
    fc.assert(
      fc.property(exactAmount, roundingMode, ({ text }, mode) => {
        const once = roundMinorUnits(text, mode);
        expect(roundMinorUnits(once, mode)).toBe(once);
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
        fc.constantFrom("half_up", "up", "down" as const),
        (amount, mode) => {
          expect(roundMinorUnits(amount, mode)).toBe(amount);
          expect(roundMinorUnits(amount * 100, "drop_jiao")).toBe(amount * 100);
          expect(roundMinorUnits(amount * 10, "drop_fen")).toBe(amount * 10);
        },
      ),
    );
  });
});
