import { describe, expect, it } from "vitest";
import { createOneCode } from "../../create-one-code.js";
import { ManualClock } from "../../kernel/clock.js";
import { money } from "../../kernel/money.js";
import { seededRandom } from "../../kernel/random.js";
import { tenantContext } from "../../kernel/tenant.js";
import { memoryStorage } from "../../memory/memory-storage.js";
import { listPricing, type PricingRequest } from "../../orders/checkout/order-pricing.js";
import type { PricingSource } from "./pricing-sources.js";
import { example44Sources, fakePricingSource, plainMember } from "./pricing-test-kit.js";
import { promotionPricing } from "./promotion-pricing.js";

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const buyer = tenantContext("acme", { id: "buyer-1", kind: "consumer" });
const delivery = {
  method: "express",
  address: { name: "Li Lei", phone: "13800138000", regionCode: "CN-ZJ", line: "1 Wensan Road" },
} as const;

/** A OneCode with items A 60.00 and B 40.00 and a freight template charging 1.00. */
async function shop(sources: (productA: string, productB: string) => PricingSource[]) {
  const storage = memoryStorage();
  const ids = { a: "prd-a", b: "prd-b" };
  const onecode = createOneCode({
    clock: new ManualClock("2026-05-01T02:00:00Z"),
    storage,
    random: seededRandom("pricing-tests"),
    pricingSources: sources(ids.a, ids.b),
  });
  const at = "2026-05-01T02:00:00.000Z";
  const sku = async (productId: string, price: number) => {
    await storage.skus.saveSettings({
      tenantId: "acme",
      productId,
      policy: "reserve_on_create",
      dimensions: [],
      updatedAt: at,
    });
    const record = {
      tenantId: "acme",
      id: `sku-${productId}`,
      productId,
      code: `SKU-${productId}`,
      spec: {},
      price: money(price, "CNY"),
      stock: 10,
      weightGrams: 500,
      lowStockThreshold: null,
      createdAt: at,
      updatedAt: at,
    };
    await storage.skus.insert(record);
    return record;
  };
  const [a, b] = [await sku(ids.a, 6000), await sku(ids.b, 4000)];
  const template = await onecode.freightTemplates.create(admin, {
    name: "Flat 1.00",
    courier: "SF Express",
    currency: "CNY",
    pricing: {
      firstWeightGrams: 50_000,
      firstPrice: 100,
      additionalWeightGrams: 1000,
      additionalPrice: 100,
    },
    regionRules: [],
    undeliveredRegions: [],
    selfPickup: true,
  });
  await onecode.orderSettings.update(admin, { freightTemplateId: template.id });
  const lines = [
    { skuId: a.id, quantity: 1 },
    { skuId: b.id, quantity: 1 },
  ];
  return { onecode, lines };
}

describe("promotionPricing through createOneCode and orders", () => {
  it("prices the §4.4 example to 61.10 and hands each source the use", async () => {
    let sources: ReturnType<typeof example44Sources> = [];
    const { onecode, lines } = await shop((a, b) => {
      sources = example44Sources(a, b);
      return sources;
    });
    const pricingOptions = { couponCode: "TWO-OFF", points: 10 };
    const quote = await onecode.promotions.quote(buyer, {
      lines,
      delivery: { method: "express", regionCode: "CN-ZJ" },
      pricingOptions,
    });
    expect(quote.steps.map((s) => [s.step, s.goods.amount, s.shipping.amount])).toEqual([
      ["list", 10000, 100],
      ["unit_prices", 10000, 100],
      ["activities", 8100, 0],
      ["coupon", 7900, 0],
      ["member_level", 7110, 0],
      ["points", 6110, 0],
    ]);
    expect(quote.steps[2]?.lineAmounts.map((m) => m.amount)).toEqual([4500, 3600]);
    expect(quote.total.amount).toBe(6110);
    expect(quote.coupon?.couponId).toBe("cpn-2off");
    expect(quote.points).toEqual({ used: 10, amount: 1000 });

    const order = await onecode.orders.create(buyer, { lines, delivery, pricingOptions });
    expect(order.total.amount).toBe(6110);
    expect(order.shipping.amount).toBe(0);
    expect(order.goodsTotal.amount).toBe(10000);
    expect(order.lines.map((l) => l.amount.amount)).toEqual(
      quote.lines.map((l) => l.amount.amount),
    );
    expect(order.adjustments.map((a) => [a.source.kind, a.amount.amount])).toEqual([
      ["activity", -1500],
      ["activity", -400],
      ["coupon", -200],
      ["member_level", -790],
      ["points", -1000],
    ]);
    // Each source's commit sees only the terms it gave.
    const [memberSource, activitySource, couponSource] = sources;
    for (const source of sources) expect(source.commits).toHaveLength(1);
    expect(memberSource?.commits[0]?.points).toEqual({ used: 10, amount: 1000 });
    expect(memberSource?.commits[0]?.coupon).toBeNull();
    expect(memberSource?.commits[0]?.activities).toEqual([]);
    expect(activitySource?.commits[0]?.points).toEqual({ used: 0, amount: 0 });
    expect(activitySource?.commits[0]?.activities.map((a) => a.amountOff)).toEqual([
      1500, 400, 100,
    ]);
    expect(couponSource?.commits[0]?.coupon?.couponId).toBe("cpn-2off");
    expect(couponSource?.commits[0]?.activities).toEqual([]);
  });

  it("prices like list pricing with no sources, or sources giving nothing", async () => {
    for (const sources of [
      [],
      [fakePricingSource({ activities: [], unitPrices: [], coupon: null })],
    ]) {
      const { onecode, lines } = await shop(() => sources);
      const order = await onecode.orders.create(buyer, { lines, delivery });
      expect(order.adjustments).toEqual([]);
      expect(order.total.amount).toBe(10_100);
    }
    const request: PricingRequest = {
      tenantId: "acme",
      customerId: "buyer-1",
      lines: [],
      delivery: { method: "express", regionCode: "CN-ZJ" },
      shipping: money(100, "CNY"),
      currency: "CNY",
      options: {},
      at: "2026-05-01T02:00:00.000Z",
    };
    const { commitments, ...priced } = await promotionPricing([]).price(request);
    expect(priced).toEqual(await listPricing.price(request));
    expect(commitments).toBeDefined();
  });

  it("refuses points that are not a non-negative integer, naming the option", async () => {
    const { onecode, lines } = await shop(() => []);
    await expect(
      onecode.orders.create(buyer, { lines, delivery, pricingOptions: { points: "ten" } }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { issues: [{ field: "pricingOptions.points" }] },
    });
    await expect(
      onecode.promotions.quote(buyer, {
        lines,
        delivery: { method: "express", regionCode: "CN-ZJ" },
        pricingOptions: { points: -1 },
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { issues: [{ field: "pricingOptions.points" }] },
    });
  });

  it("refuses a blacklisted buyer and stores nothing", async () => {
    const member = { ...plainMember(), blacklisted: true };
    let asked = false;
    const coupons: PricingSource = {
      async coupon() {
        asked = true;
        return null;
      },
    };
    const { onecode, lines } = await shop(() => [fakePricingSource({ member }), coupons]);
    await expect(onecode.orders.create(buyer, { lines, delivery })).rejects.toMatchObject({
      code: "CUSTOMER_BLACKLISTED",
    });
    expect((await onecode.orders.list(admin, {})).items).toEqual([]);
    expect(asked).toBe(false);
  });

  it("shortens the payment window to the smallest override's and runs undos when a source refuses", async () => {
    const undone: string[] = [];
    const flash = fakePricingSource(
      {
        unitPrices: [
          {
            lineId: "l1",
            source: { kind: "flash_sale", id: "fs-1" },
            label: "Flash",
            units: 1,
            unitPrice: 3000,
            exclusive: false,
            payWithinMinutes: 30,
          },
          {
            lineId: "l2",
            source: { kind: "presale", id: "ps-1" },
            label: "Presale",
            units: 1,
            unitPrice: 3500,
            exclusive: false,
            payWithinMinutes: 45,
          },
        ],
      },
      async () => {
        undone.push("flash");
      },
    );
    const refusing: PricingSource = {
      async commit() {
        throw new Error("coupon already used");
      },
    };
    const engine = promotionPricing([flash, refusing]);
    const { onecode, lines } = await shop(() => [flash]);
    const order = await onecode.orders.create(buyer, { lines, delivery });
    expect(order.total.amount).toBe(6600);
    const request = {
      tenantId: "acme",
      customerId: "buyer-1",
      lines: [],
      delivery: { method: "express", regionCode: "CN-ZJ" },
      shipping: money(0, "CNY"),
      currency: "CNY",
      options: {},
      at: "2026-05-01T02:00:00.000Z",
    } as const;
    const result = await engine.price(request);
    await expect(
      onecode.ports.storage.transaction(
        (tx) => engine.commit?.(tx, order, request, result) ?? Promise.resolve([]),
      ),
    ).rejects.toThrow("coupon already used");
    expect(undone).toEqual(["flash"]);
    const priced = await engine.price({
      ...request,
      lines: order.lines.map((l, i) => ({
        lineId: l.lineId,
        sku: {
          tenantId: "acme",
          id: l.skuId,
          productId: l.productId,
          code: l.skuCode,
          spec: {},
          price: l.unitPrice,
          stock: 1,
          weightGrams: 1,
          lowStockThreshold: null,
          createdAt: "",
          updatedAt: "",
        },
        productTitle: `p${i}`,
        quantity: 1,
      })),
    });
    expect(priced.payWithinMinutes).toBe(30);
  });
});
