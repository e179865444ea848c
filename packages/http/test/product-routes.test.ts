import { describe, expect, it } from "vitest";
import { productSchema } from "../src/index.js";
import { productPageSchema } from "../src/schemas/product-schemas.js";
import { createTestApp, merchantInput, type TestApp } from "./support/test-app.js";

async function merchantOf(app: TestApp, token = "acme-admin"): Promise<string> {
  const reply = await app.call("POST", "/v1/merchants", { token, body: merchantInput() });
  return reply.json.id;
}

describe("product routes", () => {
  it("creates, reads, updates and deletes a product", async () => {
    const app = createTestApp();
    const merchantId = await merchantOf(app);
    const created = await app.call("POST", "/v1/products", {
      body: {
        merchantId,
        name: "Longjing 250g",
        images: ["https://img.acme.example/1.png"],
        specification: "250g/tin",
        gtin: "06901234567892",
      },
    });
    expect(created.status).toBe(201);
    const product = productSchema.parse(created.json);
    expect(product).toMatchObject({
      merchantId,
      name: "Longjing 250g",
      gtin: "06901234567892",
      boundCodeCount: 0,
      description: "",
    });
    expect(created.headers.get("location")).toBe(`/v1/products/${product.id}`);

    expect((await app.call("GET", `/v1/products/${product.id}`)).json).toEqual(created.json);

    const updated = await app.call("PATCH", `/v1/products/${product.id}`, {
      body: { description: "Spring harvest", gtin: null },
    });
    expect(updated.status).toBe(200);
    expect(productSchema.parse(updated.json)).toMatchObject({
      description: "Spring harvest",
      gtin: null,
      name: "Longjing 250g",
    });

    expect((await app.call("DELETE", `/v1/products/${product.id}`)).status).toBe(204);
    expect((await app.call("GET", `/v1/products/${product.id}`)).status).toBe(404);
  });

  it("lists products with cursors and filters them by merchant", async () => {
    const app = createTestApp();
    const first = await merchantOf(app);
    const second = await merchantOf(app);
    for (let i = 0; i < 3; i++) {
      await app.call("POST", "/v1/products", { body: { merchantId: first, name: `A${i}` } });
      await app.call("POST", "/v1/products", { body: { merchantId: second, name: `B${i}` } });
    }
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?merchantId=${first}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await app.call("GET", `/v1/products${query}`);
      expect(page.status).toBe(200);
      const body = productPageSchema.parse(page.json);
      names.push(...body.items.map((item) => item.name));
      cursor = body.nextCursor;
    } while (cursor);
    expect(names).toEqual(["A2", "A1", "A0"]);
    expect((await app.call("GET", "/v1/products")).json.items).toHaveLength(6);
  });

  it("refuses to delete a product with bound codes with 409 PRODUCT_HAS_CODES", async () => {
    const app = createTestApp();
    const merchantId = await merchantOf(app);
    const created = await app.call("POST", "/v1/products", { body: { merchantId, name: "Tin" } });
    await app.onecode.ports.storage.products.adjustBoundCodes("acme", created.json.id, 3);

    const reply = await app.call("DELETE", `/v1/products/${created.json.id}`);
    expect(reply.status).toBe(409);
    expect(reply.json).toMatchObject({
      code: "PRODUCT_HAS_CODES",
      details: { id: created.json.id, boundCodeCount: 3 },
    });
    expect((await app.call("GET", `/v1/products/${created.json.id}`)).json.boundCodeCount).toBe(3);
  });

  it("refuses to move a product to another merchant with 409 FIELD_IMMUTABLE", async () => {
    const app = createTestApp();
    const merchantId = await merchantOf(app);
    const other = await merchantOf(app);
    const created = await app.call("POST", "/v1/products", { body: { merchantId, name: "Tin" } });
    const reply = await app.call("PATCH", `/v1/products/${created.json.id}`, {
      body: { merchantId: other },
    });
    expect(reply.status).toBe(409);
    expect(reply.json).toMatchObject({ code: "FIELD_IMMUTABLE", details: { field: "merchantId" } });
  });

  it("answers 409 GTIN_TAKEN and 404 for a merchant of another tenant", async () => {
    const app = createTestApp();
    const merchantId = await merchantOf(app);
    const gtin = "06901234567892";
    await app.call("POST", "/v1/products", { body: { merchantId, name: "One", gtin } });
    const taken = await app.call("POST", "/v1/products", {
      body: { merchantId, name: "Two", gtin },
    });
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ code: "GTIN_TAKEN", details: { field: "gtin" } });

    const foreign = await merchantOf(app, "globex-admin");
    const missing = await app.call("POST", "/v1/products", {
      body: { merchantId: foreign, name: "Three" },
    });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({
      code: "NOT_FOUND",
      details: { kind: "merchant", field: "merchantId" },
    });
  });

  it("keeps products of one tenant invisible to another", async () => {
    const app = createTestApp();
    const merchantId = await merchantOf(app);
    const created = await app.call("POST", "/v1/products", { body: { merchantId, name: "Tin" } });
    const asGlobex = { token: "globex-admin" };
    expect((await app.call("GET", `/v1/products/${created.json.id}`, asGlobex)).status).toBe(404);
    expect((await app.call("DELETE", `/v1/products/${created.json.id}`, asGlobex)).status).toBe(
      404,
    );
    expect((await app.call("GET", "/v1/products", asGlobex)).json.items).toEqual([]);
  });

  it("reports an invalid GTIN check digit from core as a field issue", async () => {
    const app = createTestApp();
    const merchantId = await merchantOf(app);
    const reply = await app.call("POST", "/v1/products", {
      body: { merchantId, name: "Tin", gtin: "06901234567891" },
    });
    expect(reply.status).toBe(400);
    expect(reply.json.errors).toEqual([
      expect.objectContaining({ field: "gtin", rule: "gtin_check_digit" }),
    ]);
  });
});
