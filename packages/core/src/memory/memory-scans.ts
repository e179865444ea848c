import type { InspectionReport } from "../trace/distribution.js";
import type { ScanRepository } from "../trace/ports.js";
import type { DiversionAlert, ScanStats } from "../trace/scan.js";
import type { MemoryDistributionTables, MemoryScanTally } from "./memory-distribution.js";
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

/** Adds `value` to a capped set of distinct values, undoably. */
function tallyValue(set: Set<string>, value: string | null, cap: number, undo: UndoLog | null) {
  if (value === null || set.has(value) || set.size >= cap) return;
  set.add(value);
  undo?.push(() => set.delete(value));
}

/** The memory scan repository. */
export function memoryScanRepository(
  tables: MemoryDistributionTables,
  undo: UndoLog | null,
): ScanRepository {
  const { scans, tallies, scanCounts, alerts, alertKeys, reports } = tables;
  return {
    async record(scan, caps) {
      const key = keyOf(scan.tenantId, scan.code);
      // Checked before anything changes: a scan stored already is answered, not counted again.
      const stored = scans.get(scan.tenantId, scan.id);
      const storedTally = tallies.get(key);
      if (stored?.code === scan.code && storedTally) return statsOf(storedTally);
      if (stored) throw new Error(`scan id ${scan.id} is taken by another code`);
      let tally = tallies.get(key);
      if (!tally) {
        tally = {
          count: 0,
          firstScannedAt: scan.scannedAt,
          firstRegion: scan.region,
          visitors: new Set(),
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
      tallyValue(current.visitors, scan.visitorId, caps.visitors, undo);
      tallyValue(current.regions, scan.region, caps.regions, undo);
      const suspicious =
        current.visitors.size >= caps.visitors || current.regions.size >= caps.regions;
      const verdict = scan.verdict === "genuine" && suspicious ? "suspicious" : scan.verdict;
      scans.put({ ...scan, verdict }, undo);
      const before = scanCounts.get(scan.tenantId) ?? 0;
      scanCounts.set(scan.tenantId, before + 1);
      undo?.push(() => scanCounts.set(scan.tenantId, before));
      return statsOf(current);
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
    async insertAlert(alert) {
      const key = keyOf(alert.tenantId, alert.code, alert.scanRegion);
      if (alertKeys.has(key)) return false;
      if (alerts.get(alert.tenantId, alert.id)) throw new Error(`duplicate alert id ${alert.id}`);
      alerts.put(alert, undo);
      alertKeys.add(key);
      undo?.push(() => alertKeys.delete(key));
      return true;
    },
    async listAlerts(tenantId, filter, page) {
      const matches = (row: DiversionAlert) =>
        (filter.code === undefined || row.code === filter.code) &&
        (filter.enterpriseId === undefined || row.enterpriseId === filter.enterpriseId) &&
        (filter.scanRegion === undefined || row.scanRegion === filter.scanRegion) &&
        (filter.from === undefined || row.detectedAt >= filter.from) &&
        (filter.to === undefined || row.detectedAt < filter.to);
      return alerts.list(tenantId, matches, page.beforeId, page.limit);
    },
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
