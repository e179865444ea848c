import { describe, expect, it } from "vitest";
import { provided, skipNote } from "../capability.js";
import { freshTenantId, merchantRecord, productRecord } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

export function transactionTests({ storage, options }: StorageSuiteContext): void {
  describe("transactions", () => {
    it("commits every write of a unit of work and returns its value", async () => {
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant);
      const product = productRecord(tenant, merchant.id);
      const value = await storage().transaction(async (tx) => {
        await tx.merchants.insert(merchant);
        expect(await tx.products.insert(product)).toEqual({ outcome: "inserted" });
        expect(await tx.merchants.get(tenant, merchant.id)).toEqual(merchant);
        return 42;
      });
      expect(value).toBe(42);
      expect(await storage().products.get(tenant, product.id)).toEqual(product);
    });

    it("rolls back every write when the unit of work throws, and rethrows the same error", async () => {
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant);
      await storage().merchants.insert(merchant);
      const product = productRecord(tenant, merchant.id);
      const failure = new Error("payment port said no");
      await expect(
        storage().transaction(async (tx) => {
          await tx.products.insert(product);
          await tx.products.adjustBoundCodes(tenant, product.id, 5);
          await tx.merchants.update(tenant, merchant.id, {
            name: "changed",
            updatedAt: merchant.updatedAt,
          });
          await tx.merchants.insert(merchantRecord(tenant));
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await storage().products.get(tenant, product.id)).toBeNull();
      expect(await storage().merchants.get(tenant, merchant.id)).toEqual(merchant);
      expect(await storage().merchants.list(tenant, { limit: 10, beforeId: null })).toHaveLength(1);
    });

    it("runs concurrent units of work without losing or mixing their writes", async () => {
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant);
      const product = productRecord(tenant, merchant.id);
      await storage().merchants.insert(merchant);
      await storage().products.insert(product);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          storage().transaction(async (tx) => {
            await tx.products.adjustBoundCodes(tenant, product.id, 1);
            await tx.merchants.insert(merchantRecord(tenant, { name: `tx${i}` }));
            if (i % 3 === 0) throw new Error(`unit ${i} fails`);
          }),
        ),
      );
      const committed = outcomes.filter((outcome) => outcome.status === "fulfilled").length;
      expect(committed).toBe(8);
      expect((await storage().products.get(tenant, product.id))?.boundCodeCount).toBe(8);
      expect(await storage().merchants.list(tenant, { limit: 100, beforeId: null })).toHaveLength(
        9,
      );
    });

    const reopen = provided(options.capabilities.reopen);
    it.skipIf(!reopen)(
      `keeps committed writes when the storage is reopened${skipNote(options.capabilities.reopen)}`,
      async () => {
        if (!reopen) return;
        const tenant = freshTenantId();
        const merchant = merchantRecord(tenant);
        await storage().transaction(async (tx) => {
          await tx.merchants.insert(merchant);
        });
        const second = await reopen();
        try {
          expect(await second.merchants.get(tenant, merchant.id)).toEqual(merchant);
        } finally {
          await second.close();
        }
      },
    );
  });
}
