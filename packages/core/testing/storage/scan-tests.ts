import { describe, expect, it } from "vitest";
import { SCAN_THRESHOLD_MAX } from "../../src/trace/scans/scan.js";
import { scanRecord } from "../distribution-fixtures.js";
import { freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const SUSPICION = { visitors: 5, regions: 3 };
const page = { limit: 100, beforeId: null };

export function scanTests({ storage }: StorageSuiteContext): void {
  const scans = () => storage().scans;

  describe("consumer scans", () => {
    it("records a scan and returns the code's statistics including it", async () => {
      const tenant = freshTenantId();
      const first = scanRecord(tenant, "CODE-1", { scannedAt: "2026-03-01T00:00:00.000Z" });
      expect(await scans().record(first, SUSPICION)).toEqual({
        count: 1,
        firstScannedAt: "2026-03-01T00:00:00.000Z",
        firstRegion: "CN-GD",
        distinctVisitors: 1,
        distinctRegions: 1,
        visitorScans: 1,
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
      const { visitorScans, ...stats } = await scans().record(second, SUSPICION);
      expect(visitorScans).toBe(0);
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
          scans().record(scanRecord(tenant, "HOT", { visitorId: `v${i % 3}` }), SUSPICION),
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

    it("counts each visitor's scans of a code exactly, also in parallel", async () => {
      const tenant = freshTenantId();
      const made = Array.from({ length: 30 }, (_, i) =>
        scanRecord(tenant, "MINE", { visitorId: `v${i % 3}` }),
      );
      const results = await Promise.all(made.map((scan) => scans().record(scan, SUSPICION)));
      for (const visitor of ["v0", "v1", "v2"]) {
        const own = results.filter((_, i) => made[i]?.visitorId === visitor);
        // The k-th scan of a visitor sees k: 1 to 10, each once.
        expect(own.map((stats) => stats.visitorScans).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 10 }, (_, i) => i + 1),
        );
      }
      const anonymous = scanRecord(tenant, "MINE", { visitorId: null });
      expect(await scans().record(anonymous, SUSPICION)).toMatchObject({
        count: 31,
        visitorScans: 0,
        distinctVisitors: 3,
      });
      const other = scanRecord(tenant, "OTHER", { visitorId: "v0" });
      expect((await scans().record(other, SUSPICION)).visitorScans).toBe(1);
    });

    it("counts distinct visitors exactly and tallies regions up to the threshold + 1, each value once", async () => {
      const tenant = freshTenantId();
      const regions = ["CN-GD", "CN-BJ", "CN-SH", "CN-ZJ", "CN-JS", "CN-GD", null];
      for (let i = 0; i < 10; i++) {
        await scans().record(
          scanRecord(tenant, "SPREAD", {
            visitorId: i < 8 ? `v${i}` : "v0",
            region: regions[i % regions.length] ?? null,
          }),
          SUSPICION,
        );
      }
      expect(await scans().stats(tenant, "SPREAD")).toMatchObject({
        count: 10,
        distinctVisitors: 8,
        distinctRegions: 4,
      });
      const parallel = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          scans().record(
            scanRecord(tenant, "PAR", { visitorId: `p${i}`, region: `R-${i}` }),
            SUSPICION,
          ),
        ),
      );
      expect(parallel.map((stats) => stats.distinctVisitors).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      expect(parallel.every((stats) => stats.distinctRegions <= 4)).toBe(true);
      expect(await scans().stats(tenant, "PAR")).toMatchObject({
        count: 20,
        distinctVisitors: 20,
        distinctRegions: 4,
      });
    });

    it("stores a genuine scan past a threshold as suspicious, other verdicts as given", async () => {
      const tenant = freshTenantId();
      const threshold = { visitors: 1, regions: 8 };
      const first = scanRecord(tenant, "SUS", { visitorId: "a" });
      const second = scanRecord(tenant, "SUS", { visitorId: "b" });
      const inactive = scanRecord(tenant, "SUS", { visitorId: "c", verdict: "batch_inactive" });
      const unknown = scanRecord(tenant, "SUS", { visitorId: "d", verdict: "unknown_code" });
      for (const scan of [first, second, inactive, unknown]) await scans().record(scan, threshold);
      const stored = await scans().listForCode(tenant, "SUS", page);
      expect(stored.map((scan) => scan.verdict)).toEqual([
        "unknown_code",
        "batch_inactive",
        "suspicious",
        "genuine",
      ]);
      expect(stored[2]).toEqual({ ...second, verdict: "suspicious" });
      const byRegion = { visitors: 98, regions: 1 };
      await scans().record(scanRecord(tenant, "REG", { region: "CN-GD" }), byRegion);
      await scans().record(scanRecord(tenant, "REG", { region: "CN-BJ" }), byRegion);
      expect((await scans().listForCode(tenant, "REG", page))[0]?.verdict).toBe("suspicious");
    });

    it("records scans under the largest threshold core accepts", async () => {
      const tenant = freshTenantId();
      const most = { visitors: SCAN_THRESHOLD_MAX, regions: SCAN_THRESHOLD_MAX };
      const past = SCAN_THRESHOLD_MAX + 1;
      const made = Array.from({ length: past }, (_, i) =>
        scanRecord(tenant, "WIDE", { visitorId: `v${i}`, region: `R-${i}` }),
      );
      const results = await Promise.all(made.map((scan) => scans().record(scan, most)));
      expect(await scans().stats(tenant, "WIDE")).toMatchObject({
        count: past,
        distinctVisitors: past,
        distinctRegions: past,
      });
      // Only the scan that took the code past the thresholds is stored as suspicious.
      const pastIt = made.filter((_, i) => results[i]?.distinctVisitors === past);
      expect(pastIt).toHaveLength(1);
      const stored = await scans().listForCode(tenant, "WIDE", { limit: past, beforeId: null });
      expect(stored.filter((scan) => scan.verdict === "suspicious").map((scan) => scan.id)).toEqual(
        pastIt.map((scan) => scan.id),
      );
      const later = scanRecord(tenant, "WIDE", { visitorId: "late", region: "R-late" });
      expect(await scans().record(later, most)).toMatchObject({
        count: past + 1,
        distinctVisitors: past + 1,
        distinctRegions: past,
      });
    });

    it("records a repeated scan id once, answering the code's statistics as they are now", async () => {
      const tenant = freshTenantId();
      const scan = scanRecord(tenant, "ONCE", { visitorId: "a" });
      await scans().record(scan, SUSPICION);
      const other = scanRecord(tenant, "ONCE", { visitorId: "b", region: "CN-BJ" });
      await scans().record(other, SUSPICION);
      // The repeat carries another region and user: none of it is counted or stored.
      const repeat = { ...scan, region: "CN-SH", userId: "someone" };
      const now = await scans().stats(tenant, "ONCE");
      expect(await scans().record(repeat, SUSPICION)).toEqual({ ...now, visitorScans: 1 });
      expect(await scans().stats(tenant, "ONCE")).toEqual(now);
      expect(now).toMatchObject({ count: 2, distinctVisitors: 2, distinctRegions: 2 });
      expect(await scans().count(tenant)).toBe(2);
      expect(await scans().listForCode(tenant, "ONCE", page)).toEqual([other, scan]);
    });

    it("counts a scan recorded by several calls at once exactly once", async () => {
      const tenant = freshTenantId();
      const scan = scanRecord(tenant, "TWICE");
      const others = Array.from({ length: 4 }, () => scanRecord(tenant, "TWICE"));
      await Promise.all(
        [scan, ...others, scan, scan].map((each) => scans().record(each, SUSPICION)),
      );
      expect(await scans().stats(tenant, "TWICE")).toMatchObject({ count: 5 });
      expect(await scans().count(tenant)).toBe(5);
      expect(await scans().listForCode(tenant, "TWICE", page)).toHaveLength(5);
    });

    it("lists a code's scans newest first, paged, and counts the tenant's scans", async () => {
      const tenant = freshTenantId();
      const made = [];
      for (let i = 0; i < 3; i++) {
        const scan = scanRecord(tenant, "PAGED");
        await scans().record(scan, SUSPICION);
        made.push(scan.id);
      }
      await scans().record(scanRecord(tenant, "OTHER", { verdict: "unknown_code" }), SUSPICION);
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
}
