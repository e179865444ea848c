import { describe, expect, it } from "vitest";
import type { StagedCode } from "../../src/codes/ports.js";
import {
  codePackageRecord,
  codeRows,
  codeRuleRecord,
  freshTenantId,
  merchantRecord,
} from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const AT = "2026-04-01T00:00:00.000Z";

const staged = (line: number, code: string): StagedCode => ({
  line,
  code,
  url: `https://own.example/q/${code}`,
});

export function codeUploadTests({ storage }: StorageSuiteContext): void {
  async function validatingUpload(tenant = freshTenantId()) {
    const merchant = merchantRecord(tenant, { codeSource: "external" });
    await storage().merchants.insert(merchant);
    const pkg = codePackageRecord(tenant, merchant.id, null);
    await storage().codePackages.insert(pkg);
    return { tenant, merchant, pkg };
  }

  /** Three generated codes of the tenant, `<prefix>1` to `<prefix>3`. */
  async function generatedCodes(tenant: string, merchantId: string, prefix: string) {
    const rule = codeRuleRecord(tenant, merchantId);
    await storage().codeRules.insert(rule);
    const generated = codePackageRecord(tenant, merchantId, rule.id, { status: "running" });
    await storage().codePackages.insert(generated);
    await storage().codePackages.writeChunk(tenant, generated.id, {
      fromSerial: 1,
      rows: codeRows(generated, 1, 3, (serial) => `${prefix}${serial}`),
      updatedAt: AT,
    });
  }

  describe("code uploads", () => {
    it("stage rows, report repeats with both lines, and commit in line order", async () => {
      const { tenant, pkg } = await validatingUpload();
      const uploads = storage().codeUploads;
      expect(
        await uploads.stage(tenant, pkg.id, [staged(3, "B"), staged(1, "A"), staged(4, "A")]),
      ).toEqual({ duplicates: [{ line: 4, firstLine: 1, code: "A" }] });
      expect(await uploads.stage(tenant, pkg.id, [staged(7, "C"), staged(9, "B")])).toEqual({
        duplicates: [{ line: 9, firstLine: 3, code: "B" }],
      });
      expect(await uploads.commit(tenant, pkg.id, AT, 100)).toEqual({
        outcome: "committed",
        total: 3,
      });
      expect(await storage().codePackages.get(tenant, pkg.id)).toEqual({
        ...pkg,
        status: "succeeded",
        quantity: 3,
        total: 3,
        done: 3,
        updatedAt: AT,
        finishedAt: AT,
      });
      const rows = await storage().codePackages.listCodes(tenant, pkg.id, {
        afterSerial: 0,
        limit: 10,
      });
      expect(rows).toEqual(
        ["A", "B", "C"].map((code, index) => ({
          tenantId: tenant,
          code,
          packageId: pkg.id,
          serial: index + 1,
          level: "item",
          parentSerial: null,
          url: `https://own.example/q/${code}`,
        })),
      );
      // A committed upload cannot be committed again.
      expect(await uploads.commit(tenant, pkg.id, AT, 100)).toEqual({ outcome: "not_found" });
    });

    it("import nothing when any staged code exists, listing conflicts by line up to the limit", async () => {
      const { tenant, merchant, pkg } = await validatingUpload();
      await generatedCodes(tenant, merchant.id, "E");
      const uploads = storage().codeUploads;
      await uploads.stage(tenant, pkg.id, [
        staged(5, "E3"),
        staged(1, "N1"),
        staged(2, "E1"),
        staged(8, "E2"),
      ]);
      expect(await uploads.commit(tenant, pkg.id, AT, 2)).toEqual({
        outcome: "conflicts",
        count: 3,
        lines: [
          { line: 2, code: "E1" },
          { line: 5, code: "E3" },
        ],
      });
      expect(await storage().codePackages.findCode(tenant, "N1")).toBeNull();
      expect(await storage().codePackages.get(tenant, pkg.id)).toEqual(pkg);

      await uploads.discard(tenant, pkg.id);
      await uploads.stage(tenant, pkg.id, [staged(1, "N2")]);
      expect(await uploads.commit(tenant, pkg.id, AT, 100)).toEqual({
        outcome: "committed",
        total: 1,
      });
      expect(await storage().codePackages.findCode(tenant, "N1")).toBeNull();
      expect((await storage().codePackages.findCode(tenant, "N2"))?.serial).toBe(1);
    });

    it("find staged codes that already exist, by line up to the limit, changing nothing", async () => {
      const { tenant, merchant, pkg } = await validatingUpload();
      await generatedCodes(tenant, merchant.id, "F");
      const uploads = storage().codeUploads;
      expect(await uploads.findConflicts(tenant, pkg.id, 10)).toEqual({ count: 0, lines: [] });
      await uploads.stage(tenant, pkg.id, [staged(6, "F3"), staged(1, "N1"), staged(3, "F1")]);
      await uploads.stage(tenant, pkg.id, [staged(9, "F2")]);
      expect(await uploads.findConflicts(tenant, pkg.id, 2)).toEqual({
        count: 3,
        lines: [
          { line: 3, code: "F1" },
          { line: 6, code: "F3" },
        ],
      });
      // Other tenants' codes never conflict, and nothing was imported or discarded.
      const other = await validatingUpload();
      await uploads.stage(other.tenant, other.pkg.id, [staged(1, "F1")]);
      expect(await uploads.findConflicts(other.tenant, other.pkg.id, 10)).toEqual({
        count: 0,
        lines: [],
      });
      expect(await storage().codePackages.get(tenant, pkg.id)).toEqual(pkg);
      expect(await uploads.commit(tenant, pkg.id, AT, 1)).toMatchObject({
        outcome: "conflicts",
        count: 3,
      });
    });

    it("commit atomically: of two uploads racing for a code, exactly one imports", async () => {
      const first = await validatingUpload();
      const tenant = first.tenant;
      const second = codePackageRecord(tenant, first.merchant.id, null);
      await storage().codePackages.insert(second);
      const uploads = storage().codeUploads;
      await uploads.stage(tenant, first.pkg.id, [staged(1, "R1"), staged(2, "SHARED")]);
      await uploads.stage(tenant, second.id, [staged(1, "SHARED"), staged(2, "R2")]);
      const results = await Promise.all([
        uploads.commit(tenant, first.pkg.id, AT, 10),
        uploads.commit(tenant, second.id, AT, 10),
      ]);
      expect(results.map((result) => result.outcome).sort()).toEqual(["committed", "conflicts"]);
      const winner = results[0]?.outcome === "committed" ? first.pkg.id : second.id;
      expect((await storage().codePackages.findCode(tenant, "SHARED"))?.packageId).toBe(winner);
      const loserCode = winner === first.pkg.id ? "R2" : "R1";
      expect(await storage().codePackages.findCode(tenant, loserCode)).toBeNull();
    });

    it("refuse to stage for a package the tenant does not have", async () => {
      const { pkg } = await validatingUpload();
      await expect(
        storage().codeUploads.stage(freshTenantId(), pkg.id, [staged(1, "X")]),
      ).rejects.toThrow();
    });
  });
}
