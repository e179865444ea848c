import { freshTenantId, merchantRecord, productRecord } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const GTIN = "06901234567892";
const AT = "2026-05-01T00:00:00.000Z";

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("storage transactions", target), () => {
    async function seeded() {
      const { db } = await target.fresh();
      await migrate(db);
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant);
      const withGtin = productRecord(tenant, merchant.id, { gtin: GTIN });
      const plain = productRecord(tenant, merchant.id);
      await storage.merchants.insert(merchant);
      await storage.products.insert(withGtin);
      await storage.products.insert(plain);
      return { storage, tenant, merchant, withGtin, plain };
    }

    it("keeps the caller's transaction usable after every refused outcome", async () => {
      const { storage, tenant, merchant, withGtin, plain } = await seeded();
      const later = merchantRecord(tenant);
      await storage.transaction(async (tx) => {
        expect(
          await tx.products.insert(productRecord(tenant, merchant.id, { gtin: GTIN })),
        ).toEqual({ outcome: "gtin_taken" });
        expect(await tx.products.update(tenant, plain.id, { gtin: GTIN, updatedAt: AT })).toEqual({
          outcome: "gtin_taken",
        });
        expect(await tx.merchants.delete(tenant, merchant.id)).toEqual({
          outcome: "has_products",
          productCount: 2,
        });
        expect(
          await tx.products.insert(productRecord(tenant, "mch_00000000000000000000000000")),
        ).toEqual({ outcome: "merchant_not_found" });
        await expect(tx.products.adjustBoundCodes(tenant, plain.id, -1)).rejects.toThrow(
          RangeError,
        );
        expect(await tx.products.delete(tenant, "prd_00000000000000000000000000")).toEqual({
          outcome: "not_found",
        });
        await tx.merchants.insert(later);
        expect(
          await tx.products.update(tenant, plain.id, { name: "renamed", updatedAt: AT }),
        ).toEqual({ outcome: "updated", product: { ...plain, name: "renamed", updatedAt: AT } });
      });
      expect(await storage.merchants.get(tenant, later.id)).toEqual(later);
      expect(await storage.products.get(tenant, plain.id)).toMatchObject({
        name: "renamed",
        gtin: null,
      });
      expect(await storage.products.get(tenant, withGtin.id)).toEqual(withGtin);
    });

    it("runs calls made in parallel on one transaction handle one at a time", async () => {
      const { storage, tenant, merchant, withGtin, plain } = await seeded();
      const added = Array.from({ length: 4 }, () => merchantRecord(tenant));
      // If a savepoint bracket interleaved with other calls, rolling it back would drop their writes.
      const results = await storage.transaction((tx) =>
        Promise.all([
          tx.products.update(tenant, plain.id, { gtin: GTIN, updatedAt: AT }),
          ...added.map((record) => tx.merchants.insert(record)),
          tx.merchants.delete(tenant, merchant.id),
          tx.products.adjustBoundCodes(tenant, withGtin.id, 3),
        ]),
      );
      expect(results[0]).toEqual({ outcome: "gtin_taken" });
      for (const record of added)
        expect(await storage.merchants.get(tenant, record.id)).toEqual(record);
      expect((await storage.products.get(tenant, withGtin.id))?.boundCodeCount).toBe(3);
    });

    it("rolls back writes made before a refused outcome when the unit of work throws", async () => {
      const { storage, tenant, merchant, plain } = await seeded();
      const later = merchantRecord(tenant);
      const failure = new Error("courier port said no");
      await expect(
        storage.transaction(async (tx) => {
          await tx.merchants.insert(later);
          await tx.products.update(tenant, plain.id, { gtin: GTIN, updatedAt: AT });
          await tx.merchants.delete(tenant, merchant.id);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await storage.merchants.get(tenant, later.id)).toBeNull();
    });
  });
}
