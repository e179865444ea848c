import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { freightTemplateRules } from "../../../testing/freight-fixtures.js";
import { freightFor, weightPrice } from "./freight-price.js";
import type { WeightPricing } from "./freight-template.js";

const pricingArb: fc.Arbitrary<WeightPricing> = fc.record({
  firstWeightGrams: fc.integer({ min: 1, max: 100_000 }),
  firstPrice: fc.integer({ min: 0, max: 1_000_000 }),
  additionalWeightGrams: fc.integer({ min: 1, max: 100_000 }),
  additionalPrice: fc.integer({ min: 0, max: 1_000_000 }),
});
const weightArb = fc.integer({ min: 0, max: 10_000_000 });

describe("freight prices (properties)", () => {
  it("is the first price plus whole started steps, exactly", () => {
    fc.assert(
      fc.property(pricingArb, weightArb, (pricing, weight) => {
        const price = weightPrice(pricing, weight);
        expect(Number.isSafeInteger(price)).toBe(true);
        const over = Math.max(0, weight - pricing.firstWeightGrams);
        const steps = (price - pricing.firstPrice) / (pricing.additionalPrice || 1);
        if (pricing.additionalPrice > 0) {
          expect(Number.isInteger(steps)).toBe(true);
          // the steps bought cover the overweight, and one step fewer would not
          expect(steps * pricing.additionalWeightGrams).toBeGreaterThanOrEqual(over);
          expect((steps - 1) * pricing.additionalWeightGrams).toBeLessThan(over);
        } else {
          expect(price).toBe(pricing.firstPrice);
        }
      }),
    );
  });

  it("never falls as the parcel gets heavier and rises by at most one step per step of weight", () => {
    fc.assert(
      fc.property(pricingArb, weightArb, fc.integer({ min: 0, max: 100_000 }), (p, w, extra) => {
        const lighter = weightPrice(p, w);
        const heavier = weightPrice(p, w + extra);
        expect(heavier).toBeGreaterThanOrEqual(lighter);
        const maxSteps = Math.ceil(extra / p.additionalWeightGrams);
        expect(heavier - lighter).toBeLessThanOrEqual(maxSteps * p.additionalPrice);
      }),
    );
  });

  it("prices a listed region by its rule, an unlisted one by the default, and pickup at 0", () => {
    fc.assert(
      fc.property(pricingArb, pricingArb, weightArb, (fallback, zhejiang, weight) => {
        const template = {
          ...freightTemplateRules(),
          pricing: fallback,
          regionRules: [{ regionCodes: ["CN-ZJ"], pricing: zhejiang }],
        };
        const at = (regionCode: string, deliveryMethod: "express" | "self_pickup" = "express") =>
          freightFor(template, { weightGrams: weight, regionCode, deliveryMethod }).amount;
        expect(at("CN-ZJ")).toBe(weightPrice(zhejiang, weight));
        expect(at("CN-GD")).toBe(weightPrice(fallback, weight));
        expect(at("CN-GD", "self_pickup")).toBe(0);
      }),
    );
  });
});
