import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { money } from "./money.js";
import { decimalText, referenceRound, roundingMode } from "./money-test-kit.js";
import {
  applyRate,
  exchangeRatio,
  factorRate,
  moneyToUnits,
  percentRate,
  unitsToMoney,
  zheRate,
} from "./rates.js";

/** Prices, mostly small so that exact halves and sub-fen remainders come up often. */
const price = fc
  .oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 10 ** 11 }))
  .map((amount) => money(amount, "CNY"));
/** 折 rates 0.10–9.99 as hundredths of a 折, i.e. the share paid in thousandths. */
const zheHundredths = fc.integer({ min: 10, max: 999 });
/** Percentages 0–100 with up to two decimals, as hundredths of a percent. */
const percentHundredths = fc.integer({ min: 0, max: 10_000 });

describe("rates (properties)", () => {
  it("a 折 rate equals the exact share rounded per mode, never negative, never above the price", () => {
    fc.assert(
      fc.property(price, zheHundredths, roundingMode, (base, hundredths, mode) => {
        const paid = applyRate(base, zheRate(decimalText(BigInt(hundredths), 2)), mode);
        const exact = { numerator: BigInt(base.amount * hundredths), denominator: 1000n };
        expect(BigInt(paid.amount)).toBe(referenceRound(exact, mode));
        expect(paid.amount).toBeGreaterThanOrEqual(0);
        expect(paid.amount).toBeLessThanOrEqual(base.amount);
        expect(paid.currency).toBe(base.currency);
      }),
    );
  });

  it("a percentage equals the exact share rounded per mode, within 0 and the price", () => {
    fc.assert(
      fc.property(price, percentHundredths, roundingMode, (base, hundredths, mode) => {
        const share = applyRate(base, percentRate(decimalText(BigInt(hundredths), 2)), mode);
        const exact = { numerator: BigInt(base.amount) * BigInt(hundredths), denominator: 10_000n };
        expect(BigInt(share.amount)).toBe(referenceRound(exact, mode));
        expect(share.amount).toBeGreaterThanOrEqual(0);
        expect(share.amount).toBeLessThanOrEqual(base.amount);
      }),
    );
  });

  it("a factor equals the exact product rounded per mode and is never negative", () => {
    fc.assert(
      fc.property(
        price,
        fc.integer({ min: 0, max: 100_000 }),
        roundingMode,
        (base, thousandths, mode) => {
          const product = applyRate(base, factorRate(decimalText(BigInt(thousandths), 3)), mode);
          const exact = {
            numerator: BigInt(base.amount) * BigInt(thousandths),
            denominator: 1000n,
          };
          expect(BigInt(product.amount)).toBe(referenceRound(exact, mode));
          expect(product.amount).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it("a ratio converts exactly both ways, and truncated points never buy back more money", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 10 ** 9 }),
        roundingMode,
        (units, worth, count, mode) => {
          const ratio = exchangeRatio(units, money(worth, "CNY"));
          const value = unitsToMoney(count, ratio, mode);
          expect(BigInt(value.amount)).toBe(
            referenceRound(
              { numerator: BigInt(count) * BigInt(worth), denominator: BigInt(units) },
              mode,
            ),
          );
          const points = moneyToUnits(value, ratio, "down");
          expect(unitsToMoney(points, ratio, "down").amount).toBeLessThanOrEqual(value.amount);
        },
      ),
    );
  });
});
