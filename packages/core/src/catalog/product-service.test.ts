import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../kernel/errors.js";
import { catalogTestKit, issuesOf } from "./catalog-test-kit.js";

async function withMerchant() {
  const kit = catalogTestKit();
  const merchant = await kit.onecode.merchants.create(kit.admin, {
    name: "Acme Tea",
    codeSource: "platform",
    urlPrefixes: ["https://t.acme.example/c/"],
  });
  return { ...kit, merchant };
}

describe("product use cases", () => {
  it("creates a product with defaults for the optional fields", async () => {
    const { onecode, admin, merchant } = await withMerchant();
    const product = await onecode.products.create(admin, {
      merchantId: merchant.id,
      name: "Longjing 250g",
    });
    expect(product).toEqual({
      id: expect.stringMatching(/^prd_/),
      tenantId: "acme",
      merchantId: merchant.id,
      name: "Longjing 250g",
      images: [],
      specification: "",
      description: "",
      gtin: null,
      boundCodeCount: 0,
      createdAt: "2026-05-01T08:00:00.000Z",
      updatedAt: "2026-05-01T08:00:00.000Z",
    });
  });

  it("validates every field: up to 6 image URLs, lengths, GTIN check digit", async () => {
    const { onecode, admin, merchant } = await withMerchant();
    const images = Array.from({ length: 7 }, (_, i) => `https://img.example/${i}.png`);
    const error = await onecode.products
      .create(admin, {
        merchantId: merchant.id,
        name: "x".repeat(101),
        images,
        specification: "s".repeat(101),
        gtin: "06901234567893",
      })
      .catch((e: unknown) => e);
    expect(issuesOf(error)).toEqual([
      ["name", "max_length"],
      ["images", "max_items"],
      ["specification", "max_length"],
      ["gtin", "gtin_check_digit"],
    ]);
    const badImage = await onecode.products
      .create(admin, { merchantId: merchant.id, name: "ok", images: ["not a url"] })
      .catch((e: unknown) => e);
    expect(issuesOf(badImage)).toEqual([["images.0", "url"]]);
  });

  it("needs an existing merchant of the same tenant", async () => {
    const { onecode, admin, staff, merchant } = await withMerchant();
    const missing = await onecode.products
      .create(admin, { merchantId: "mch_nope", name: "x" })
      .catch((e: unknown) => e);
    expect(isOneCodeError(missing, "NOT_FOUND")).toBe(true);
    expect((missing as { details: { field: string } }).details.field).toBe("merchantId");
    const foreign = staff("globex", "admin");
    await expect(
      onecode.products.create(foreign, { merchantId: merchant.id, name: "x" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps GTINs unique within the tenant", async () => {
    const { onecode, admin, merchant } = await withMerchant();
    const first = await onecode.products.create(admin, {
      merchantId: merchant.id,
      name: "a",
      gtin: "06901234567892",
    });
    await expect(
      onecode.products.create(admin, {
        merchantId: merchant.id,
        name: "b",
        gtin: "06901234567892",
      }),
    ).rejects.toMatchObject({
      code: "GTIN_TAKEN",
      details: { field: "gtin" },
    });
    const second = await onecode.products.create(admin, { merchantId: merchant.id, name: "b" });
    await expect(
      onecode.products.update(admin, second.id, { gtin: "06901234567892" }),
    ).rejects.toMatchObject({ code: "GTIN_TAKEN" });
    expect((await onecode.products.update(admin, first.id, { gtin: null })).gtin).toBeNull();
    expect((await onecode.products.update(admin, second.id, { gtin: "06901234567892" })).gtin).toBe(
      "06901234567892",
    );
  });

  it("never moves a product to another merchant", async () => {
    const { onecode, admin, merchant } = await withMerchant();
    const product = await onecode.products.create(admin, { merchantId: merchant.id, name: "a" });
    await expect(
      onecode.products.update(admin, product.id, { merchantId: "mch_other" }),
    ).rejects.toMatchObject({
      code: "FIELD_IMMUTABLE",
      details: { field: "merchantId" },
    });
    expect(
      (await onecode.products.update(admin, product.id, { merchantId: merchant.id, name: "b" }))
        .name,
    ).toBe("b");
  });

  it("refuses to delete a product with bound codes", async () => {
    const { onecode, admin, merchant } = await withMerchant();
    const product = await onecode.products.create(admin, { merchantId: merchant.id, name: "a" });
    await onecode.ports.storage.products.adjustBoundCodes("acme", product.id, 12);
    await expect(onecode.products.delete(admin, product.id)).rejects.toMatchObject({
      code: "PRODUCT_HAS_CODES",
      details: { id: product.id, boundCodeCount: 12 },
    });
    expect((await onecode.products.get(admin, product.id)).boundCodeCount).toBe(12);
  });

  it("lists a merchant's products and pages through them", async () => {
    const { onecode, admin, merchant, clock } = await withMerchant();
    const other = await onecode.merchants.create(admin, {
      name: "B",
      codeSource: "external",
      urlPrefixes: ["https://b.example/"],
    });
    for (let i = 0; i < 3; i++) {
      await onecode.products.create(admin, { merchantId: merchant.id, name: `a${i}` });
      await onecode.products.create(admin, { merchantId: other.id, name: `b${i}` });
      clock.advance(1);
    }
    const page = await onecode.products.list(admin, { merchantId: merchant.id }, { limit: 2 });
    expect(page.items.map((p) => p.name)).toEqual(["a2", "a1"]);
    const rest = await onecode.products.list(
      admin,
      { merchantId: merchant.id },
      { limit: 2, cursor: page.nextCursor },
    );
    expect(rest.items.map((p) => p.name)).toEqual(["a0"]);
    expect((await onecode.products.list(admin)).items).toHaveLength(6);
  });
});

describe("product patches", () => {
  it("treats an empty patch as no change, keeping updatedAt", async () => {
    const { onecode, admin, merchant, clock } = await withMerchant();
    const product = await onecode.products.create(admin, { merchantId: merchant.id, name: "a" });
    clock.advance(1000);
    expect(await onecode.products.update(admin, product.id, {})).toEqual(product);
    await expect(onecode.products.update(admin, "prd_missing", {})).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
