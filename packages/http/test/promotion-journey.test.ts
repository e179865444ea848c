import { describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/test-app.js";

/**
 * The worked example of domain §4.4, set up and priced over HTTP through the
 * real promotion modules (no stand-in sources): activities, a coupon, a
 * member level earned by a first order, and points.
 */

const BUYER = "acme-consumer";
const BUYER_ID = "acme-consumer-user";
const DAY_MS = 86_400_000;

async function ok(app: TestApp, method: string, path: string, body?: unknown, token?: string) {
  const reply = await app.call(method, path, {
    ...(body !== undefined && { body }),
    ...(token !== undefined && { token }),
  });
  expect(reply.status, `${method} ${path}: ${reply.text}`).toBeLessThan(300);
  return reply.json;
}

async function skuOf(app: TestApp, merchantId: string, name: string, price: number) {
  const product = await ok(app, "POST", "/v1/products", { merchantId, name });
  const [sku] = await ok(app, "PUT", `/v1/products/${product.id}/skus`, {
    policy: "reserve_on_create",
    dimensions: [],
    skus: [{ spec: {}, code: name, price, stock: 10, weightGrams: 500 }],
  }).then((reply) => reply.items);
  return { productId: product.id as string, skuId: sku.id as string };
}

/** Drains the outbox, as the reference server's scheduler does. */
async function settle(app: TestApp) {
  for (let round = 0; round < 5; round++) await app.onecode.outbox.dispatch({ limit: 100 });
}

describe("the promotion engine over HTTP", () => {
  it("prices the §4.4 example to 61.10 with real modules, and gives the coupon and points back when the order is cancelled", async () => {
    const app = createTestApp();
    const now = Date.now();
    const merchant = await ok(app, "POST", "/v1/merchants", {
      name: "Acme Tea",
      codeSource: "platform",
      urlPrefixes: ["https://t.acme.example/c/"],
    });
    const a = await skuOf(app, merchant.id, "A", 6000);
    const b = await skuOf(app, merchant.id, "B", 4000);
    const pickup = await skuOf(app, merchant.id, "Sample", 100);
    const template = await ok(app, "POST", "/v1/freight-templates", {
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
    await ok(app, "PATCH", "/v1/order-settings", { freightTemplateId: template.id });

    // Activities: A spend 50 save 15; B spend 30 get 10% off; free shipping over 50 on all.
    await ok(app, "POST", "/v1/promotions/activities", {
      name: "A: spend 50 save 15",
      terms: { kind: "spend_save", mode: "tiered", tiers: [{ threshold: 5000, save: 1500 }] },
      scope: { kind: "products", productIds: [a.productId] },
    });
    await ok(app, "POST", "/v1/promotions/activities", {
      name: "B: spend 30 get 10% off",
      terms: { kind: "spend_discount", basis: "amount", tiers: [{ threshold: 3000, zhe: "9" }] },
      scope: { kind: "products", productIds: [b.productId] },
    });
    await ok(app, "POST", "/v1/promotions/activities", {
      name: "Free shipping over 50",
      terms: { kind: "free_shipping", threshold: 5000, excludedRegions: [], methods: ["express"] },
    });

    // A coupon "2.00 off, no threshold" handed to the buyer.
    const coupon = await ok(app, "POST", "/v1/promotions/coupons", {
      kind: "normal",
      name: "2.00 off",
      codePrefix: "TWO",
      quantity: 5,
      value: { kind: "fixed", amount: 200 },
      validFrom: new Date(now - DAY_MS).toISOString(),
      validUntil: new Date(now + 30 * DAY_MS).toISOString(),
    });
    await ok(app, "POST", `/v1/promotions/coupons/${coupon.id}/publish`, {});
    await ok(app, "POST", `/v1/promotions/coupons/${coupon.id}/distributions`, {
      grants: [{ customerId: BUYER_ID, quantity: 1 }],
    });
    const wallet = await ok(app, "GET", "/v1/my/coupons", undefined, BUYER);
    const couponCode = wallet.items[0].code as string;

    // Gold (90%) from the first unit of experience; 1 point pays 1.00.
    const gold = await ok(app, "POST", "/v1/member-levels", {
      name: "Gold",
      threshold: 1,
      discount: "0.9",
    });
    await ok(app, "PATCH", "/v1/member-settings", {
      pointsEnabled: true,
      redeem: { points: 1, amount: 100 },
      redeemCapPercent: 100,
    });
    await ok(app, "GET", "/v1/my/membership", undefined, BUYER);

    // A first order, picked up in store, earns the experience that makes the buyer gold.
    const first = await ok(
      app,
      "POST",
      "/v1/my/orders",
      {
        lines: [{ skuId: pickup.skuId, quantity: 1 }],
        delivery: {
          method: "self_pickup",
          storeId: "store-1",
          address: {
            name: "Li Lei",
            phone: "13800138000",
            regionCode: "CN-ZJ",
            line: "1 Wensan Road",
          },
        },
      },
      BUYER,
    );
    await ok(app, "POST", `/v1/my/orders/${first.id}/payments`, {}, BUYER);
    await ok(app, "POST", "/v1/order-verifications", { code: first.verification.code });
    await settle(app);
    const membership = await ok(app, "GET", "/v1/my/membership", undefined, BUYER);
    expect(membership.level?.id).toBe(gold.id);
    await ok(app, "POST", `/v1/customers/${BUYER_ID}/points-adjustments`, {
      delta: 10,
      note: "welcome",
    });
    const pointsBefore = (await ok(app, "GET", "/v1/my/points", undefined, BUYER)).balance;
    expect(pointsBefore).toBeGreaterThanOrEqual(10);

    const cart = {
      lines: [
        { skuId: a.skuId, quantity: 1 },
        { skuId: b.skuId, quantity: 1 },
      ],
      pricingOptions: { couponCode, points: 10 },
    };
    const quote = await ok(
      app,
      "POST",
      "/v1/my/quote",
      { ...cart, delivery: { method: "express", regionCode: "CN-ZJ" } },
      BUYER,
    );
    expect(
      quote.steps.map(
        (step: { step: string; goods: { amount: number }; total: { amount: number } }) => [
          step.step,
          step.goods.amount,
          step.total.amount,
        ],
      ),
    ).toEqual([
      ["list", 10000, 10100],
      ["unit_prices", 10000, 10100],
      ["activities", 8100, 8100],
      ["coupon", 7900, 7900],
      ["member_level", 7110, 7110],
      ["points", 6110, 6110],
    ]);

    const order = await ok(
      app,
      "POST",
      "/v1/my/orders",
      {
        ...cart,
        delivery: {
          method: "express",
          address: {
            name: "Li Lei",
            phone: "13800138000",
            regionCode: "CN-ZJ",
            line: "1 Wensan Road",
          },
        },
      },
      BUYER,
    );
    expect(order.total.amount).toBe(6110);
    expect(order.shipping.amount).toBe(0);
    expect(
      order.adjustments.map(
        (adjustment: { source: { kind: string }; amount: { amount: number } }) => [
          adjustment.source.kind,
          adjustment.amount.amount,
        ],
      ),
    ).toEqual([
      ["activity", -1500],
      ["activity", -400],
      ["coupon", -200],
      ["member_level", -790],
      ["points", -1000],
    ]);
    const used = await ok(app, "GET", "/v1/my/coupons", undefined, BUYER);
    expect(used.items[0].state).toBe("used");
    expect((await ok(app, "GET", "/v1/my/points", undefined, BUYER)).balance).toBe(
      pointsBefore - 10,
    );
    const again = await app.call("POST", "/v1/my/orders", {
      token: BUYER,
      body: { ...cart, delivery: order.delivery },
    });
    expect(again.status).toBe(422);
    expect(again.json.code).toBe("COUPON_UNUSABLE");

    // Cancelled before payment: the coupon and the points come back.
    await ok(app, "POST", `/v1/my/orders/${order.id}/cancel`, {}, BUYER);
    await settle(app);
    const back = await ok(app, "GET", "/v1/my/coupons", undefined, BUYER);
    expect(back.items[0].state).toBe("usable");
    expect((await ok(app, "GET", "/v1/my/points", undefined, BUYER)).balance).toBe(pointsBefore);
  });
});
