import { describe, expect, it } from "vitest";
import type { CodePackage } from "../../src/codes/code-package.js";
import type { Storage } from "../../src/ports/storage.js";
import type { StatisticsWindow } from "../../src/statistics/ports.js";
import {
  codePackageRecord,
  codeRuleRecord,
  freshTenantId,
  merchantRecord,
  productRecord,
  traceBatchRecord,
} from "../fixtures.js";
import { sorted } from "./statistics-rows.js";
import type { StorageSuiteContext } from "./suite-context.js";

/** 1-3 May 2026 in Asia/Shanghai (UTC+8), by day. */
const WINDOW: StatisticsWindow = {
  from: "2026-04-30T16:00:00.000Z",
  to: "2026-05-03T16:00:00.000Z",
  buckets: ["2026-04-30T16:00:00.000Z", "2026-05-01T16:00:00.000Z", "2026-05-02T16:00:00.000Z"],
};
const WHOLE: StatisticsWindow = { ...WINDOW, buckets: null };
const DAY_1 = "2026-05-01T03:00:00.000Z";
const DAY_2 = "2026-05-02T03:00:00.000Z";
const DAY_3 = "2026-05-03T03:00:00.000Z";
const BEFORE = "2026-04-30T15:59:59.999Z";
const AFTER = "2026-05-04T03:00:00.000Z";
const NONE = { generated: 0, uploaded: 0, bound: 0, activated: 0 };

/** A merchant with a rule and a product, and helpers to add its packages and batches. */
async function merchantWorld(storage: Storage, tenant: string) {
  const merchant = merchantRecord(tenant);
  await storage.merchants.insert(merchant);
  const rule = codeRuleRecord(tenant, merchant.id);
  await storage.codeRules.insert(rule);
  const product = productRecord(tenant, merchant.id);
  await storage.products.insert(product);
  /** A generated (with a rule) or uploaded package, succeeded at `finishedAt` unless overridden. */
  const codePackage = async (
    source: "generated" | "uploaded",
    total: number,
    finishedAt: string | null,
    overrides: Partial<CodePackage> = {},
  ) => {
    const record = codePackageRecord(tenant, merchant.id, source === "generated" ? rule.id : null, {
      status: "succeeded",
      quantity: total,
      total,
      done: total,
      finishedAt,
      ...overrides,
    });
    const result = await storage.codePackages.insert(record);
    if (result.outcome !== "inserted") throw new Error(`package fixture: ${result.outcome}`);
    return record;
  };
  const batch = async () => {
    const record = traceBatchRecord(tenant, product);
    const result = await storage.traceBatches.insert(record);
    if (result.outcome !== "inserted") throw new Error(`batch fixture: ${result.outcome}`);
    return record;
  };
  const bind = async (batchId: string, packageId: string, at: string) => {
    const result = await storage.traceBatches.bindPackage(tenant, batchId, packageId, at);
    if (result.outcome !== "bound") throw new Error(`bind fixture: ${result.outcome}`);
  };
  const activate = async (batchId: string, at: string) => {
    const result = await storage.traceBatches.setStatus(
      tenant,
      batchId,
      ["inactive", "frozen"],
      "active",
      at,
    );
    if (result.outcome !== "updated") throw new Error(`activate fixture: ${result.outcome}`);
  };
  return { merchant, codePackage, batch, bind, activate };
}

/** `codeCounts` of the statistics repository: generated, uploaded, bound and activated codes. */
export function codeStatisticsTests({ storage }: StorageSuiteContext): void {
  describe("code statistics", () => {
    let seeded: Promise<{ tenant: string; other: string; m1: string; m2: string }> | undefined;

    /**
     * Merchant m1: 100 codes generated on day 1, bound on day 2, with 20
     * uploaded and bound on day 3, all activated on day 3 (then frozen, and
     * activated again after the window); 50 generated on day 2; packages that failed, still
     * run or finished before the window; a package bound and unbound again.
     * Merchant m2: 30 generated, bound and activated on day 2, and a batch
     * activated without codes on day 1. Another tenant has codes in the window too.
     */
    async function seed() {
      const tenant = freshTenantId();
      const m1 = await merchantWorld(storage(), tenant);
      const m2 = await merchantWorld(storage(), tenant);
      const g1 = await m1.codePackage("generated", 100, DAY_1);
      await m1.codePackage("generated", 50, DAY_2);
      const u1 = await m1.codePackage("uploaded", 20, DAY_3);
      await m1.codePackage("generated", 70, DAY_1, { status: "failed", done: 10 });
      await m1.codePackage("generated", 80, null, { status: "running", done: 10 });
      const early = await m1.codePackage("generated", 999, BEFORE);
      const b1 = await m1.batch();
      await m1.bind(b1.id, g1.id, DAY_2);
      await m1.bind(b1.id, u1.id, DAY_3);
      const loose = await m1.batch();
      await m1.bind(loose.id, early.id, DAY_2);
      const unbound = await storage().traceBatches.unbindPackage(tenant, loose.id, early.id, DAY_2);
      if (unbound.outcome !== "unbound") throw new Error("unbind fixture failed");
      await m1.activate(b1.id, DAY_3);
      await storage().traceBatches.setStatus(tenant, b1.id, ["active"], "frozen", DAY_3);
      await m1.activate(b1.id, AFTER);
      const g3 = await m2.codePackage("generated", 30, DAY_2);
      const b3 = await m2.batch();
      await m2.bind(b3.id, g3.id, DAY_2);
      await m2.activate(b3.id, DAY_2);
      await m2.activate((await m2.batch()).id, DAY_1);

      const other = freshTenantId();
      const theirs = await merchantWorld(storage(), other);
      const package3 = await theirs.codePackage("generated", 7, DAY_2);
      const batch3 = await theirs.batch();
      await theirs.bind(batch3.id, package3.id, DAY_2);
      await theirs.activate(batch3.id, DAY_2);
      return { tenant, other, m1: m1.merchant.id, m2: m2.merchant.id };
    }

    const world = () => {
      seeded ??= seed();
      return seeded;
    };

    async function counts(
      window: StatisticsWindow,
      byMerchant: boolean,
      merchantId?: string,
      tenant?: string,
    ) {
      const asking = tenant ?? (await world()).tenant;
      const query = { window, byMerchant, limit: 1_000, ...(merchantId && { merchantId }) };
      return sorted(await storage().statistics.codeCounts(asking, query));
    }

    it("counts codes per day and merchant: succeeded packages by finish, bindings still in place, first activations", async () => {
      const { m1, m2 } = await world();
      expect(await counts(WINDOW, true)).toEqual(
        sorted([
          { ...NONE, bucket: 0, merchantId: m1, generated: 100 },
          { ...NONE, bucket: 1, merchantId: m1, generated: 50, bound: 100 },
          { bucket: 1, merchantId: m2, generated: 30, uploaded: 0, bound: 30, activated: 30 },
          { ...NONE, bucket: 2, merchantId: m1, uploaded: 20, bound: 20, activated: 120 },
        ]),
      );
    });

    it("adds merchants up when not split by merchant, and buckets up for the whole window", async () => {
      const { m1, m2 } = await world();
      expect(await counts(WINDOW, false)).toEqual(
        sorted([
          { ...NONE, bucket: 0, generated: 100 },
          { bucket: 1, generated: 80, uploaded: 0, bound: 130, activated: 30 },
          { ...NONE, bucket: 2, uploaded: 20, bound: 20, activated: 120 },
        ]),
      );
      expect(await counts(WHOLE, true)).toEqual(
        sorted([
          { merchantId: m1, generated: 150, uploaded: 20, bound: 120, activated: 120 },
          { merchantId: m2, generated: 30, uploaded: 0, bound: 30, activated: 30 },
        ]),
      );
      expect(await counts(WHOLE, false)).toEqual([
        { generated: 180, uploaded: 20, bound: 150, activated: 150 },
      ]);
    });

    it("counts one merchant's codes only when asked for that merchant", async () => {
      const { m2 } = await world();
      expect(await counts(WHOLE, false, m2)).toEqual([
        { generated: 30, uploaded: 0, bound: 30, activated: 30 },
      ]);
      expect(await counts(WHOLE, true, "mch_missing")).toEqual([]);
    });

    it("counts only the asking tenant's codes", async () => {
      const { other } = await world();
      expect(await counts(WHOLE, false, undefined, other)).toEqual([
        { generated: 7, uploaded: 0, bound: 7, activated: 7 },
      ]);
    });

    it("returns no rows for a tenant without codes or a window without events", async () => {
      expect(await counts(WINDOW, true, undefined, freshTenantId())).toEqual([]);
      const earlier = {
        from: "2026-03-01T00:00:00.000Z",
        to: "2026-03-02T00:00:00.000Z",
        buckets: null,
      };
      expect(await counts(earlier, true)).toEqual([]);
    });
  });
}
