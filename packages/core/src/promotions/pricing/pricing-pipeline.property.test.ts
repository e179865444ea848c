import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import { factorRate, percentRate, zheRate } from "../../kernel/rates.js";
import { runPricingPipeline } from "./pricing-pipeline.js";
import type { PipelineInput } from "./pricing-receipt.js";
import type { ActivityRule, CouponTerms, PromotionScope } from "./pricing-sources.js";

const PRODUCTS = ["p1", "p2", "p3", "p4"];

const scope: fc.Arbitrary<PromotionScope> = fc.oneof(
  fc.constant({ kind: "all" } as const),
  fc
    .subarray(PRODUCTS, { minLength: 1 })
    .map((productIds) => ({ kind: "products", productIds }) as const),
);

const audience = fc.oneof(
  fc.constant({ kind: "everyone" } as const),
  fc.constant({ kind: "levels", levelIds: ["gold"] } as const),
  fc.constant({ kind: "levels", levelIds: ["silver"] } as const),
  fc.constant({ kind: "customers", customerIds: ["buyer-1"] } as const),
  fc.constant({ kind: "first_order" } as const),
);

const amount = fc.integer({ min: 0, max: 50_000 });

const terms: fc.Arbitrary<ActivityRule["terms"]> = fc.oneof(
  fc.array(fc.record({ threshold: amount, save: amount }), { minLength: 1, maxLength: 3 }).map(
    (tiers) =>
      ({
        kind: "spend_save",
        mode: "tiered",
        tiers: tiers.map((t) => ({ threshold: t.threshold, save: Math.min(t.save, t.threshold) })),
      }) as const,
  ),
  fc
    .record({ every: fc.integer({ min: 1, max: 20_000 }), save: amount, cap: fc.option(amount) })
    .map((t) => ({ kind: "spend_save", mode: "every", ...t }) as const),
  fc
    .record({
      basis: fc.constantFrom("amount", "count"),
      threshold: fc.integer({ min: 0, max: 30_000 }),
      zhe: fc.integer({ min: 1, max: 99 }),
    })
    .map(
      (t) =>
        ({
          kind: "spend_discount",
          basis: t.basis,
          tiers: [{ threshold: t.threshold, rate: zheRate(t.zhe / 10) }],
        }) as const,
    ),
  fc.record({ threshold: amount }).map(
    (t) =>
      ({
        kind: "free_shipping",
        threshold: t.threshold,
        excludedRegions: [],
        methods: ["express"],
      }) as const,
  ),
  fc
    .record({ threshold: amount })
    .map((t) => ({ kind: "gift_coupon", threshold: t.threshold, couponId: "gift" }) as const),
);

const activity = fc.record({
  id: fc.constant("a"),
  name: fc.constant("A"),
  scope,
  audience,
  terms,
});

const coupon: fc.Arbitrary<CouponTerms | null> = fc.option(
  fc.record({
    couponId: fc.constant("cpn"),
    codeId: fc.constant("code"),
    name: fc.constant("C"),
    value: fc.oneof(
      amount.map((a) => ({ kind: "fixed", amount: a }) as const),
      fc
        .record({ pct: fc.integer({ min: 0, max: 100 }), cap: fc.option(amount) })
        .map((v) => ({ kind: "percent", off: percentRate(v.pct), cap: v.cap }) as const),
    ),
    threshold: amount,
    scope,
  }),
);

const input: fc.Arbitrary<PipelineInput> = fc
  .record({
    lines: fc.array(
      fc.record({
        productId: fc.constantFrom(...PRODUCTS),
        unitPrice: fc.integer({ min: 0, max: 20_000 }),
        quantity: fc.integer({ min: 1, max: 5 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    shipping: fc.integer({ min: 0, max: 2000 }),
    level: fc.constantFrom(null, "gold", "silver"),
    activities: fc.array(activity, { maxLength: 5 }),
    coupon,
    points: fc.integer({ min: 0, max: 30_000 }),
    firstOrder: fc.boolean(),
    overrides: fc.array(
      fc.record({
        line: fc.nat(5),
        price: fc.integer({ min: 0, max: 20_000 }),
        exclusive: fc.boolean(),
      }),
      { maxLength: 3 },
    ),
  })
  .map((r) => {
    const lines = r.lines.map((l, i) => ({ ...l, lineId: `l${i + 1}`, skuId: `s${i + 1}` }));
    return {
      currency: "CNY",
      lines,
      shipping: r.shipping,
      delivery: { method: "express", regionCode: "CN-ZJ" },
      member: {
        customerId: "buyer-1",
        level: r.level && {
          id: r.level,
          name: r.level,
          rate: factorRate(r.level === "gold" ? "0.9" : "0.95"),
        },
        firstOrder: r.firstOrder,
        blacklisted: false,
        pointsBalance: 1_000_000,
        pointsRedemption: { points: 10, amount: 7, cap: percentRate(30) },
      },
      unitPrices: r.overrides.map((o, i) => ({
        lineId: `l${(o.line % lines.length) + 1}`,
        source: { kind: "flash_sale", id: `fs${i}` },
        label: "F",
        units: 1,
        unitPrice: o.price,
        exclusive: o.exclusive,
      })),
      activities: r.activities.map((a, i) => ({ ...a, id: `a${i}` })),
      coupon: r.coupon,
      points: r.points,
    } satisfies PipelineInput;
  });

/** Runs the pipeline, treating the typed refusals of coupons and points as no receipt. */
function price(value: PipelineInput) {
  try {
    return runPricingPipeline(value);
  } catch (error) {
    if (
      isOneCodeError(error, "PRICING_COUPON_NOT_APPLICABLE") ||
      isOneCodeError(error, "PRICING_POINTS_OVER_CAP")
    )
      return null;
    throw error;
  }
}

describe("the pricing pipeline, for any cart and terms", () => {
  it("never goes negative nor above list price + shipping, and every adjustment is split exactly", () => {
    fc.assert(
      fc.property(input, (value) => {
        const receipt = price(value);
        if (receipt === null) return;
        const list = value.lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
        expect(receipt.total.amount).toBeGreaterThanOrEqual(0);
        expect(receipt.total.amount).toBeLessThanOrEqual(list + value.shipping);
        expect(receipt.lines.every((l) => l.amount.amount >= 0)).toBe(true);
        expect(receipt.shipping.after.amount).toBeGreaterThanOrEqual(0);
        const linesSum = receipt.lines.reduce((s, l) => s + l.amount.amount, 0);
        expect(linesSum + receipt.shipping.after.amount).toBe(receipt.total.amount);
        for (const adjustment of receipt.adjustments) {
          const shares = adjustment.lineShares.reduce((s, l) => s + l.amount.amount, 0);
          expect(shares + adjustment.shippingShare.amount).toBe(adjustment.amount.amount);
          expect(adjustment.amount.amount).toBeLessThan(0);
        }
        for (const line of receipt.lines) {
          const adjusted =
            line.listAmount.amount + line.adjustments.reduce((s, a) => s + a.amount.amount, 0);
          expect(adjusted).toBe(line.amount.amount);
        }
        // Steps never raise the price.
        receipt.steps.forEach((step, i) => {
          if (i > 0)
            expect(step.total.amount).toBeLessThanOrEqual(receipt.steps[i - 1]?.total.amount ?? 0);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("lets activities touch only lines in scope, for buyers in the audience, never exclusive lines", () => {
    fc.assert(
      fc.property(input, (value) => {
        const receipt = price({ ...value, coupon: null, points: 0 });
        if (receipt === null) return;
        for (const adjustment of receipt.adjustments.filter(
          (a) => a.step === "activities" || a.step === "coupon",
        )) {
          const rule = value.activities.find((a) => a.id === adjustment.source.id);
          if (!rule) continue;
          if (rule.audience.kind === "levels")
            expect(rule.audience.levelIds).toContain(value.member.level?.id);
          if (rule.audience.kind === "first_order") expect(value.member.firstOrder).toBe(true);
          for (const share of adjustment.lineShares) {
            const line = receipt.lines.find((l) => l.lineId === share.lineId);
            expect(line?.exclusive).toBe(false);
            if (rule.scope.kind === "products")
              expect(rule.scope.productIds).toContain(line?.productId);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("judges a coupon's threshold on the amount after activities", () => {
    fc.assert(
      fc.property(input, (value) => {
        if (value.coupon === null) return;
        const before = price({
          ...value,
          coupon: null,
          points: 0,
          member: { ...value.member, level: null },
        });
        if (before === null) return;
        const entering = before.lines
          .filter(
            (l) =>
              !l.exclusive &&
              (value.coupon?.scope.kind === "all" ||
                (value.coupon?.scope.kind === "products" &&
                  value.coupon.scope.productIds.includes(l.productId))),
          )
          .reduce((s, l) => s + l.amount.amount, 0);
        const refused =
          price({ ...value, points: 0, member: { ...value.member, level: null } }) === null;
        const eligible = before.lines.some(
          (l) =>
            !l.exclusive &&
            (value.coupon?.scope.kind === "all" ||
              (value.coupon?.scope.kind === "products" &&
                value.coupon.scope.productIds.includes(l.productId))),
        );
        expect(refused).toBe(!eligible || entering < value.coupon.threshold);
      }),
      { numRuns: 300 },
    );
  });
});
