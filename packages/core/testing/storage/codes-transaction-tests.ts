import { describe, expect, it } from "vitest";
import {
  codePackageRecord,
  codeRuleRecord,
  freshTenantId,
  merchantRecord,
  productRecord,
} from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const AT = "2026-07-01T00:00:00.000Z";

export function codesTransactionTests({ storage }: StorageSuiteContext): void {
  describe("codes in transactions", () => {
    it("roll back a sequence reservation, a package insert and a bound-code count together", async () => {
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant);
      const product = productRecord(tenant, merchant.id);
      await storage().merchants.insert(merchant);
      await storage().products.insert(product);
      const rule = codeRuleRecord(tenant, merchant.id);
      await storage().codeRules.insert(rule);
      const pkg = codePackageRecord(tenant, merchant.id, rule.id, { productId: product.id });
      const failure = new Error("later step failed");
      await expect(
        storage().transaction(async (tx) => {
          expect(await tx.codeRules.reserveSequence(tenant, rule.id, 100)).toMatchObject({
            outcome: "reserved",
          });
          expect(await tx.codePackages.insert(pkg)).toEqual({ outcome: "inserted" });
          expect(await tx.products.adjustBoundCodes(tenant, product.id, 100)).toBe(100);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await storage().codeRules.get(tenant, rule.id)).toEqual(rule);
      expect(await storage().codePackages.get(tenant, pkg.id)).toBeNull();
      expect((await storage().products.get(tenant, product.id))?.boundCodeCount).toBe(0);
    });

    it("roll back an upload commit, keeping its staged rows", async () => {
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant, { codeSource: "external" });
      await storage().merchants.insert(merchant);
      const pkg = codePackageRecord(tenant, merchant.id, null);
      await storage().codePackages.insert(pkg);
      await storage().codeUploads.stage(tenant, pkg.id, [
        { line: 1, code: "T1", url: "https://own.example/q/T1" },
      ]);
      await expect(
        storage().transaction(async (tx) => {
          expect(await tx.codeUploads.commit(tenant, pkg.id, AT, 10)).toEqual({
            outcome: "committed",
            total: 1,
          });
          throw new Error("binding the product failed");
        }),
      ).rejects.toThrow("binding the product failed");
      expect(await storage().codePackages.get(tenant, pkg.id)).toEqual(pkg);
      expect(await storage().codePackages.findCode(tenant, "T1")).toBeNull();
      expect(await storage().codeUploads.commit(tenant, pkg.id, AT, 10)).toEqual({
        outcome: "committed",
        total: 1,
      });
    });
  });
}
