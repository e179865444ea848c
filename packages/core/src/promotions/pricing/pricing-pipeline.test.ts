import { describe, expect, it } from "vitest";
import { factorRate, percentRate, zheRate } from "../../kernel/rates.js";
import { runPricingPipeline } from "./pricing-pipeline.js";
import type { PipelineInput } from "./pricing-receipt.js";
import type { ActivityRule } from "./pricing-sources.js";
import { example44Input, plainMember } from "./pricing-test-kit.js";

const figures = (input: PipelineInput) => {
  const receipt = runPricingPipeline(input);
  return Object.fromEntries(
    receipt.steps.map((s) => [s.step, [s.goods.amount, s.shipping.amount]]),
  );
};

const cart = (overrides: Partial<PipelineInput> = {}): PipelineInput => ({
  ...example44Input(),
  activities: [],
  coupon: null,
  member: plainMember(),
  points: 0,
  ...overrides,
});

const activity = (
  terms: ActivityRule["terms"],
  extra: Partial<ActivityRule> = {},
): ActivityRule => ({
  id: "act-1",
  name: "Activity",
  scope: { kind: "all" },
  audience: { kind: "everyone" },
  terms,
  ...extra,
});

describe("the §4.4 worked example", () => {
  it("prices to 61.10, each step on the previous one's result", () => {
    const receipt = runPricingPipeline(example44Input());
    const activities = receipt.steps.find((s) => s.step === "activities");
    expect(activities?.lineAmounts.map((m) => m.amount)).toEqual([4500, 3600]);
    expect(receipt.steps.map((s) => s.lineAmounts.map((m) => m.amount))).toEqual([
      [6000, 4000],
      [6000, 4000],
      [4500, 3600],
      [4389, 3511],
      [3950, 3160],
      [3394, 2716],
    ]);
    expect(activities?.goods.amount).toBe(8100);
    expect(activities?.shipping.amount).toBe(0);
    expect(receipt.steps.map((s) => [s.step, s.total.amount])).toEqual([
      ["list", 10100],
      ["unit_prices", 10100],
      ["activities", 8100],
      ["coupon", 7900],
      ["member_level", 7110],
      ["points", 6110],
    ]);
    expect(receipt.total.amount).toBe(6110);
    expect(receipt.shipping).toMatchObject({ before: { amount: 100 }, after: { amount: 0 } });
    expect(receipt.shipping.adjustments).toEqual([
      {
        source: { kind: "activity", id: "act-ship" },
        label: "Free shipping over 50",
        amount: { amount: -100, currency: "CNY" },
      },
    ]);
    expect(receipt.adjustments.map((a) => [a.source.kind, a.source.id, a.amount.amount])).toEqual([
      ["activity", "act-a", -1500],
      ["activity", "act-b", -400],
      ["activity", "act-ship", -100],
      ["coupon", "cpn-2off", -200],
      ["member_level", "lvl-gold", -790],
      ["points", "buyer-1", -1000],
    ]);
    expect(receipt.use.points).toEqual({ used: 10, amount: 1000 });
    expect(receipt.use.activities.map((a) => [a.rule.id, a.amountOff])).toEqual([
      ["act-a", 1500],
      ["act-b", 400],
      ["act-ship", 100],
    ]);
  });

  it("gives A 45.00 and B 36.00 after the activities, and lines adding up to the total", () => {
    const receipt = runPricingPipeline({
      ...example44Input(),
      coupon: null,
      points: 0,
      member: plainMember(),
    });
    expect(receipt.lines.map((l) => l.amount.amount)).toEqual([4500, 3600]);
    const full = runPricingPipeline(example44Input());
    const sum = full.lines.reduce((s, l) => s + l.amount.amount, 0);
    expect(sum + full.shipping.after.amount).toBe(6110);
    for (const line of full.lines) {
      const adjusted =
        line.listAmount.amount + line.adjustments.reduce((s, a) => s + a.amount.amount, 0);
      expect(adjusted).toBe(line.amount.amount);
    }
  });
});

describe("steps and terms", () => {
  it("with no terms prices at list price", () => {
    const receipt = runPricingPipeline(cart());
    expect(receipt.adjustments).toEqual([]);
    expect(receipt.lines.every((l) => l.adjustments.length === 0)).toBe(true);
    expect(receipt.total.amount).toBe(10100);
  });

  it("applies only the highest tier reached, a tier reached exactly at its threshold", () => {
    const tiers = [
      { threshold: 5000, save: 500 },
      { threshold: 10000, save: 1500 },
      { threshold: 20000, save: 4000 },
    ];
    expect(
      figures(cart({ activities: [activity({ kind: "spend_save", mode: "tiered", tiers })] }))
        .activities,
    ).toEqual([8500, 100]);
    const lower = cart({
      lines: [{ lineId: "l1", productId: "p", skuId: "s", unitPrice: 4999, quantity: 1 }],
    });
    expect(
      figures({ ...lower, activities: [activity({ kind: "spend_save", mode: "tiered", tiers })] })
        .activities,
    ).toEqual([4999, 100]);
  });

  it("saves every full X up to the cap", () => {
    const every = (cap: number | null) =>
      figures(
        cart({
          activities: [
            activity({ kind: "spend_save", mode: "every", every: 3000, save: 300, cap }),
          ],
        }),
      ).activities;
    expect(every(null)).toEqual([9100, 100]);
    expect(every(500)).toEqual([9500, 100]);
  });

  it("discounts by item count", () => {
    const tiers = [{ threshold: 3, rate: zheRate("8") }];
    const terms = { kind: "spend_discount", basis: "count", tiers } as const;
    expect(figures(cart({ activities: [activity(terms)] })).activities).toEqual([10000, 100]);
    const three = cart({
      lines: [{ lineId: "l1", productId: "p", skuId: "s", unitPrice: 1000, quantity: 3 }],
    });
    expect(figures({ ...three, activities: [activity(terms)] }).activities).toEqual([2400, 100]);
  });

  it("frees shipping only for listed methods outside excluded regions", () => {
    const free = (methods: ("express" | "self_pickup")[], excludedRegions: string[]) =>
      figures(
        cart({
          activities: [
            activity({ kind: "free_shipping", threshold: 100, methods, excludedRegions }),
          ],
        }),
      ).activities;
    expect(free(["express"], [])).toEqual([10000, 0]);
    expect(free(["self_pickup"], [])).toEqual([10000, 100]);
    expect(free(["express"], ["CN-Z"])).toEqual([10000, 100]);
  });

  it("reports a reached gift coupon without changing the price", () => {
    const receipt = runPricingPipeline(
      cart({
        activities: [activity({ kind: "gift_coupon", threshold: 10000, couponId: "cpn-9" })],
      }),
    );
    expect(receipt.total.amount).toBe(10100);
    expect(receipt.giftCoupons).toEqual([{ activityId: "act-1", couponId: "cpn-9" }]);
    expect(receipt.use.activities).toHaveLength(1);
  });

  it("filters activities by audience and scope", () => {
    const save = {
      kind: "spend_save",
      mode: "tiered",
      tiers: [{ threshold: 0, save: 100 }],
    } as const;
    const off = (extra: Partial<ActivityRule>) =>
      runPricingPipeline(cart({ activities: [activity(save, extra)] })).adjustments.length;
    expect(off({ audience: { kind: "levels", levelIds: ["lvl-gold"] } })).toBe(0);
    expect(off({ audience: { kind: "customers", customerIds: ["buyer-1"] } })).toBe(1);
    expect(off({ audience: { kind: "first_order" } })).toBe(0);
    const scoped = runPricingPipeline(
      cart({
        activities: [activity(save, { scope: { kind: "products", productIds: ["prd-b"] } })],
      }),
    );
    expect(scoped.lines.map((l) => l.amount.amount)).toEqual([6000, 3900]);
  });

  it("keeps the lowest override per line, and exclusive lines out of activities and coupons", () => {
    const receipt = runPricingPipeline(
      cart({
        unitPrices: [
          {
            lineId: "l1",
            source: { kind: "limited_discount", id: "ld-1" },
            label: "Limited",
            units: 1,
            unitPrice: 5000,
            exclusive: true,
          },
          {
            lineId: "l1",
            source: { kind: "flash_sale", id: "fs-1" },
            label: "Flash",
            units: 1,
            unitPrice: 5500,
            exclusive: false,
            payWithinMinutes: 30,
          },
        ],
        activities: [
          activity({ kind: "spend_save", mode: "tiered", tiers: [{ threshold: 0, save: 1000 }] }),
        ],
        coupon: {
          couponId: "c",
          codeId: "k",
          name: "1 off",
          value: { kind: "fixed", amount: 100 },
          threshold: 0,
          scope: { kind: "all" },
        },
      }),
    );
    expect(receipt.lines.map((l) => [l.amount.amount, l.exclusive])).toEqual([
      [5000, true],
      [2900, false],
    ]);
    expect(receipt.use.unitPrices.map((o) => o.source.id)).toEqual(["ld-1"]);
    expect(receipt.payWithinMinutes).toBeUndefined();
  });

  it("judges a coupon's threshold on the amount after activities and refuses one not reached", () => {
    const coupon = {
      couponId: "c",
      codeId: "k",
      name: "5 off over 90",
      value: { kind: "fixed", amount: 500 },
      threshold: 9000,
      scope: { kind: "all" },
    } as const;
    const save = activity({
      kind: "spend_save",
      mode: "tiered",
      tiers: [{ threshold: 0, save: 1500 }],
    });
    expect(() => runPricingPipeline(cart({ activities: [save], coupon }))).toThrow(
      expect.objectContaining({
        code: "PRICING_COUPON_NOT_APPLICABLE",
        details: expect.objectContaining({ field: "pricingOptions.couponCode", amount: 8500 }),
      }),
    );
    expect(runPricingPipeline(cart({ coupon })).total.amount).toBe(9600);
  });

  it("caps a percentage coupon", () => {
    const coupon = {
      couponId: "c",
      codeId: "k",
      name: "20% off",
      value: { kind: "percent", off: percentRate(20), cap: 1000 },
      threshold: 0,
      scope: { kind: "all" },
    } as const;
    expect(runPricingPipeline(cart({ coupon })).total.amount).toBe(9100);
  });

  it("refuses blacklisted customers and points over the balance or the cap", () => {
    expect(() =>
      runPricingPipeline(cart({ member: { ...plainMember(), blacklisted: true } })),
    ).toThrow(expect.objectContaining({ code: "CUSTOMER_BLACKLISTED" }));
    const member = {
      ...plainMember(),
      pointsBalance: 10_000,
      pointsRedemption: { points: 100, amount: 100, cap: percentRate(50) },
    };
    expect(() =>
      runPricingPipeline(cart({ member: { ...member, pointsBalance: 10 }, points: 11 })),
    ).toThrow(expect.objectContaining({ code: "PRICING_POINTS_OVER_BALANCE" }));
    expect(() => runPricingPipeline(cart({ member, points: 5051 }))).toThrow(
      expect.objectContaining({
        code: "PRICING_POINTS_OVER_CAP",
        details: expect.objectContaining({ maxPoints: 5050 }),
      }),
    );
    expect(() =>
      runPricingPipeline(cart({ member: { ...plainMember(), pointsBalance: 5 }, points: 1 })),
    ).toThrow(
      expect.objectContaining({
        code: "PRICING_POINTS_OVER_CAP",
        details: expect.objectContaining({ maxPoints: 0 }),
      }),
    );
  });

  it("lets points pay shipping once the goods are paid", () => {
    const member = {
      ...plainMember(),
      level: { id: "l", name: "L", rate: factorRate("1") },
      pointsBalance: 20_000,
      pointsRedemption: { points: 1, amount: 1, cap: percentRate(100) },
    };
    const receipt = runPricingPipeline(cart({ member, points: 10_050 }));
    expect(receipt.total.amount).toBe(50);
    expect(receipt.shipping.after.amount).toBe(50);
    expect(receipt.adjustments.at(-1)).toMatchObject({
      amount: { amount: -10_050 },
      shippingShare: { amount: -50 },
    });
  });
});
