import { describe, expect, it } from "vitest";
import { SCAN_THRESHOLD_MAX } from "../../src/trace/scan.js";
import {
  alertRecord,
  enterpriseRecord,
  inspectionReportRecord,
  scanRecord,
} from "../distribution-fixtures.js";
import { freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const CAPS = { visitors: 6, regions: 4 };
const page = { limit: 100, beforeId: null };

export function scanTests({ storage }: StorageSuiteContext): void {
  const scans = () => storage().scans;

  async function enterpriseIn(tenant: string) {
    const result = await storage().enterprises.insert(enterpriseRecord(tenant));
    if (result.outcome !== "inserted") throw new Error("enterprise insert failed");
    return result.enterprise.id;
  }

  describe("consumer scans", () => {
    it("records a scan and returns the code's statistics including it", async () => {
      const tenant = freshTenantId();
      const first = scanRecord(tenant, "CODE-1", { scannedAt: "2026-03-01T00:00:00.000Z" });
      expect(await scans().record(first, CAPS)).toEqual({
        count: 1,
        firstScannedAt: "2026-03-01T00:00:00.000Z",
        firstRegion: "CN-GD",
        distinctVisitors: 1,
        distinctRegions: 1,
      });
      const second = scanRecord(tenant, "CODE-1", {
        scannedAt: "2026-03-02T00:00:00.000Z",
        region: null,
        visitorId: null,
        declaredVisitorId: null,
        userId: "user-1",
        verdict: "unknown_code",
        batchId: null,
        productId: null,
      });
      const stats = await scans().record(second, CAPS);
      expect(stats).toEqual({
        count: 2,
        firstScannedAt: "2026-03-01T00:00:00.000Z",
        firstRegion: "CN-GD",
        distinctVisitors: 1,
        distinctRegions: 1,
      });
      expect(await scans().stats(tenant, "CODE-1")).toEqual(stats);
      expect(await scans().stats(tenant, "CODE-2")).toBeNull();
      expect(await scans().listForCode(tenant, "CODE-1", page)).toEqual([second, first]);
    });

    it("counts every one of 50 parallel scans of one code, each call seeing a count of its own", async () => {
      const tenant = freshTenantId();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          scans().record(scanRecord(tenant, "HOT", { visitorId: `v${i % 3}` }), CAPS),
        ),
      );
      // Each call sees the count right after its own scan: 1 to 50, each once.
      expect(results.map((stats) => stats.count).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      const stats = await scans().stats(tenant, "HOT");
      expect(stats).toMatchObject({ count: 50, distinctVisitors: 3, distinctRegions: 1 });
      expect(await scans().count(tenant)).toBe(50);
      expect(await scans().listForCode(tenant, "HOT", page)).toHaveLength(50);
    });

    it("tallies distinct visitors and regions up to the caps, each value once", async () => {
      const tenant = freshTenantId();
      const regions = ["CN-GD", "CN-BJ", "CN-SH", "CN-ZJ", "CN-JS", "CN-GD", null];
      for (let i = 0; i < 10; i++) {
        await scans().record(
          scanRecord(tenant, "SPREAD", {
            visitorId: i < 8 ? `v${i}` : "v0",
            region: regions[i % regions.length] ?? null,
          }),
          CAPS,
        );
      }
      expect(await scans().stats(tenant, "SPREAD")).toMatchObject({
        count: 10,
        distinctVisitors: 6,
        distinctRegions: 4,
      });
      const parallel = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          scans().record(scanRecord(tenant, "PAR", { visitorId: `p${i}`, region: `R-${i}` }), CAPS),
        ),
      );
      expect(
        parallel.every((stats) => stats.distinctVisitors <= 6 && stats.distinctRegions <= 4),
      ).toBe(true);
      expect(await scans().stats(tenant, "PAR")).toMatchObject({
        count: 20,
        distinctVisitors: 6,
        distinctRegions: 4,
      });
    });

    it("stores a genuine scan that reaches a cap as suspicious, other verdicts as given", async () => {
      const tenant = freshTenantId();
      const caps = { visitors: 2, regions: 9 };
      const first = scanRecord(tenant, "SUS", { visitorId: "a" });
      const second = scanRecord(tenant, "SUS", { visitorId: "b" });
      const inactive = scanRecord(tenant, "SUS", { visitorId: "c", verdict: "batch_inactive" });
      const unknown = scanRecord(tenant, "SUS", { visitorId: "d", verdict: "unknown_code" });
      for (const scan of [first, second, inactive, unknown]) await scans().record(scan, caps);
      const stored = await scans().listForCode(tenant, "SUS", page);
      expect(stored.map((scan) => scan.verdict)).toEqual([
        "unknown_code",
        "batch_inactive",
        "suspicious",
        "genuine",
      ]);
      expect(stored[2]).toEqual({ ...second, verdict: "suspicious" });
      const byRegion = { visitors: 99, regions: 2 };
      await scans().record(scanRecord(tenant, "REG", { region: "CN-GD" }), byRegion);
      await scans().record(scanRecord(tenant, "REG", { region: "CN-BJ" }), byRegion);
      expect((await scans().listForCode(tenant, "REG", page))[0]?.verdict).toBe("suspicious");
    });

    it("records scans under the caps of the largest threshold core accepts", async () => {
      const tenant = freshTenantId();
      const cap = SCAN_THRESHOLD_MAX + 1;
      const caps = { visitors: cap, regions: cap };
      const made = Array.from({ length: cap }, (_, i) =>
        scanRecord(tenant, "WIDE", { visitorId: `v${i}`, region: `R-${i}` }),
      );
      const results = await Promise.all(made.map((scan) => scans().record(scan, caps)));
      expect(await scans().stats(tenant, "WIDE")).toMatchObject({
        count: cap,
        distinctVisitors: cap,
        distinctRegions: cap,
      });
      // Only the scan whose tallies reached the caps is stored as suspicious.
      const reached = made.filter((_, i) => results[i]?.distinctVisitors === cap);
      expect(reached).toHaveLength(1);
      const stored = await scans().listForCode(tenant, "WIDE", { limit: cap, beforeId: null });
      expect(stored.filter((scan) => scan.verdict === "suspicious").map((scan) => scan.id)).toEqual(
        reached.map((scan) => scan.id),
      );
      const later = scanRecord(tenant, "WIDE", { visitorId: "late", region: "R-late" });
      expect(await scans().record(later, caps)).toMatchObject({
        count: cap + 1,
        distinctVisitors: cap,
        distinctRegions: cap,
      });
    });

    it("records a repeated scan id once, answering the code's statistics as they are now", async () => {
      const tenant = freshTenantId();
      const scan = scanRecord(tenant, "ONCE", { visitorId: "a" });
      await scans().record(scan, CAPS);
      const other = scanRecord(tenant, "ONCE", { visitorId: "b", region: "CN-BJ" });
      const now = await scans().record(other, CAPS);
      // The repeat carries other values: none of them is counted or stored.
      const repeat = { ...scan, visitorId: "c", region: "CN-SH" };
      expect(await scans().record(repeat, CAPS)).toEqual(now);
      expect(await scans().stats(tenant, "ONCE")).toEqual(now);
      expect(await scans().count(tenant)).toBe(2);
      expect(await scans().listForCode(tenant, "ONCE", page)).toEqual([other, scan]);
    });

    it("counts a scan recorded by several calls at once exactly once", async () => {
      const tenant = freshTenantId();
      const scan = scanRecord(tenant, "TWICE");
      const others = Array.from({ length: 4 }, () => scanRecord(tenant, "TWICE"));
      await Promise.all([scan, ...others, scan, scan].map((each) => scans().record(each, CAPS)));
      expect(await scans().stats(tenant, "TWICE")).toMatchObject({ count: 5 });
      expect(await scans().count(tenant)).toBe(5);
      expect(await scans().listForCode(tenant, "TWICE", page)).toHaveLength(5);
    });

    it("lists a code's scans newest first, paged, and counts the tenant's scans", async () => {
      const tenant = freshTenantId();
      const made = [];
      for (let i = 0; i < 3; i++) {
        const scan = scanRecord(tenant, "PAGED");
        await scans().record(scan, CAPS);
        made.push(scan.id);
      }
      await scans().record(scanRecord(tenant, "OTHER", { verdict: "unknown_code" }), CAPS);
      const first = await scans().listForCode(tenant, "PAGED", { limit: 2, beforeId: null });
      expect(first.map((scan) => scan.id)).toEqual([made[2], made[1]]);
      const rest = await scans().listForCode(tenant, "PAGED", {
        limit: 2,
        beforeId: made[1] ?? null,
      });
      expect(rest.map((scan) => scan.id)).toEqual([made[0]]);
      expect(await scans().count(tenant)).toBe(4);
      expect(await scans().count(freshTenantId())).toBe(0);
    });
  });

  describe("diversion alerts and inspection reports", () => {
    it("stores at most one alert per code and scan region, also under parallel inserts", async () => {
      const tenant = freshTenantId();
      const enterpriseId = await enterpriseIn(tenant);
      const scan = scanRecord(tenant, "DIV");
      await scans().record(scan, CAPS);
      const alert = alertRecord(tenant, "DIV", enterpriseId, scan.id);
      expect(await scans().insertAlert(alert)).toBe(true);
      expect(await scans().insertAlert(alertRecord(tenant, "DIV", enterpriseId, scan.id))).toBe(
        false,
      );
      expect(
        await scans().insertAlert(
          alertRecord(tenant, "DIV", enterpriseId, scan.id, { scanRegion: "CN-SH" }),
        ),
      ).toBe(true);
      const racing = await Promise.all(
        Array.from({ length: 8 }, () =>
          scans().insertAlert(alertRecord(tenant, "RACE", enterpriseId, scan.id)),
        ),
      );
      expect(racing.filter(Boolean)).toHaveLength(1);
      expect(await scans().listAlerts(tenant, { code: "DIV" }, page)).toEqual([
        expect.objectContaining({ scanRegion: "CN-SH" }),
        alert,
      ]);
    });

    it("filters alerts by code, enterprise, region and detection time (from inclusive, to exclusive)", async () => {
      const tenant = freshTenantId();
      const [shop, other] = [await enterpriseIn(tenant), await enterpriseIn(tenant)];
      const scan = scanRecord(tenant, "X");
      await scans().record(scan, CAPS);
      const made = [
        alertRecord(tenant, "A", shop, scan.id, { detectedAt: "2026-03-01T00:00:00.000Z" }),
        alertRecord(tenant, "B", shop, scan.id, {
          scanRegion: "CN-SH",
          detectedAt: "2026-03-02T00:00:00.000Z",
        }),
        alertRecord(tenant, "C", other, scan.id, { detectedAt: "2026-03-03T00:00:00.000Z" }),
      ];
      for (const alert of made) await scans().insertAlert(alert);
      const codes = async (
        filter: object,
        query: typeof page | { limit: number; beforeId: string } = page,
      ) => (await scans().listAlerts(tenant, filter, query)).map((alert) => alert.code);
      expect(await codes({})).toEqual(["C", "B", "A"]);
      expect(await codes({ enterpriseId: shop })).toEqual(["B", "A"]);
      expect(await codes({ scanRegion: "CN-BJ" })).toEqual(["C", "A"]);
      expect(await codes({ code: "B" })).toEqual(["B"]);
      expect(
        await codes({ from: "2026-03-02T00:00:00.000Z", to: "2026-03-03T00:00:00.000Z" }),
      ).toEqual(["B"]);
      expect(await codes({}, { limit: 1, beforeId: made[2]?.id ?? null })).toEqual(["B"]);
    });

    it("stores inspection reports and lists them newest first by code and inspector", async () => {
      const tenant = freshTenantId();
      const a = inspectionReportRecord(tenant, "CODE-A", { region: null, photos: [] });
      const b = inspectionReportRecord(tenant, "CODE-B", { inspectorId: "inspector-2" });
      const c = inspectionReportRecord(tenant, "CODE-A", { inspectorId: "inspector-2" });
      for (const report of [a, b, c]) await scans().insertReport(report);
      expect(await scans().listReports(tenant, {}, page)).toEqual([c, b, a]);
      expect(await scans().listReports(tenant, { code: "CODE-A" }, page)).toEqual([c, a]);
      expect(await scans().listReports(tenant, { inspectorId: "inspector-2" }, page)).toEqual([
        c,
        b,
      ]);
      expect(
        await scans().listReports(tenant, { code: "CODE-A", inspectorId: "inspector-1" }, page),
      ).toEqual([a]);
      expect(await scans().listReports(tenant, {}, { limit: 1, beforeId: c.id })).toEqual([b]);
    });
  });
}
