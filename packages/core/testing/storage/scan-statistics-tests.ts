import { describe, expect, it } from "vitest";
import type {
  ScanCountFilter,
  ScanCountKey,
  StatisticsWindow,
} from "../../src/statistics/ports.js";
import type { ScanRecord } from "../../src/trace/scans/scan.js";
import { scanRecord } from "../distribution-fixtures.js";
import { freshTenantId, merchantRecord, productRecord } from "../fixtures.js";
import { sorted } from "./statistics-rows.js";
import type { StorageSuiteContext } from "./suite-context.js";

/** So every scan keeps the verdict it is given. */
const NEVER_SUSPICIOUS = { visitors: 1_000, regions: 1_000 };

/**
 * Three calendar days in Asia/Shanghai (UTC+8), 1-3 May 2026, as core
 * passes them: each day starts at 16:00 UTC of the day before.
 */
const WINDOW: StatisticsWindow = {
  from: "2026-04-30T16:00:00.000Z",
  to: "2026-05-03T16:00:00.000Z",
  buckets: ["2026-04-30T16:00:00.000Z", "2026-05-01T16:00:00.000Z", "2026-05-02T16:00:00.000Z"],
};
const WHOLE: StatisticsWindow = { ...WINDOW, buckets: null };

/** `scanCounts` of the statistics repository: groups, buckets, filters and tenant isolation. */
export function scanStatisticsTests({ storage }: StorageSuiteContext): void {
  describe("scan statistics", () => {
    let seeded: Promise<{ tenant: string; other: string; ids: Record<string, string> }> | undefined;

    /**
     * Products p1 and p2 of merchant m1, p3 of m2 (m3 has none); eleven scans
     * of which nine fall in the window; another tenant's scans in it too,
     * under the same product and batch ids.
     */
    async function seed() {
      const tenant = freshTenantId();
      const other = freshTenantId();
      const [m1, m2, m3] = [merchantRecord(tenant), merchantRecord(tenant), merchantRecord(tenant)];
      for (const merchant of [m1, m2, m3]) await storage().merchants.insert(merchant);
      const [p1, p2, p3] = [
        productRecord(tenant, m1.id),
        productRecord(tenant, m1.id),
        productRecord(tenant, m2.id),
      ];
      for (const product of [p1, p2, p3]) await storage().products.insert(product);
      const scan = (
        tenantId: string,
        scannedAt: string,
        region: string | null,
        productId: string | null,
        batchId: string | null,
        verdict: ScanRecord["verdict"] = "genuine",
      ) =>
        scanRecord(tenantId, `STAT-${scannedAt}`, {
          scannedAt,
          region,
          productId,
          batchId,
          verdict,
        });
      const scans = [
        // 1 May (local): from its first instant to 23:59.
        scan(tenant, "2026-04-30T16:00:00.000Z", "CN-GD", p1.id, "b1"),
        scan(tenant, "2026-05-01T02:00:00.000Z", "CN-GD", p1.id, "b1"),
        scan(tenant, "2026-05-01T03:00:00.000Z", "CN-BJ", p1.id, "b2", "suspicious"),
        scan(tenant, "2026-05-01T15:59:00.000Z", null, p3.id, "b3"),
        // 2 May from 00:01.
        scan(tenant, "2026-05-01T16:01:00.000Z", "CN-GD", p1.id, "b1"),
        scan(tenant, "2026-05-02T05:00:00.000Z", "CN-SH", null, null, "unknown_code"),
        scan(tenant, "2026-05-02T06:00:00.000Z", "CN-GD", p3.id, "b3", "batch_inactive"),
        // 3 May: its first instant, and the window's last millisecond.
        scan(tenant, "2026-05-02T16:00:00.000Z", "CN-SH", p3.id, "b3", "unverified"),
        scan(tenant, "2026-05-03T15:59:59.999Z", "CN-BJ", p1.id, "b2"),
        // Just outside: one millisecond early, and at the (exclusive) end.
        scan(tenant, "2026-04-30T15:59:59.999Z", "CN-GD", p1.id, "b1"),
        scan(tenant, "2026-05-03T16:00:00.000Z", "CN-GD", p1.id, "b1"),
        scan(other, "2026-05-01T02:00:00.000Z", "CN-GD", p1.id, "b1"),
        scan(other, "2026-05-02T02:00:00.000Z", "CN-GD", p1.id, "b1"),
      ];
      for (const record of scans) await storage().scans.record(record, NEVER_SUSPICIOUS);
      return { tenant, other, ids: { m1: m1.id, m2: m2.id, m3: m3.id, p1: p1.id, p3: p3.id } };
    }

    const world = () => {
      seeded ??= seed();
      return seeded;
    };

    async function counts(
      groupBy: readonly ScanCountKey[],
      filter: ScanCountFilter = {},
      window = WINDOW,
      limit = 1_000,
    ) {
      const { tenant } = await world();
      return sorted(
        await storage().statistics.scanCounts(tenant, { window, groupBy, filter, limit }),
      );
    }

    it("counts scans per bucket: 23:59 in one day, 00:00 and 00:01 in the next, the window's start in and its end out", async () => {
      expect(await counts([])).toEqual([
        { bucket: 0, scans: 4 },
        { bucket: 1, scans: 3 },
        { bucket: 2, scans: 2 },
      ]);
      expect(await counts([], {}, WHOLE)).toEqual([{ scans: 9 }]);
    });

    it("counts scans per region, with scans of no region as null", async () => {
      expect(await counts(["region"], {}, WHOLE)).toEqual(
        sorted([
          { region: "CN-GD", scans: 4 },
          { region: "CN-BJ", scans: 2 },
          { region: "CN-SH", scans: 2 },
          { region: null, scans: 1 },
        ]),
      );
    });

    it("counts scans per bucket and verdict", async () => {
      expect(await counts(["verdict"])).toEqual(
        sorted([
          { bucket: 0, verdict: "genuine", scans: 3 },
          { bucket: 0, verdict: "suspicious", scans: 1 },
          { bucket: 1, verdict: "genuine", scans: 1 },
          { bucket: 1, verdict: "unknown_code", scans: 1 },
          { bucket: 1, verdict: "batch_inactive", scans: 1 },
          { bucket: 2, verdict: "genuine", scans: 1 },
          { bucket: 2, verdict: "unverified", scans: 1 },
        ]),
      );
    });

    it("counts scans per product and batch, unknown codes under null", async () => {
      const { ids } = await world();
      expect(await counts(["productId", "batchId"], {}, WHOLE)).toEqual(
        sorted([
          { productId: ids.p1, batchId: "b1", scans: 3 },
          { productId: ids.p1, batchId: "b2", scans: 2 },
          { productId: ids.p3, batchId: "b3", scans: 3 },
          { productId: null, batchId: null, scans: 1 },
        ]),
      );
    });

    it("applies each filter, and several together", async () => {
      const { ids } = await world();
      const total = async (filter: ScanCountFilter) =>
        (await counts([], filter, WHOLE)).reduce((sum, row) => sum + row.scans, 0);
      expect(await total({ productId: ids.p1 })).toBe(5);
      expect(await total({ batchId: "b3" })).toBe(3);
      expect(await total({ verdict: "genuine" })).toBe(5);
      expect(await total({ region: "CN-GD" })).toBe(4);
      expect(await total({ merchantId: ids.m1 })).toBe(5);
      expect(await total({ merchantId: ids.m2 })).toBe(3);
      expect(await total({ productId: ids.p1, region: "CN-BJ" })).toBe(2);
      expect(await total({ merchantId: ids.m1, verdict: "suspicious" })).toBe(1);
      expect(await counts(["region"], { merchantId: ids.m3 }, WHOLE)).toEqual([]);
      expect(await counts(["region"], { productId: "prd_missing" })).toEqual([]);
    });

    it("counts only the asking tenant's scans", async () => {
      const { other, ids } = await world();
      const theirs = await storage().statistics.scanCounts(other, {
        window: WINDOW,
        groupBy: ["productId"],
        filter: {},
        limit: 10,
      });
      expect(sorted(theirs)).toEqual([
        { bucket: 0, productId: ids.p1, scans: 1 },
        { bucket: 1, productId: ids.p1, scans: 1 },
      ]);
    });

    it("returns no rows for a tenant without scans or a window without scans", async () => {
      const empty = await storage().statistics.scanCounts(freshTenantId(), {
        window: WINDOW,
        groupBy: ["region"],
        filter: {},
        limit: 10,
      });
      expect(empty).toEqual([]);
      const earlier = {
        from: "2026-03-01T00:00:00.000Z",
        to: "2026-03-02T00:00:00.000Z",
        buckets: ["2026-03-01T00:00:00.000Z"],
      };
      expect(await counts([], {}, earlier)).toEqual([]);
    });

    it("returns at most the asked number of rows", async () => {
      expect(await counts(["region"], {}, WHOLE, 2)).toHaveLength(2);
    });
  });
}
