import { describe, expect, it } from "vitest";
import { merchantSchema } from "../src/index.js";
import { merchantPageSchema } from "../src/schemas/merchant-schemas.js";
import { createTestApp, merchantInput } from "./support/test-app.js";

describe("merchant routes", () => {
  it("creates, reads, updates and deletes a merchant", async () => {
    const app = createTestApp();
    const created = await app.call("POST", "/v1/merchants", {
      body: merchantInput({ remark: "tea house" }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toBe("application/json");
    const merchant = merchantSchema.parse(created.json);
    expect(merchant).toMatchObject({ name: "Acme Tea", remark: "tea house", tenantId: "acme" });
    expect(created.headers.get("location")).toBe(`/v1/merchants/${merchant.id}`);

    const fetched = await app.call("GET", `/v1/merchants/${merchant.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.json).toEqual(created.json);

    const updated = await app.call("PATCH", `/v1/merchants/${merchant.id}`, {
      body: { name: "Acme Green Tea", urlPrefixes: ["https://t.acme.example/g/"] },
    });
    expect(updated.status).toBe(200);
    expect(merchantSchema.parse(updated.json)).toMatchObject({
      id: merchant.id,
      name: "Acme Green Tea",
      remark: "tea house",
      urlPrefixes: ["https://t.acme.example/g/"],
    });

    const deleted = await app.call("DELETE", `/v1/merchants/${merchant.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");

    const gone = await app.call("GET", `/v1/merchants/${merchant.id}`);
    expect(gone.status).toBe(404);
    expect(gone.json).toMatchObject({ code: "NOT_FOUND", details: { kind: "merchant" } });
  });

  it("prefixes Location with the base path", async () => {
    const app = createTestApp({ basePath: "/api/" });
    const created = await app.call("POST", "/api/v1/merchants", { body: merchantInput() });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/api/v1/merchants/${created.json.id}`);
    expect((await app.call("GET", created.headers.get("location") ?? "")).status).toBe(200);
  });

  it("pages through merchants with cursors, newest first", async () => {
    const app = createTestApp();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await app.call("POST", "/v1/merchants", {
        body: merchantInput({ name: `Merchant ${i}` }),
      });
      ids.push(created.json.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
      const page = await app.call("GET", `/v1/merchants${query}`);
      expect(page.status).toBe(200);
      const body = merchantPageSchema.parse(page.json);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((item) => item.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());

    const all = await app.call("GET", "/v1/merchants");
    expect(all.json.items).toHaveLength(5);
    expect(all.json.nextCursor).toBeNull();
  });

  it("keeps tenants apart: another tenant gets 404 and an empty list", async () => {
    const app = createTestApp();
    const created = await app.call("POST", "/v1/merchants", { body: merchantInput() });
    const id = created.json.id;
    const asGlobex = { token: "globex-admin" };

    const read = await app.call("GET", `/v1/merchants/${id}`, asGlobex);
    expect(read.status).toBe(404);
    expect(read.json.code).toBe("NOT_FOUND");
    expect((await app.call("PATCH", `/v1/merchants/${id}`, { ...asGlobex, body: {} })).status).toBe(
      404,
    );
    expect((await app.call("DELETE", `/v1/merchants/${id}`, asGlobex)).status).toBe(404);
    expect((await app.call("GET", "/v1/merchants", asGlobex)).json.items).toEqual([]);
    expect((await app.call("GET", `/v1/merchants/${id}`)).status).toBe(200);
  });

  it("answers 401 with WWW-Authenticate without a valid token", async () => {
    const app = createTestApp();
    for (const token of [null, "forged"]) {
      const reply = await app.call("GET", "/v1/merchants", { token });
      expect(reply.status).toBe(401);
      expect(reply.headers.get("www-authenticate")).toBe("Bearer");
      expect(reply.headers.get("content-type")).toBe("application/problem+json");
      expect(reply.json).toEqual({
        type: "urn:onecode:problem:unauthenticated",
        title: "Authentication is required",
        status: 401,
        detail: "A valid bearer token is required",
        code: "UNAUTHENTICATED",
        instance: "/v1/merchants",
      });
    }
  });

  it("authenticates before validating the input", async () => {
    const app = createTestApp();
    const reply = await app.call("POST", "/v1/merchants", { token: null, body: { bogus: 1 } });
    expect(reply.status).toBe(401);
  });

  it("answers 403 when the actor lacks the admin role on writes, but lets it read", async () => {
    const app = createTestApp();
    const created = await app.call("POST", "/v1/merchants", { body: merchantInput() });
    const asInspector = { token: "acme-inspector" };

    const create = await app.call("POST", "/v1/merchants", {
      ...asInspector,
      body: merchantInput(),
    });
    expect(create.status).toBe(403);
    expect(create.json).toMatchObject({
      code: "FORBIDDEN",
      details: { capability: "catalog.manage" },
    });
    const patch = await app.call("PATCH", `/v1/merchants/${created.json.id}`, {
      ...asInspector,
      body: { name: "x" },
    });
    expect(patch.status).toBe(403);
    expect((await app.call("DELETE", `/v1/merchants/${created.json.id}`, asInspector)).status).toBe(
      403,
    );
    expect((await app.call("GET", `/v1/merchants/${created.json.id}`, asInspector)).status).toBe(
      200,
    );
  });

  it("refuses to change the code source with 409 FIELD_IMMUTABLE", async () => {
    const app = createTestApp();
    const created = await app.call("POST", "/v1/merchants", { body: merchantInput() });
    const reply = await app.call("PATCH", `/v1/merchants/${created.json.id}`, {
      body: { codeSource: "external" },
    });
    expect(reply.status).toBe(409);
    expect(reply.json).toMatchObject({
      code: "FIELD_IMMUTABLE",
      details: { field: "codeSource", current: "platform" },
    });
    const same = await app.call("PATCH", `/v1/merchants/${created.json.id}`, {
      body: { codeSource: "platform", remark: "unchanged source" },
    });
    expect(same.status).toBe(200);
  });

  it("refuses to delete a merchant with products with 409 MERCHANT_HAS_PRODUCTS", async () => {
    const app = createTestApp();
    const merchant = await app.call("POST", "/v1/merchants", { body: merchantInput() });
    await app.call("POST", "/v1/products", {
      body: { merchantId: merchant.json.id, name: "Longjing 250g" },
    });
    const reply = await app.call("DELETE", `/v1/merchants/${merchant.json.id}`);
    expect(reply.status).toBe(409);
    expect(reply.json).toMatchObject({
      code: "MERCHANT_HAS_PRODUCTS",
      details: { id: merchant.json.id, productCount: 1 },
    });
    expect(reply.json.detail).toContain("1 product");
  });

  it("passes core's own validation issues through as 400 with fields", async () => {
    const app = createTestApp();
    const reply = await app.call("POST", "/v1/merchants", {
      body: merchantInput({
        urlPrefixes: ["https://a.example/c", "ftp://b.example/", "https://a.example/c"],
      }),
    });
    expect(reply.status).toBe(400);
    expect(reply.json.code).toBe("VALIDATION_FAILED");
    expect(reply.json.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "urlPrefixes.0", rule: "url_prefix_end" }),
        expect.objectContaining({ field: "urlPrefixes.1", rule: "url" }),
        expect.objectContaining({ field: "urlPrefixes", rule: "unique" }),
      ]),
    );
    expect(reply.json.details).toBeUndefined();
  });
});
