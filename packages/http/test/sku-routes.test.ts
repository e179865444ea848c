import { describe, expect, it } from "vitest";
import { productSkusSchema, skuListSchema, skuSchema } from "../src/schemas/sku-schemas.js";
import { createTestApp, merchantInput, type TestApp } from "./support/test-app.js";

async function productOf(app: TestApp, token = "acme-admin"): Promise<string> {
  const merchant = await app.call("POST", "/v1/merchants", { token, body: merchantInput() });
  const product = await app.call("POST", "/v1/products", {
    token,
    body: { merchantId: merchant.json.id, name: "Tee" },
  });
  return product.json.id;
}

const sku = (colour: string, code: string) => ({
  spec: { colour },
  code,
  price: 9900,
  stock: 10,
  weightGrams: 250,
  lowStockThreshold: 3,
});
const configuration = {
  policy: "reserve_on_create",
  dimensions: [{ name: "colour", values: ["red", "blue"] }],
  skus: [sku("red", "TEE-RED"), sku("blue", "TEE-BLUE")],
};

describe("SKU routes", () => {
  it("configures, lists, reads, updates and counts a product's SKUs", async () => {
    const app = createTestApp();
    const productId = await productOf(app);
    const path = `/v1/products/${productId}/skus`;
    const configured = await app.call("PUT", path, { body: configuration });
    expect(configured.status, configured.text).toBe(200);
    const items = skuListSchema.parse(configured.json).items;
    const body = productSkusSchema.parse((await app.call("GET", path)).json);
    expect(body).toMatchObject({ productId, policy: "reserve_on_create", skus: items });
    expect(body.skus.map((s) => [s.code, s.spec, s.price])).toEqual([
      ["TEE-RED", { colour: "red" }, { amount: 9900, currency: "CNY" }],
      ["TEE-BLUE", { colour: "blue" }, { amount: 9900, currency: "CNY" }],
    ]);
    expect((await app.call("GET", path, { token: "acme-inspector" })).json).toEqual(body);

    const id = body.skus[0]?.id ?? "";
    expect((await app.call("GET", `/v1/skus/${id}`)).json).toEqual(items[0]);
    const updated = await app.call("PATCH", `/v1/skus/${id}`, {
      body: { price: 12900, lowStockThreshold: null },
    });
    expect(updated.status, updated.text).toBe(200);
    expect(skuSchema.parse(updated.json)).toMatchObject({
      price: { amount: 12900, currency: "CNY" },
      lowStockThreshold: null,
    });
    const counted = await app.call("PUT", `/v1/skus/${id}/stock`, { body: { stock: 4 } });
    expect(counted.status, counted.text).toBe(200);
    expect(counted.json.stock).toBe(4);
    const policy = await app.call("PUT", `/v1/products/${productId}/stock-policy`, {
      body: { policy: "reserve_on_pay" },
    });
    expect(policy.status, policy.text).toBe(200);
    expect(policy.json).toMatchObject({ productId, policy: "reserve_on_pay" });
    expect((await app.call("GET", path)).json.policy).toBe("reserve_on_pay");
  });

  it("answers 400 naming each field and combination, 409 for a taken code or dropped value", async () => {
    const app = createTestApp();
    const productId = await productOf(app);
    const path = `/v1/products/${productId}/skus`;
    const shape = await app.call("PUT", path, {
      body: { ...configuration, skus: [{ ...sku("red", "A B"), price: "1" }] },
    });
    expect(shape.status).toBe(400);
    expect(
      shape.json.errors.map((i: { field: string; rule: string }) => [i.field, i.rule]),
    ).toEqual([
      ["skus.0.price", "type"],
      ["skus.0.code", "no_spaces"],
    ]);
    const missing = await app.call("PUT", path, {
      body: { ...configuration, skus: [sku("red", "TEE-RED")] },
    });
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([
      {
        field: "skus",
        rule: "missing_combination",
        message: "skus must list a SKU for colour=blue",
      },
    ]);
    expect((await app.call("PUT", path, { body: configuration })).status).toBe(200);
    const dropped = await app.call("PUT", path, {
      body: { ...configuration, dimensions: [{ name: "colour", values: ["red"] }], skus: [] },
    });
    expect(dropped.status).toBe(409);
    expect(dropped.json).toMatchObject({
      code: "FIELD_IMMUTABLE",
      details: { field: "dimensions.0.values", current: '["red","blue"]' },
    });

    const other = await productOf(app);
    const taken = await app.call("PUT", `/v1/products/${other}/skus`, {
      body: {
        policy: "reserve_on_pay",
        dimensions: [],
        skus: [{ ...sku("x", "TEE-RED"), spec: {} }],
      },
    });
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({
      code: "SKU_CODE_TAKEN",
      details: { field: "skus.0.code", code: "TEE-RED" },
    });
    const badStock = await app.call("PUT", `/v1/skus/sku_x/stock`, { body: { stock: -1 } });
    expect(badStock.status).toBe(400);
    expect(badStock.json.errors).toMatchObject([{ field: "stock", rule: "range" }]);
  });

  it("needs catalog capabilities and keeps tenants apart", async () => {
    const app = createTestApp();
    const productId = await productOf(app);
    const path = `/v1/products/${productId}/skus`;
    const refused = await app.call("PUT", path, { token: "acme-inspector", body: configuration });
    expect(refused.status).toBe(403);
    const configured = await app.call("PUT", path, { body: configuration });
    const id = configured.json.items[0].id;
    expect((await app.call("GET", `/v1/skus/${id}`, { token: "globex-admin" })).status).toBe(404);
    expect((await app.call("GET", path, { token: "globex-admin" })).status).toBe(404);
    const stock = await app.call("PUT", `/v1/skus/${id}/stock`, {
      token: "acme-inspector",
      body: { stock: 1 },
    });
    expect(stock.status).toBe(403);
  });
});
