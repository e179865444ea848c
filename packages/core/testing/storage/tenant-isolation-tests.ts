import { describe, expect, it } from "vitest";
import { freshTenantId, merchantRecord, productRecord } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

export function tenantIsolationTests({ storage }: StorageSuiteContext): void {
  describe("tenant isolation", () => {
    it("hides one tenant's merchants and products from every call of another tenant", async () => {
      const owner = freshTenantId();
      const intruder = freshTenantId();
      const merchant = merchantRecord(owner);
      const product = productRecord(owner, merchant.id, { gtin: "06901234567892" });
      await storage().merchants.insert(merchant);
      await storage().products.insert(product);
      const at = "2026-04-01T00:00:00.000Z";

      expect(await storage().merchants.get(intruder, merchant.id)).toBeNull();
      expect(await storage().merchants.list(intruder, { limit: 50, beforeId: null })).toEqual([]);
      expect(
        await storage().merchants.update(intruder, merchant.id, {
          name: "hijacked",
          updatedAt: at,
        }),
      ).toBeNull();
      expect(await storage().merchants.delete(intruder, merchant.id)).toEqual({
        outcome: "not_found",
      });

      expect(await storage().products.get(intruder, product.id)).toBeNull();
      expect(await storage().products.list(intruder, {}, { limit: 50, beforeId: null })).toEqual(
        [],
      );
      expect(
        await storage().products.list(
          intruder,
          { merchantId: merchant.id },
          { limit: 50, beforeId: null },
        ),
      ).toEqual([]);
      expect(
        await storage().products.update(intruder, product.id, { name: "hijacked", updatedAt: at }),
      ).toEqual({ outcome: "not_found" });
      expect(await storage().products.delete(intruder, product.id)).toEqual({
        outcome: "not_found",
      });
      expect(await storage().products.adjustBoundCodes(intruder, product.id, 1)).toBeNull();
      // A product of the intruder cannot hang off the owner's merchant.
      expect(await storage().products.insert(productRecord(intruder, merchant.id))).toEqual({
        outcome: "merchant_not_found",
      });

      expect(await storage().merchants.get(owner, merchant.id)).toEqual(merchant);
      expect(await storage().products.get(owner, product.id)).toEqual(product);
    });

    it("lets two tenants use the same record id without touching each other", async () => {
      const a = freshTenantId();
      const b = freshTenantId();
      const merchantA = merchantRecord(a, { name: "A" });
      const merchantB = { ...merchantRecord(b, { name: "B" }), id: merchantA.id };
      await storage().merchants.insert(merchantA);
      await storage().merchants.insert(merchantB);
      await storage().merchants.delete(b, merchantA.id);
      expect(await storage().merchants.get(a, merchantA.id)).toEqual(merchantA);
      expect(await storage().merchants.get(b, merchantA.id)).toBeNull();
    });
  });
}
