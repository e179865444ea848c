import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../kernel/errors.js";
import { catalogTestKit, issuesOf } from "./catalog-test-kit.js";

const validMerchant = {
  name: "杭州茶业",
  codeSource: "platform" as const,
  urlPrefixes: ["https://t.acme.example/c/"],
};

describe("merchant use cases", () => {
  it("creates a merchant with a sortable id and clock timestamps", async () => {
    const { onecode, admin } = catalogTestKit();
    const merchant = await onecode.merchants.create(admin, {
      ...validMerchant,
      remark: "  trimmed  ",
    });
    expect(merchant).toEqual({
      id: expect.stringMatching(/^mch_[0-9a-z]{26}$/),
      tenantId: "acme",
      name: "杭州茶业",
      remark: "trimmed",
      codeSource: "platform",
      urlPrefixes: ["https://t.acme.example/c/"],
      createdAt: "2026-05-01T08:00:00.000Z",
      updatedAt: "2026-05-01T08:00:00.000Z",
    });
    expect(await onecode.merchants.get(admin, merchant.id)).toEqual(merchant);
  });

  it("reports every broken rule at once, naming field and rule, and stores nothing", async () => {
    const { onecode, admin } = catalogTestKit();
    const error = await onecode.merchants
      .create(admin, {
        name: "",
        remark: "r".repeat(501),
        codeSource: "printer" as never,
        urlPrefixes: [
          "ftp://x.example/",
          "https://ok.example/c",
          "https://dup.example/",
          "https://dup.example/",
        ],
      })
      .catch((e: unknown) => e);
    expect(isOneCodeError(error, "VALIDATION_FAILED")).toBe(true);
    expect(issuesOf(error)).toEqual([
      ["name", "required"],
      ["remark", "max_length"],
      ["codeSource", "one_of"],
      ["urlPrefixes.0", "url"],
      ["urlPrefixes.1", "url_prefix_end"],
      ["urlPrefixes", "unique"],
    ]);
    expect((await onecode.merchants.list(admin)).items).toEqual([]);
  });

  it("requires at least one and at most ten URL prefixes", async () => {
    const { onecode, admin } = catalogTestKit();
    const none = await onecode.merchants
      .create(admin, { ...validMerchant, urlPrefixes: [] })
      .catch((e: unknown) => e);
    expect(issuesOf(none)).toEqual([["urlPrefixes", "min_items"]]);
    const many = Array.from({ length: 11 }, (_, i) => `https://p${i}.example/`);
    const tooMany = await onecode.merchants
      .create(admin, { ...validMerchant, urlPrefixes: many })
      .catch((e: unknown) => e);
    expect(issuesOf(tooMany)).toEqual([["urlPrefixes", "max_items"]]);
  });

  it("updates the given fields, stamps updatedAt, and never changes the code source", async () => {
    const { onecode, admin, clock } = catalogTestKit();
    const merchant = await onecode.merchants.create(admin, validMerchant);
    clock.advance(60_000);
    const updated = await onecode.merchants.update(admin, merchant.id, {
      name: "Renamed",
      codeSource: "platform",
    });
    expect(updated).toEqual({
      ...merchant,
      name: "Renamed",
      updatedAt: "2026-05-01T08:01:00.000Z",
    });

    const error = await onecode.merchants
      .update(admin, merchant.id, { codeSource: "external" })
      .catch((e: unknown) => e);
    expect(isOneCodeError(error, "FIELD_IMMUTABLE")).toBe(true);
    expect((error as { details: unknown }).details).toEqual({
      field: "codeSource",
      current: "platform",
    });
    expect((await onecode.merchants.get(admin, merchant.id)).codeSource).toBe("platform");
  });

  it("refuses to delete a merchant that owns products, then deletes it once they are gone", async () => {
    const { onecode, admin } = catalogTestKit();
    const merchant = await onecode.merchants.create(admin, validMerchant);
    const product = await onecode.products.create(admin, {
      merchantId: merchant.id,
      name: "Longjing",
    });
    const error = await onecode.merchants.delete(admin, merchant.id).catch((e: unknown) => e);
    expect(isOneCodeError(error, "MERCHANT_HAS_PRODUCTS")).toBe(true);
    expect((error as { details: unknown }).details).toEqual({ id: merchant.id, productCount: 1 });
    await onecode.products.delete(admin, product.id);
    await onecode.merchants.delete(admin, merchant.id);
    await expect(onecode.merchants.get(admin, merchant.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("pages through merchants newest first", async () => {
    const { onecode, admin, clock } = catalogTestKit();
    const names = [];
    for (let i = 0; i < 5; i++) {
      names.push((await onecode.merchants.create(admin, { ...validMerchant, name: `m${i}` })).name);
      clock.advance(1);
    }
    const first = await onecode.merchants.list(admin, { limit: 3 });
    const second = await onecode.merchants.list(admin, { limit: 3, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((m) => m.name)).toEqual(names.reverse());
    expect(second.nextCursor).toBeNull();
  });

  it("lets only admins write, while any staff member may read", async () => {
    const { onecode, admin, staff } = catalogTestKit();
    const inspector = staff("acme", "inspector");
    const merchant = await onecode.merchants.create(admin, validMerchant);
    await expect(onecode.merchants.create(inspector, validMerchant)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      onecode.merchants.update(inspector, merchant.id, { name: "x" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(onecode.merchants.delete(inspector, merchant.id)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await onecode.merchants.get(inspector, merchant.id)).toEqual(merchant);
    const roleless = staff("acme");
    await expect(onecode.merchants.get(roleless, merchant.id)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(onecode.merchants.list(roleless)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(onecode.products.list(roleless)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("keeps tenants apart: another tenant's merchant is simply not found", async () => {
    const { onecode, admin, staff } = catalogTestKit();
    const other = staff("globex", "admin");
    const merchant = await onecode.merchants.create(admin, validMerchant);
    await expect(onecode.merchants.get(other, merchant.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(onecode.merchants.update(other, merchant.id, { name: "x" })).rejects.toMatchObject(
      { code: "NOT_FOUND" },
    );
    await expect(onecode.merchants.delete(other, merchant.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await onecode.merchants.list(other)).items).toEqual([]);
    expect(await onecode.merchants.get(admin, merchant.id)).toEqual(merchant);
  });
});

describe("merchant patches", () => {
  it("treats an empty patch as no change, keeping updatedAt", async () => {
    const { onecode, admin, clock } = catalogTestKit();
    const merchant = await onecode.merchants.create(admin, validMerchant);
    clock.advance(1000);
    expect(await onecode.merchants.update(admin, merchant.id, {})).toEqual(merchant);
    await expect(onecode.merchants.update(admin, "mch_missing", {})).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
