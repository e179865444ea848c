import { describe, expect, it } from "vitest";
import {
  limitedDiscountPageSchema,
  limitedDiscountSchema,
} from "../src/schemas/limited-discount-schemas.js";
import { createTestApp, merchantInput, type TestApp } from "./support/test-app.js";

async function skuOf(app: TestApp): Promise<{ skuId: string; productId: string }> {
  const merchant = await app.call("POST", "/v1/merchants", { body: merchantInput() });
  const product = await app.call("POST", "/v1/products", {
    body: { merchantId: merchant.json.id, name: "Tea" },
  });
  const skus = await app.call("PUT", `/v1/products/${product.json.id}/skus`, {
    body: {
      policy: "reserve_on_create",
      dimensions: [],
      skus: [{ spec: {}, code: "TEA-1", price: 3990, stock: 20, weightGrams: 250 }],
    },
  });
  return { skuId: skus.json.items[0].id, productId: product.json.id };
}

const input = (skuId: string) => ({
  name: "Tea time 8.5折",
  kind: "rate",
  rounding: "drop_fen",
  startsAt: "2026-05-01T00:00:00.000Z",
  endsAt: "2026-06-01T00:00:00.000Z",
  recurrence: { kind: "days_of_week", days: [6, 7] },
  limit: { mode: "first_n", quantity: 2 },
  items: [{ skuId, rate: "8.5", stock: 10 }],
});

describe("time-limited discount routes", () => {
  it("creates, lists, reads and ends a discount", async () => {
    const app = createTestApp();
    const { skuId } = await skuOf(app);
    const created = await app.call("POST", "/v1/promotions/limited-discounts", {
      body: input(skuId),
    });
    expect(created.status, created.text).toBe(201);
    const discount = limitedDiscountSchema.parse(created.json);
    expect(created.headers.get("location")).toBe(`/v1/promotions/limited-discounts/${discount.id}`);
    expect(discount).toMatchObject({
      state: "active",
      recurrence: { kind: "days_of_week", days: [6, 7], window: null },
      items: [{ skuId, rate: "8.5", amount: null, stock: 10, sold: 0 }],
    });
    const page = limitedDiscountPageSchema.parse(
      (await app.call("GET", "/v1/promotions/limited-discounts")).json,
    );
    expect(page.items.map((item) => item.id)).toEqual([discount.id]);
    const read = await app.call("GET", `/v1/promotions/limited-discounts/${discount.id}`, {
      token: "acme-inspector",
    });
    expect(read.status === 200 || read.status === 403).toBe(true);
    const ended = await app.call("POST", `/v1/promotions/limited-discounts/${discount.id}/end`);
    expect(ended.status, ended.text).toBe(200);
    expect(ended.json.state).toBe("ended");
    const again = await app.call("POST", `/v1/promotions/limited-discounts/${discount.id}/end`);
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("INVALID_STATE_TRANSITION");
  });

  it("refuses a SKU another discount holds, a recurrence that never runs, and consumers", async () => {
    const app = createTestApp();
    const { skuId, productId } = await skuOf(app);
    const first = await app.call("POST", "/v1/promotions/limited-discounts", {
      body: input(skuId),
    });
    const taken = await app.call("POST", "/v1/promotions/limited-discounts", {
      body: { ...input(skuId), items: [{ productId, rate: "9", stock: 1 }] },
    });
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({
      code: "LIMITED_DISCOUNT_SKU_TAKEN",
      details: { skuId, discountId: first.json.id },
    });
    const never = await app.call("POST", "/v1/promotions/limited-discounts", {
      body: {
        ...input(skuId),
        startsAt: "2026-07-01T00:00:00.000Z",
        endsAt: "2026-07-02T00:00:00.000Z",
        recurrence: { kind: "days_of_month", days: [20] },
      },
    });
    expect(never.status).toBe(422);
    expect(never.json.code).toBe("LIMITED_DISCOUNT_NEVER_RUNS");
    const consumer = await app.call("GET", "/v1/promotions/limited-discounts", {
      token: "acme-consumer",
    });
    expect(consumer.status).toBe(403);
  });
});
