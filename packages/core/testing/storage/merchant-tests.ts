import { describe, expect, it } from "vitest";
import { freshTenantId, merchantRecord, productRecord } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

export function merchantTests({ storage }: StorageSuiteContext): void {
  describe("merchants", () => {
    it("stores a merchant and reads every field back unchanged", async () => {
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant, {
        name: "杭州茶业 Hangzhou Tea",
        remark: "remark with 'quotes' and \"double\" and \\ backslash",
        codeSource: "external",
        urlPrefixes: ["https://a.example.com/c/", "https://b.example.com/?code="],
      });
      await storage().merchants.insert(merchant);
      expect(await storage().merchants.get(tenant, merchant.id)).toEqual(merchant);
    });

    it("returns null for an id that does not exist", async () => {
      expect(
        await storage().merchants.get(freshTenantId(), "mch_00000000000000000000000000"),
      ).toBeNull();
    });

    it("lists newest first and pages by beforeId without gaps or repeats", async () => {
      const tenant = freshTenantId();
      const created = [];
      for (let i = 0; i < 5; i++) {
        const merchant = merchantRecord(tenant, { name: `m${i}` });
        await storage().merchants.insert(merchant);
        created.push(merchant.id);
      }
      const newestFirst = [...created].reverse();
      const first = await storage().merchants.list(tenant, { limit: 2, beforeId: null });
      expect(first.map((m) => m.id)).toEqual(newestFirst.slice(0, 2));
      const second = await storage().merchants.list(tenant, {
        limit: 2,
        beforeId: first[1]?.id ?? null,
      });
      expect(second.map((m) => m.id)).toEqual(newestFirst.slice(2, 4));
      const third = await storage().merchants.list(tenant, {
        limit: 2,
        beforeId: second[1]?.id ?? null,
      });
      expect(third.map((m) => m.id)).toEqual(newestFirst.slice(4));
    });

    it("updates only the fields given and returns the result", async () => {
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant);
      await storage().merchants.insert(merchant);
      const updated = await storage().merchants.update(tenant, merchant.id, {
        name: "Renamed",
        updatedAt: "2026-02-01T00:00:00.000Z",
      });
      expect(updated).toEqual({
        ...merchant,
        name: "Renamed",
        updatedAt: "2026-02-01T00:00:00.000Z",
      });
      expect(await storage().merchants.get(tenant, merchant.id)).toEqual(updated);
    });

    it("returns null when updating a merchant that does not exist", async () => {
      const result = await storage().merchants.update(
        freshTenantId(),
        "mch_00000000000000000000000000",
        {
          name: "x",
          updatedAt: "2026-02-01T00:00:00.000Z",
        },
      );
      expect(result).toBeNull();
    });

    it("keeps both of two concurrent updates to different fields", async () => {
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant);
      await storage().merchants.insert(merchant);
      await Promise.all([
        storage().merchants.update(tenant, merchant.id, {
          name: "A",
          updatedAt: merchant.updatedAt,
        }),
        storage().merchants.update(tenant, merchant.id, {
          remark: "B",
          updatedAt: merchant.updatedAt,
        }),
        storage().merchants.update(tenant, merchant.id, {
          urlPrefixes: ["https://c.example.com/"],
          updatedAt: merchant.updatedAt,
        }),
      ]);
      const stored = await storage().merchants.get(tenant, merchant.id);
      expect(stored).toMatchObject({
        name: "A",
        remark: "B",
        urlPrefixes: ["https://c.example.com/"],
      });
    });

    it("deletes a merchant without products", async () => {
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant);
      await storage().merchants.insert(merchant);
      expect(await storage().merchants.delete(tenant, merchant.id)).toEqual({ outcome: "deleted" });
      expect(await storage().merchants.get(tenant, merchant.id)).toBeNull();
      expect(await storage().merchants.delete(tenant, merchant.id)).toEqual({
        outcome: "not_found",
      });
    });

    it("refuses to delete a merchant that owns products and reports how many", async () => {
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant);
      await storage().merchants.insert(merchant);
      await storage().products.insert(productRecord(tenant, merchant.id));
      await storage().products.insert(productRecord(tenant, merchant.id));
      expect(await storage().merchants.delete(tenant, merchant.id)).toEqual({
        outcome: "has_products",
        productCount: 2,
      });
      expect(await storage().merchants.get(tenant, merchant.id)).toEqual(merchant);
    });

    it("never leaves a product without its merchant when deletes race product inserts", async () => {
      for (let round = 0; round < 5; round++) {
        const tenant = freshTenantId();
        const merchant = merchantRecord(tenant);
        await storage().merchants.insert(merchant);
        const inserts = Array.from({ length: 8 }, () =>
          storage().products.insert(productRecord(tenant, merchant.id)),
        );
        const [deletion, ...insertions] = await Promise.all([
          storage().merchants.delete(tenant, merchant.id),
          ...inserts,
        ]);
        const stillThere = await storage().merchants.get(tenant, merchant.id);
        const products = await storage().products.list(
          tenant,
          { merchantId: merchant.id },
          { limit: 100, beforeId: null },
        );
        const inserted = insertions.filter((result) => result.outcome === "inserted").length;
        expect(products).toHaveLength(inserted);
        if (deletion.outcome === "deleted") {
          expect(stillThere).toBeNull();
          expect(products).toHaveLength(0);
        } else {
          expect(stillThere).not.toBeNull();
          expect(deletion).toEqual({ outcome: "has_products", productCount: expect.any(Number) });
        }
      }
    });
  });
}
