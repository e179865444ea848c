import { describe, expect, it } from "vitest";
import {
  codePackageRecord,
  freshTenantId,
  merchantRecord,
  productRecord,
  traceBatchRecord,
} from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

export function productTests({ storage }: StorageSuiteContext): void {
  async function withMerchant() {
    const tenant = freshTenantId();
    const merchant = merchantRecord(tenant);
    await storage().merchants.insert(merchant);
    return { tenant, merchant };
  }

  describe("products", () => {
    it("stores a product and reads every field back unchanged", async () => {
      const { tenant, merchant } = await withMerchant();
      const product = productRecord(tenant, merchant.id, {
        images: ["https://img.example.com/1.png", "https://img.example.com/2.png"],
        description: "多行\n描述",
        gtin: "06901234567892",
      });
      expect(await storage().products.insert(product)).toEqual({ outcome: "inserted" });
      expect(await storage().products.get(tenant, product.id)).toEqual(product);
    });

    it("refuses a product whose merchant does not exist and stores nothing", async () => {
      const tenant = freshTenantId();
      const product = productRecord(tenant, "mch_00000000000000000000000000");
      expect(await storage().products.insert(product)).toEqual({ outcome: "merchant_not_found" });
      expect(await storage().products.get(tenant, product.id)).toBeNull();
    });

    it("keeps GTINs unique within a tenant but not across tenants", async () => {
      const a = await withMerchant();
      const b = await withMerchant();
      const gtin = "06901234567892";
      expect(
        await storage().products.insert(productRecord(a.tenant, a.merchant.id, { gtin })),
      ).toEqual({ outcome: "inserted" });
      const duplicate = productRecord(a.tenant, a.merchant.id, { gtin });
      expect(await storage().products.insert(duplicate)).toEqual({ outcome: "gtin_taken" });
      expect(await storage().products.get(a.tenant, duplicate.id)).toBeNull();
      expect(
        await storage().products.insert(productRecord(b.tenant, b.merchant.id, { gtin })),
      ).toEqual({ outcome: "inserted" });
      expect(await storage().products.insert(productRecord(a.tenant, a.merchant.id))).toEqual({
        outcome: "inserted",
      });
      expect(await storage().products.insert(productRecord(a.tenant, a.merchant.id))).toEqual({
        outcome: "inserted",
      });
    });

    it("lets exactly one of two concurrent inserts claim a GTIN", async () => {
      const { tenant, merchant } = await withMerchant();
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          storage().products.insert(productRecord(tenant, merchant.id, { gtin: "96385074" })),
        ),
      );
      expect(results.filter((result) => result.outcome === "inserted")).toHaveLength(1);
    });

    it("lists a merchant's products newest first, paged", async () => {
      const { tenant, merchant } = await withMerchant();
      const other = merchantRecord(tenant);
      await storage().merchants.insert(other);
      const ids = [];
      for (let i = 0; i < 3; i++) {
        const product = productRecord(tenant, merchant.id);
        await storage().products.insert(product);
        ids.push(product.id);
        await storage().products.insert(productRecord(tenant, other.id));
      }
      const page = await storage().products.list(
        tenant,
        { merchantId: merchant.id },
        { limit: 2, beforeId: null },
      );
      expect(page.map((p) => p.id)).toEqual([ids[2], ids[1]]);
      const rest = await storage().products.list(
        tenant,
        { merchantId: merchant.id },
        { limit: 2, beforeId: ids[1] ?? null },
      );
      expect(rest.map((p) => p.id)).toEqual([ids[0]]);
      expect(
        await storage().products.list(tenant, {}, { limit: 100, beforeId: null }),
      ).toHaveLength(6);
    });

    it("updates the given fields and refuses a GTIN another product holds", async () => {
      const { tenant, merchant } = await withMerchant();
      const first = productRecord(tenant, merchant.id, { gtin: "06901234567892" });
      const second = productRecord(tenant, merchant.id);
      await storage().products.insert(first);
      await storage().products.insert(second);
      const at = "2026-03-01T00:00:00.000Z";
      expect(
        await storage().products.update(tenant, second.id, {
          gtin: "06901234567892",
          updatedAt: at,
        }),
      ).toEqual({
        outcome: "gtin_taken",
      });
      expect(
        await storage().products.update(tenant, first.id, {
          gtin: "06901234567892",
          name: "Same GTIN",
          updatedAt: at,
        }),
      ).toEqual({
        outcome: "updated",
        product: { ...first, name: "Same GTIN", updatedAt: at },
      });
      expect(
        await storage().products.update(tenant, second.id, {
          images: ["https://i.example.com/x.png"],
          gtin: null,
          updatedAt: at,
        }),
      ).toEqual({
        outcome: "updated",
        product: { ...second, images: ["https://i.example.com/x.png"], updatedAt: at },
      });
      expect(
        await storage().products.update(tenant, "prd_00000000000000000000000000", {
          name: "x",
          updatedAt: at,
        }),
      ).toEqual({
        outcome: "not_found",
      });
    });

    it("counts bound codes atomically and never below zero", async () => {
      const { tenant, merchant } = await withMerchant();
      const product = productRecord(tenant, merchant.id);
      await storage().products.insert(product);
      await Promise.all(
        Array.from({ length: 25 }, () =>
          storage().products.adjustBoundCodes(tenant, product.id, 2),
        ),
      );
      expect(await storage().products.adjustBoundCodes(tenant, product.id, -10)).toBe(40);
      await expect(storage().products.adjustBoundCodes(tenant, product.id, -41)).rejects.toThrow(
        RangeError,
      );
      expect((await storage().products.get(tenant, product.id))?.boundCodeCount).toBe(40);
      expect(
        await storage().products.adjustBoundCodes(tenant, "prd_00000000000000000000000000", 1),
      ).toBeNull();
    });

    it("refuses to delete a product that a code package names, even with no codes bound", async () => {
      const { tenant, merchant } = await withMerchant();
      const product = productRecord(tenant, merchant.id);
      await storage().products.insert(product);
      const upload = codePackageRecord(tenant, merchant.id, null, { productId: product.id });
      expect(await storage().codePackages.insert(upload)).toEqual({ outcome: "inserted" });
      expect(await storage().products.delete(tenant, product.id)).toEqual({
        outcome: "has_codes",
        boundCodeCount: 0,
        codePackageCount: 1,
        traceBatchCount: 0,
      });
      expect(await storage().products.get(tenant, product.id)).toEqual(product);
    });

    it("refuses to delete a product that trace batches name, even with no codes bound", async () => {
      const { tenant, merchant } = await withMerchant();
      const product = productRecord(tenant, merchant.id);
      await storage().products.insert(product);
      const batches = [traceBatchRecord(tenant, product), traceBatchRecord(tenant, product)];
      for (const batch of batches) await storage().traceBatches.insert(batch);
      expect(await storage().products.delete(tenant, product.id)).toEqual({
        outcome: "has_codes",
        boundCodeCount: 0,
        codePackageCount: 0,
        traceBatchCount: 2,
      });
      for (const batch of batches) await storage().traceBatches.delete(tenant, batch.id);
      expect(await storage().products.delete(tenant, product.id)).toEqual({ outcome: "deleted" });
    });

    it("refuses to delete a product with bound codes, and deletes it once they are gone", async () => {
      const { tenant, merchant } = await withMerchant();
      const product = productRecord(tenant, merchant.id);
      await storage().products.insert(product);
      await storage().products.adjustBoundCodes(tenant, product.id, 3);
      expect(await storage().products.delete(tenant, product.id)).toEqual({
        outcome: "has_codes",
        boundCodeCount: 3,
        codePackageCount: 0,
        traceBatchCount: 0,
      });
      await storage().products.adjustBoundCodes(tenant, product.id, -3);
      expect(await storage().products.delete(tenant, product.id)).toEqual({ outcome: "deleted" });
      expect(await storage().products.get(tenant, product.id)).toBeNull();
      expect(await storage().products.delete(tenant, product.id)).toEqual({ outcome: "not_found" });
    });
  });
}
