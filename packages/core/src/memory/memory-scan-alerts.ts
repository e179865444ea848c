import type { ScanAlertMethods } from "../trace/scans/ports.js";
import type { DiversionAlert } from "../trace/scans/scan.js";
import type { ScanCountAlert } from "../trace/scans/scan-count-alert.js";
import type { MemoryDistributionTables } from "./memory-distribution.js";
import type { UndoLog } from "./memory-table.js";

const keyOf = (...parts: string[]) => parts.join("\u0000");

/** Whether `detectedAt` lies in the filter's window (`from` inclusive, `to` exclusive). */
const inWindow = (detectedAt: string, filter: { from?: string; to?: string }) =>
  (filter.from === undefined || detectedAt >= filter.from) &&
  (filter.to === undefined || detectedAt < filter.to);

/** The memory scan repository's diversion alerts, count alerts and count-alert settings. */
export function memoryScanAlerts(
  tables: MemoryDistributionTables,
  undo: UndoLog | null,
): ScanAlertMethods {
  const { alerts, alertKeys, countAlerts, countAlertKeys, alertSettings } = tables;
  /** Stores a row unless its dedupe key is taken, undoably; true when stored. */
  function insertOnce<T extends { readonly id: string; readonly tenantId: string }>(
    table: { get(tenantId: string, id: string): T | null; put(row: T, undo: UndoLog | null): void },
    keys: Set<string>,
    key: string,
    row: T,
  ): boolean {
    if (keys.has(key)) return false;
    if (table.get(row.tenantId, row.id)) throw new Error(`duplicate alert id ${row.id}`);
    table.put(row, undo);
    keys.add(key);
    undo?.push(() => keys.delete(key));
    return true;
  }
  return {
    async insertAlert(alert) {
      return insertOnce(
        alerts,
        alertKeys,
        keyOf(alert.tenantId, alert.code, alert.scanRegion),
        alert,
      );
    },
    async listAlerts(tenantId, filter, page) {
      const matches = (row: DiversionAlert) =>
        (filter.code === undefined || row.code === filter.code) &&
        (filter.enterpriseId === undefined || row.enterpriseId === filter.enterpriseId) &&
        (filter.scanRegion === undefined || row.scanRegion === filter.scanRegion) &&
        inWindow(row.detectedAt, filter);
      return alerts.list(tenantId, matches, page.beforeId, page.limit);
    },
    async insertCountAlert(alert) {
      const key = keyOf(alert.tenantId, alert.code, alert.kind);
      return insertOnce(countAlerts, countAlertKeys, key, alert);
    },
    async listCountAlerts(tenantId, filter, page) {
      const matches = (row: ScanCountAlert) =>
        (filter.code === undefined || row.code === filter.code) &&
        (filter.kind === undefined || row.kind === filter.kind) &&
        (filter.batchId === undefined || row.batchId === filter.batchId) &&
        inWindow(row.detectedAt, filter);
      return countAlerts.list(tenantId, matches, page.beforeId, page.limit);
    },
    async alertSettings(tenantId) {
      const settings = alertSettings.get(tenantId);
      return settings ? { ...settings } : null;
    },
    async updateAlertSettings(tenantId, changes) {
      const before = alertSettings.get(tenantId);
      const next = {
        tenantId,
        visitorScans:
          changes.visitorScans !== undefined
            ? changes.visitorScans
            : (before?.visitorScans ?? null),
        visitors: changes.visitors !== undefined ? changes.visitors : (before?.visitors ?? null),
        updatedAt: changes.updatedAt,
      };
      alertSettings.set(tenantId, next);
      undo?.push(() =>
        before ? alertSettings.set(tenantId, before) : alertSettings.delete(tenantId),
      );
      return { ...next };
    },
  };
}
