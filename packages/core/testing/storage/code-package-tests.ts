import { describe, expect, it } from "vitest";
import type { CodePackage } from "../../src/codes/code-package.js";
import {
  codePackageRecord,
  codeRuleRecord,
  insertMerchantAndRule,
  merchantRecord,
  productRecord,
} from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

export function codePackageTests({ storage }: StorageSuiteContext): void {
  const withRule = () => insertMerchantAndRule(storage());

  describe("code packages", () => {
    it("stores generated and uploaded packages and reads every field back unchanged", async () => {
      const { tenant, merchant, rule } = await withRule();
      const middle = codeRuleRecord(tenant, merchant.id);
      await storage().codeRules.insert(middle);
      const product = productRecord(tenant, merchant.id);
      await storage().products.insert(product);
      const generated = codePackageRecord(tenant, merchant.id, rule.id, {
        productId: product.id,
        codeType: "three-level",
        ratio: { middlePerOuter: 2, innerPerOuter: 20 },
        associated: true,
        rules: { item: rule.id, middle: middle.id, outer: rule.id },
        quantity: 10,
        total: 230,
        reservedSequences: { [rule.id]: [1, 210], [middle.id]: [7, 26] },
      });
      expect(await storage().codePackages.insert(generated)).toEqual({ outcome: "inserted" });
      expect(await storage().codePackages.get(tenant, generated.id)).toEqual(generated);
      const uploaded = codePackageRecord(tenant, merchant.id, null, { fileName: "码包 (1).csv" });
      expect(await storage().codePackages.insert(uploaded)).toEqual({ outcome: "inserted" });
      expect(await storage().codePackages.get(tenant, uploaded.id)).toEqual(uploaded);
    });

    it("refuses a package whose merchant, product or any rule is missing, storing nothing", async () => {
      const { tenant, merchant, rule } = await withRule();
      const missing = "zz_00000000000000000000000000";
      const cases: Array<[CodePackage, string]> = [
        [codePackageRecord(tenant, missing, rule.id), "merchant_not_found"],
        [
          codePackageRecord(tenant, merchant.id, rule.id, { productId: missing }),
          "product_not_found",
        ],
        [codePackageRecord(tenant, merchant.id, missing), "rule_not_found"],
        [
          codePackageRecord(tenant, merchant.id, rule.id, {
            codeType: "three-level",
            ratio: { middlePerOuter: 1, innerPerOuter: 1 },
            rules: { item: rule.id, middle: missing, outer: rule.id },
          }),
          "rule_not_found",
        ],
        [
          codePackageRecord(tenant, merchant.id, rule.id, {
            codeType: "two-level",
            ratio: { innerPerOuter: 1 },
            rules: { item: rule.id, outer: missing },
          }),
          "rule_not_found",
        ],
      ];
      for (const [pkg, outcome] of cases) {
        expect(await storage().codePackages.insert(pkg)).toEqual({ outcome });
        expect(await storage().codePackages.get(tenant, pkg.id)).toBeNull();
      }
    });

    it("lists newest first, filtered by merchant and status, paged", async () => {
      const { tenant, merchant, rule } = await withRule();
      const other = merchantRecord(tenant);
      await storage().merchants.insert(other);
      const made: CodePackage[] = [];
      for (const status of ["queued", "succeeded", "queued"] as const) {
        const pkg = codePackageRecord(tenant, merchant.id, rule.id, { status });
        await storage().codePackages.insert(pkg);
        made.push(pkg);
      }
      await storage().codePackages.insert(codePackageRecord(tenant, other.id, null));
      const ids = async (filter: object, beforeId: string | null = null, limit = 50) =>
        (await storage().codePackages.list(tenant, filter, { limit, beforeId })).map((p) => p.id);
      expect(await ids({ merchantId: merchant.id })).toEqual(made.map((p) => p.id).reverse());
      expect(await ids({ merchantId: merchant.id, status: "queued" })).toEqual([
        made[2]?.id,
        made[0]?.id,
      ]);
      expect(await ids({ status: "validating" })).toHaveLength(1);
      expect(await ids({}, made[2]?.id ?? null, 1)).toEqual([made[1]?.id]);
      expect(await ids({})).toHaveLength(4);
    });

    it("changes the status only from one of the given statuses", async () => {
      const { tenant, merchant, rule } = await withRule();
      const pkg = codePackageRecord(tenant, merchant.id, rule.id);
      await storage().codePackages.insert(pkg);
      const at = "2026-03-01T00:00:00.000Z";
      const refused = await storage().codePackages.setStatus(tenant, pkg.id, {
        from: ["running"],
        to: "succeeded",
        updatedAt: at,
        finishedAt: at,
      });
      expect(refused).toEqual(pkg);
      const running = await storage().codePackages.setStatus(tenant, pkg.id, {
        from: ["queued", "running"],
        to: "running",
        updatedAt: at,
      });
      expect(running).toEqual({ ...pkg, status: "running", updatedAt: at });
      const failed = await storage().codePackages.setStatus(tenant, pkg.id, {
        from: ["running"],
        to: "failed",
        failureReason: "sequence exhausted: 'quoted' \"reason\"",
        failureCode: "SEQUENCE_EXHAUSTED",
        updatedAt: at,
        finishedAt: at,
      });
      expect(failed).toEqual({
        ...pkg,
        status: "failed",
        failureReason: "sequence exhausted: 'quoted' \"reason\"",
        failureCode: "SEQUENCE_EXHAUSTED",
        updatedAt: at,
        finishedAt: at,
      });
      expect(await storage().codePackages.get(tenant, pkg.id)).toEqual(failed);
      // An operator retry: back to queued, the failure and the finish time cleared.
      const later = "2026-03-02T00:00:00.000Z";
      const requeued = await storage().codePackages.setStatus(tenant, pkg.id, {
        from: ["failed"],
        to: "queued",
        failureReason: null,
        failureCode: null,
        updatedAt: later,
        finishedAt: null,
      });
      expect(requeued).toEqual({ ...pkg, status: "queued", updatedAt: later });
      expect(await storage().codePackages.get(tenant, pkg.id)).toEqual(requeued);
      expect(
        await storage().codePackages.setStatus(tenant, "pkg_00000000000000000000000000", {
          from: ["queued"],
          to: "running",
          updatedAt: at,
        }),
      ).toBeNull();
    });

    it("applies exactly one of many parallel conditional status changes", async () => {
      const { tenant, merchant, rule } = await withRule();
      const pkg = codePackageRecord(tenant, merchant.id, rule.id);
      await storage().codePackages.insert(pkg);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          storage().codePackages.setStatus(tenant, pkg.id, {
            from: ["queued"],
            to: "failed",
            failureReason: `reason ${i}`,
            updatedAt: pkg.updatedAt,
          }),
        ),
      );
      const winners = results.filter((result, i) => result?.failureReason === `reason ${i}`);
      expect(winners).toHaveLength(1);
      expect(await storage().codePackages.get(tenant, pkg.id)).toEqual(winners[0]);
    });

    it("lists unfinished generated jobs of every tenant, oldest first, page after page", async () => {
      const a = await withRule();
      const b = await withRule();
      // Far in the past, so other data in a shared database does not push them past the limit.
      const base = Date.UTC(1971, 0, 1) + Math.floor(Math.random() * 1e9);
      const at = (offset: number) => new Date(base + offset).toISOString();
      const queuedB = codePackageRecord(b.tenant, b.merchant.id, b.rule.id, { createdAt: at(0) });
      const runningA = codePackageRecord(a.tenant, a.merchant.id, a.rule.id, {
        status: "running",
        createdAt: at(1),
      });
      const queuedA = codePackageRecord(a.tenant, a.merchant.id, a.rule.id, { createdAt: at(2) });
      const others = [
        codePackageRecord(a.tenant, a.merchant.id, a.rule.id, {
          status: "succeeded",
          createdAt: at(0),
        }),
        codePackageRecord(a.tenant, a.merchant.id, a.rule.id, {
          status: "failed",
          createdAt: at(0),
        }),
        codePackageRecord(b.tenant, b.merchant.id, null, { createdAt: at(0) }),
      ];
      for (const pkg of [queuedA, runningA, queuedB, ...others]) {
        await storage().codePackages.insert(pkg);
      }
      try {
        const ours = (await storage().codePackages.listUnfinished(10_000)).filter(
          (job) => job.tenantId === a.tenant || job.tenantId === b.tenant,
        );
        const expected = [
          { tenantId: b.tenant, id: queuedB.id, createdAt: at(0) },
          { tenantId: a.tenant, id: runningA.id, createdAt: at(1) },
          { tenantId: a.tenant, id: queuedA.id, createdAt: at(2) },
        ];
        expect(ours).toEqual(expected);
        expect(await storage().codePackages.listUnfinished(1)).toHaveLength(1);
        // Paging: each page starts after the last job of the one before.
        const [first, second, third] = expected;
        const afterFirst = await storage().codePackages.listUnfinished(2, first);
        expect(afterFirst).toEqual([second, third]);
        const afterThird = await storage().codePackages.listUnfinished(10_000, third);
        expect(
          afterThird.filter((job) => job.tenantId === a.tenant || job.tenantId === b.tenant),
        ).toEqual([]);
      } finally {
        // Leave nothing unfinished behind in a shared database.
        for (const pkg of [queuedA, runningA, queuedB]) {
          await storage().codePackages.setStatus(pkg.tenantId, pkg.id, {
            from: ["queued", "running"],
            to: "failed",
            failureReason: "conformance suite cleanup",
            updatedAt: pkg.updatedAt,
          });
        }
      }
    });
  });
}
