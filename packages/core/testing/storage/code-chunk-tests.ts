import { describe, expect, it } from "vitest";
import type { CodePackage, CodeRecord } from "../../src/codes/code-package.js";
import {
  codePackageRecord,
  codeRows,
  codeRuleRecord,
  freshTenantId,
  merchantRecord,
} from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const AT = "2026-03-01T00:00:00.000Z";

export function codeChunkTests({ storage }: StorageSuiteContext): void {
  /** A running generated package of `total` codes in a fresh tenant. */
  async function runningPackage(overrides: Partial<CodePackage> = {}, tenant = freshTenantId()) {
    const merchant = merchantRecord(tenant);
    await storage().merchants.insert(merchant);
    const rule = codeRuleRecord(tenant, merchant.id);
    await storage().codeRules.insert(rule);
    const pkg = codePackageRecord(tenant, merchant.id, rule.id, {
      status: "running",
      ...overrides,
    });
    await storage().codePackages.insert(pkg);
    return { tenant, merchant, rule, pkg };
  }
  const write = (pkg: CodePackage, rows: CodeRecord[], fromSerial = rows[0]?.serial ?? 1) =>
    storage().codePackages.writeChunk(pkg.tenantId, pkg.id, { fromSerial, rows, updatedAt: AT });

  describe("code chunks", () => {
    it("writes a chunk, advances done, and reads every row back in serial order", async () => {
      const { tenant, pkg } = await runningPackage({
        codeType: "two-level",
        ratio: { innerPerOuter: 2 },
        associated: true,
        total: 6,
        quantity: 2,
      });
      const rows: CodeRecord[] = [1, 2, 3, 4, 5, 6].map((serial) => ({
        tenantId: tenant,
        code: `码-${serial}'"\\`,
        packageId: pkg.id,
        serial,
        level: serial % 3 === 1 ? "outer" : "inner",
        parentSerial: serial % 3 === 1 ? null : serial - ((serial - 1) % 3),
        url: serial === 6 ? "https://own.example/q/x?a=1&b=2" : null,
      }));
      expect(await write(pkg, rows.slice(0, 3))).toEqual({ outcome: "written", done: 3 });
      expect(await write(pkg, rows.slice(3))).toEqual({ outcome: "written", done: 6 });
      expect(await storage().codePackages.get(tenant, pkg.id)).toEqual({
        ...pkg,
        done: 6,
        updatedAt: AT,
      });
      const range = (afterSerial: number, limit: number, level?: "outer" | "inner") =>
        storage().codePackages.listCodes(tenant, pkg.id, {
          afterSerial,
          limit,
          ...(level && { level }),
        });
      expect(await range(0, 100)).toEqual(rows);
      expect(await range(2, 3)).toEqual(rows.slice(2, 5));
      expect(await range(0, 100, "outer")).toEqual([rows[0], rows[3]]);
      expect(await range(1, 3, "inner")).toEqual([rows[1], rows[2], rows[4]]);
      expect(await range(6, 10)).toEqual([]);
      expect(await storage().codePackages.findCode(tenant, rows[4]?.code as string)).toEqual(
        rows[4],
      );
      expect(await storage().codePackages.findCode(tenant, "nope")).toBeNull();
    });

    it("writes 10,000 rows in one chunk", async () => {
      const { tenant, pkg } = await runningPackage({ total: 10_000, quantity: 10_000 });
      const rows = codeRows(pkg, 1, 10_000);
      expect(await write(pkg, rows)).toEqual({ outcome: "written", done: 10_000 });
      const stored = await storage().codePackages.listCodes(tenant, pkg.id, {
        afterSerial: 0,
        limit: 10_000,
      });
      expect(stored).toEqual(rows);
    });

    it("refuses chunks out of order or for packages that are not running", async () => {
      const { tenant, pkg } = await runningPackage();
      expect(await write(pkg, codeRows(pkg, 2, 3))).toEqual({
        outcome: "out_of_order",
        done: 0,
        status: "running",
      });
      await write(pkg, codeRows(pkg, 1, 3));
      expect(await write(pkg, codeRows(pkg, 1, 3))).toEqual({
        outcome: "out_of_order",
        done: 3,
        status: "running",
      });
      await storage().codePackages.setStatus(tenant, pkg.id, {
        from: ["running"],
        to: "failed",
        updatedAt: AT,
      });
      expect(await write(pkg, codeRows(pkg, 4, 3))).toEqual({
        outcome: "out_of_order",
        done: 3,
        status: "failed",
      });
      const queued = (await runningPackage({ status: "queued" })).pkg;
      expect(await write(queued, codeRows(queued, 1, 1))).toMatchObject({
        outcome: "out_of_order",
        status: "queued",
      });
      expect(
        await storage().codePackages.writeChunk(tenant, "pkg_00000000000000000000000000", {
          fromSerial: 1,
          rows: [],
          updatedAt: AT,
        }),
      ).toEqual({ outcome: "not_found" });
    });

    it("refuses a whole chunk when any code exists in the tenant, naming those codes", async () => {
      const { tenant, merchant, rule, pkg } = await runningPackage();
      const other = codePackageRecord(tenant, merchant.id, rule.id, { status: "running" });
      await storage().codePackages.insert(other);
      await write(
        other,
        codeRows(other, 1, 2, (serial) => `taken-${serial}`),
      );
      const rows = codeRows(pkg, 1, 5);
      const clashing = rows.map((row, i) =>
        i === 1 || i === 3 ? { ...row, code: `taken-${i === 1 ? 1 : 2}` } : row,
      );
      const result = await write(pkg, clashing);
      expect(result.outcome).toBe("conflict");
      const named = result.outcome === "conflict" ? [...result.codes] : [];
      expect(named.sort()).toEqual(["taken-1", "taken-2"]);
      expect((await storage().codePackages.get(tenant, pkg.id))?.done).toBe(0);
      expect(await storage().codePackages.findCode(tenant, rows[0]?.code as string)).toBeNull();
      expect(
        await storage().codePackages.listCodes(tenant, pkg.id, { afterSerial: 0, limit: 10 }),
      ).toEqual([]);
      expect(await write(pkg, rows)).toEqual({ outcome: "written", done: 5 });
    });

    it("lets another tenant use the same codes", async () => {
      const a = await runningPackage();
      const b = await runningPackage();
      const same = (serial: number) => `shared-${serial}`;
      expect(await write(a.pkg, codeRows(a.pkg, 1, 3, same))).toEqual({
        outcome: "written",
        done: 3,
      });
      expect(await write(b.pkg, codeRows(b.pkg, 1, 3, same))).toEqual({
        outcome: "written",
        done: 3,
      });
      expect((await storage().codePackages.findCode(b.tenant, "shared-2"))?.packageId).toBe(
        b.pkg.id,
      );
    });

    it("lets exactly one of several parallel writers of the same chunk win", async () => {
      const { tenant, pkg } = await runningPackage();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, writer) =>
          write(
            pkg,
            codeRows(pkg, 1, 20, (serial) => `w${writer}-${serial}`),
          ),
        ),
      );
      expect(results.filter((result) => result.outcome === "written")).toEqual([
        { outcome: "written", done: 20 },
      ]);
      for (const result of results.filter((r) => r.outcome !== "written")) {
        expect(result).toEqual({ outcome: "out_of_order", done: 20, status: "running" });
      }
      const stored = await storage().codePackages.listCodes(tenant, pkg.id, {
        afterSerial: 0,
        limit: 100,
      });
      expect(stored).toHaveLength(20);
      expect(new Set(stored.map((row) => row.code.split("-")[0])).size).toBe(1);
    });

    it("lets exactly one of two parallel writers of the same new code win", async () => {
      const a = await runningPackage();
      const { merchant, rule } = a;
      const b = codePackageRecord(a.tenant, merchant.id, rule.id, { status: "running" });
      await storage().codePackages.insert(b);
      const [first, second] = await Promise.all([
        write(
          a.pkg,
          codeRows(a.pkg, 1, 3, (serial) => `race-${serial}`),
        ),
        write(
          b,
          codeRows(b, 1, 3, (serial) => `race-${serial + 2}`),
        ),
      ]);
      const outcomes = [first.outcome, second.outcome].sort();
      expect(outcomes).toEqual(["conflict", "written"]);
      // The contract lets a conflict found in a race name no code; it never names another one.
      const loser = first.outcome === "conflict" ? first : second;
      for (const code of loser.outcome === "conflict" ? loser.codes : [])
        expect(code).toBe("race-3");
      expect((await storage().codePackages.findCode(a.tenant, "race-3"))?.packageId).toBe(
        first.outcome === "written" ? a.pkg.id : b.id,
      );
    });
  });
}
