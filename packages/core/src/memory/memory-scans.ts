import type { InspectionReport } from "../trace/distribution/distribution.js";
import type { ScanRepository } from "../trace/scans/ports.js";
import {
  checkSuspicionThreshold,
  type RecordedScanStats,
  type ScanStats,
} from "../trace/scans/scan.js";
import type { MemoryDistributionTables, MemoryScanTally } from "./memory-distribution.js";
import { memoryScanAlerts } from "./memory-scan-alerts.js";
import type { UndoLog } from "./memory-table.js";

const keyOf = (...parts: string[]) => parts.join("\u0000");

function statsOf(tally: MemoryScanTally): ScanStats {
  return {
    count: tally.count,
    firstScannedAt: tally.firstScannedAt,
    firstRegion: tally.firstRegion,
    distinctVisitors: tally.visitors.size,
    distinctRegions: tally.regions.size,
  };
}

function recordedStatsOf(tally: MemoryScanTally, visitorId: string | null): RecordedScanStats {
  return {
    ...statsOf(tally),
    visitorScans: visitorId === null ? 0 : (tally.visitors.get(visitorId) ?? 0),
  };
}

/** The memory scan repository (scans, statistics, reports; alerts in `memory-scan-alerts.ts`). */
export function memoryScanRepository(
  tables: MemoryDistributionTables,
  undo: UndoLog | null,
): ScanRepository {
  const { scans, tallies, scanCounts, reports } = tables;
  return {
    async record(scan, suspicion) {
      checkSuspicionThreshold(suspicion);
      const key = keyOf(scan.tenantId, scan.code);
      // Checked before anything changes: a scan stored already is answered, not counted again.
      const stored = scans.get(scan.tenantId, scan.id);
      const storedTally = tallies.get(key);
      if (stored?.code === scan.code && storedTally) {
        return recordedStatsOf(storedTally, scan.visitorId);
      }
      if (stored) throw new Error(`scan id ${scan.id} is taken by another code`);
      let tally = tallies.get(key);
      if (!tally) {
        tally = {
          count: 0,
          firstScannedAt: scan.scannedAt,
          firstRegion: scan.region,
          visitors: new Map(),
          regions: new Set(),
        };
        tallies.set(key, tally);
        undo?.push(() => tallies.delete(key));
      }
      const current = tally;
      current.count += 1;
      undo?.push(() => {
        current.count -= 1;
      });
      const { visitorId, region } = scan;
      if (visitorId !== null) {
        const seen = current.visitors.get(visitorId);
        current.visitors.set(visitorId, (seen ?? 0) + 1);
        undo?.push(() =>
          seen === undefined
            ? current.visitors.delete(visitorId)
            : current.visitors.set(visitorId, seen),
        );
      }
      const regionCap = suspicion.regions + 1;
      if (region !== null && !current.regions.has(region) && current.regions.size < regionCap) {
        current.regions.add(region);
        undo?.push(() => current.regions.delete(region));
      }
      const suspicious =
        current.visitors.size > suspicion.visitors || current.regions.size > suspicion.regions;
      const verdict = scan.verdict === "genuine" && suspicious ? "suspicious" : scan.verdict;
      scans.put({ ...scan, verdict }, undo);
      const before = scanCounts.get(scan.tenantId) ?? 0;
      scanCounts.set(scan.tenantId, before + 1);
      undo?.push(() => scanCounts.set(scan.tenantId, before));
      return recordedStatsOf(current, visitorId);
    },
    async stats(tenantId, code) {
      const tally = tallies.get(keyOf(tenantId, code));
      return tally ? statsOf(tally) : null;
    },
    async listForCode(tenantId, code, page) {
      return scans.list(tenantId, (row) => row.code === code, page.beforeId, page.limit);
    },
    async count(tenantId) {
      return scanCounts.get(tenantId) ?? 0;
    },
    ...memoryScanAlerts(tables, undo),
    async insertReport(report) {
      if (reports.get(report.tenantId, report.id)) {
        throw new Error(`duplicate inspection report id ${report.id}`);
      }
      reports.put(report, undo);
    },
    async listReports(tenantId, filter, page) {
      const matches = (row: InspectionReport) =>
        (filter.code === undefined || row.code === filter.code) &&
        (filter.inspectorId === undefined || row.inspectorId === filter.inspectorId);
      return reports.list(tenantId, matches, page.beforeId, page.limit);
    },
  };
}
