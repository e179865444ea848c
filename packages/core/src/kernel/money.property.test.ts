import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateMoney, money, multiplyMoney, reduceMoney } from "./money.js";
import { decimalText } from "./money-test-kit.js";
import { applyRate, factorRate } from "./rates.js";

const cny = (amount: number) => money(amount, "CNY");

describe("money (properties)", () => {
  it("allocation sums exactly, keeps the total's sign and is proportional within 1 minor unit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
        fc.array(fc.integer({ min: 0, max: 10 ** 7 }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const parts = allocateMoney(cny(total), weights).map((part) => part.amount);
          expect(parts.reduce((sum, part) => sum + part, 0)).toBe(total);
          for (const part of parts) expect(part === 0 || part < 0 === total < 0).toBe(true);
          const effective = weights.every((weight) => weight === 0)
            ? weights.map(() => 1)
            : weights;
          const weightSum = BigInt(effective.reduce((sum, weight) => sum + weight, 0));
          parts.forEach((part, index) => {
            // |part - total × w / W| < 1, scaled by W to stay in integers
            const gap = BigInt(part) * weightSum - BigInt(total) * BigInt(effective[index] ?? 0);
            expect((gap < 0n ? -gap : gap) < weightSum).toBe(true);
          });
        },
      ),
    );
  });

  it("a fixed reduction never takes a price below 0.00 nor raises it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: 0, max: 10 ** 12 }),
        (price, reduction) => {
          const rest = reduceMoney(cny(price), cny(reduction)).amount;
          expect(rest).toBe(Math.max(0, price - reduction));
        },
      ),
    );
  });

  it("multiplyMoney is a half-up factor rate", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 11), max: 10 ** 11 }),
        fc.integer({ min: 0, max: 100_000 }),
        (amount, thousandths) => {
          const rate = decimalText(BigInt(thousandths), 3);
          expect(multiplyMoney(cny(amount), rate)).toEqual(
            applyRate(cny(amount), factorRate(rate), "half_up"),
          );
        },
      ),
    );
  });
});
