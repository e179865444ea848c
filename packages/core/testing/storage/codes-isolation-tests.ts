import { describe, expect, it } from "vitest";
import {
  codePackageRecord,
  codeRows,
  codeRuleRecord,
  freshTenantId,
  merchantRecord,
  printOrderRecord,
} from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const AT = "2026-06-01T00:00:00.000Z";
const page = { limit: 50, beforeId: null };

export function codesIsolationTests({ storage }: StorageSuiteContext): void {
  describe("tenant isolation of codes", () => {
    it("hides one tenant's rules, packages, codes, uploads and print orders from another", async () => {
      const owner = freshTenantId();
      const intruder = freshTenantId();
      const merchant = merchantRecord(owner);
      await storage().merchants.insert(merchant);
      const rule = codeRuleRecord(owner, merchant.id);
      await storage().codeRules.insert(rule);
      const pkg = codePackageRecord(owner, merchant.id, rule.id, { status: "running" });
      await storage().codePackages.insert(pkg);
      const rows = codeRows(pkg, 1, 3);
      await storage().codePackages.writeChunk(owner, pkg.id, {
        fromSerial: 1,
        rows,
        updatedAt: AT,
      });
      const upload = codePackageRecord(owner, merchant.id, null);
      await storage().codePackages.insert(upload);
      await storage().codeUploads.stage(owner, upload.id, [
        { line: 1, code: "U1", url: "https://own.example/q/U1" },
      ]);
      const order = printOrderRecord(owner, [pkg.id]);
      await storage().printOrders.insert(order);

      const rules = storage().codeRules;
      expect(await rules.get(intruder, rule.id)).toBeNull();
      expect(await rules.list(intruder, {}, page)).toEqual([]);
      expect(await rules.list(intruder, { merchantId: merchant.id }, page)).toEqual([]);
      expect(await rules.update(intruder, rule.id, { enabled: false, updatedAt: AT })).toBeNull();
      expect(await rules.delete(intruder, rule.id)).toEqual({ outcome: "not_found" });
      expect(await rules.reserveSequence(intruder, rule.id, 1)).toEqual({ outcome: "not_found" });
      expect(await rules.insert(codeRuleRecord(intruder, merchant.id))).toEqual({
        outcome: "merchant_not_found",
      });

      const packages = storage().codePackages;
      expect(await packages.get(intruder, pkg.id)).toBeNull();
      expect(await packages.list(intruder, {}, page)).toEqual([]);
      expect(await packages.list(intruder, { merchantId: merchant.id }, page)).toEqual([]);
      expect(
        await packages.writeChunk(intruder, pkg.id, {
          fromSerial: 4,
          rows: codeRows({ tenantId: intruder, id: pkg.id }, 4, 1),
          updatedAt: AT,
        }),
      ).toEqual({ outcome: "not_found" });
      expect(
        await packages.setStatus(intruder, pkg.id, {
          from: ["running"],
          to: "failed",
          updatedAt: AT,
        }),
      ).toBeNull();
      expect(await packages.listCodes(intruder, pkg.id, { afterSerial: 0, limit: 10 })).toEqual([]);
      expect(await packages.findCode(intruder, rows[0]?.code as string)).toBeNull();
      expect(await packages.insert(codePackageRecord(intruder, merchant.id, rule.id))).toEqual({
        outcome: "merchant_not_found",
      });
      const intruderMerchant = merchantRecord(intruder);
      await storage().merchants.insert(intruderMerchant);
      expect(
        await packages.insert(codePackageRecord(intruder, intruderMerchant.id, rule.id)),
      ).toEqual({ outcome: "rule_not_found" });

      const uploads = storage().codeUploads;
      expect(await uploads.commit(intruder, upload.id, AT, 10)).toEqual({ outcome: "not_found" });
      await uploads.discard(intruder, upload.id);

      const orders = storage().printOrders;
      expect(await orders.get(intruder, order.id)).toBeNull();
      expect(await orders.list(intruder, {}, page)).toEqual([]);
      expect(
        await orders.transition(intruder, order.id, "pending", {
          status: "printing",
          updatedAt: AT,
        }),
      ).toEqual({ outcome: "not_found" });

      // The owner's records are untouched, including the staged upload.
      expect(await rules.get(owner, rule.id)).toEqual(rule);
      expect(await packages.get(owner, pkg.id)).toEqual({ ...pkg, done: 3, updatedAt: AT });
      expect(await packages.listCodes(owner, pkg.id, { afterSerial: 0, limit: 10 })).toEqual(rows);
      expect(await orders.get(owner, order.id)).toEqual(order);
      expect(await uploads.commit(owner, upload.id, AT, 10)).toEqual({
        outcome: "committed",
        total: 1,
      });
    });
  });
}
