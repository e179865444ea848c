import type { TraceRuntime } from "../trace-runtime.js";
import type { RecordedScanStats, ScanRecord } from "./scan.js";
import {
  DEFAULT_SCAN_COUNT_THRESHOLDS,
  type ScanCountAlertKind,
  type ScanCountAlertSettings,
  type ScanCountThresholds,
  thresholdOf,
} from "./scan-count-alert.js";
import type { BatchPage } from "./scan-page.js";

/**
 * How long a process uses a tenant's count-alert settings before reading
 * them again (at most `scanCacheTtlMs`). Scans read them from this
 * process's memory, so they cost no round trip: a change shows at once in
 * the process that made it and within this time in the others.
 */
export const ALERT_SETTINGS_TTL_MS = 30_000;

/** The thresholds in `settings`, or the defaults (both off) without any. */
function thresholdsIn(settings: ScanCountAlertSettings | null): ScanCountThresholds {
  return settings
    ? { visitorScans: settings.visitorScans, visitors: settings.visitors }
    : DEFAULT_SCAN_COUNT_THRESHOLDS;
}

/** Caches a tenant's thresholds in this process (after a read or a change). */
export function cacheAlertSettings(
  runtime: TraceRuntime,
  tenantId: string,
  settings: ScanCountAlertSettings | null,
): ScanCountThresholds {
  const thresholds = thresholdsIn(settings);
  const ttl = Math.min(runtime.options.scanCacheTtlMs, ALERT_SETTINGS_TTL_MS);
  runtime.alertSettings.set(tenantId, { thresholds, untilMs: runtime.ports.clock.nowMs() + ttl });
  return thresholds;
}

/** Reads the tenant's settings, one read at a time per tenant however many scans ask. */
function loadAlertSettings(runtime: TraceRuntime, tenantId: string): Promise<ScanCountThresholds> {
  let loading = runtime.alertSettingsLoads.get(tenantId);
  if (!loading) {
    loading = runtime.ports.storage.scans
      .alertSettings(tenantId)
      .then((settings) => cacheAlertSettings(runtime, tenantId, settings))
      .finally(() => runtime.alertSettingsLoads.delete(tenantId));
    runtime.alertSettingsLoads.set(tenantId, loading);
  }
  return loading;
}

/**
 * The count-alert thresholds of a scan of the page's batch: the batch's own
 * (`countAlert`), else the tenant's settings from this process's memory.
 * Expired settings are still used while a fresh read runs; only a process
 * that never read them waits for the read. A read that fails counts as no
 * thresholds for this scan (the next one reads again): the scan is recorded
 * by then, and failing its answer would only make the consumer scan again.
 */
export async function countThresholdsOf(
  runtime: TraceRuntime,
  tenantId: string,
  page: BatchPage,
): Promise<ScanCountThresholds> {
  // Pages cached before batches had the field lack it: the tenant's settings apply.
  if (page.countAlert) return page.countAlert;
  const cached = runtime.alertSettings.get(tenantId);
  if (cached === undefined) {
    return loadAlertSettings(runtime, tenantId).catch(() => DEFAULT_SCAN_COUNT_THRESHOLDS);
  }
  if (runtime.ports.clock.nowMs() >= cached.untilMs) {
    loadAlertSettings(runtime, tenantId).catch(() => {
      // Read again by a later scan; meanwhile the cached thresholds serve.
    });
  }
  return cached.thresholds;
}

/**
 * Stores a count alert per kind the scan passed, unless this process stored
 * (or found) one for the code and kind already: storage keeps at most one
 * per code and kind, so each process asks once. An alert that cannot be
 * stored now is not cached, and the next scan past the threshold
 * stores it; it never fails the consumer's scan, which is recorded already.
 */
export async function raiseCountAlerts(
  runtime: TraceRuntime,
  record: ScanRecord & { readonly batchId: string },
  stats: RecordedScanStats,
  kinds: readonly ScanCountAlertKind[],
  thresholds: ScanCountThresholds,
): Promise<void> {
  const { storage, ids } = runtime.ports;
  await Promise.all(
    kinds.map(async (kind) => {
      const key = `${record.tenantId}\u0000${record.code}\u0000${kind}`;
      if (runtime.raisedCountAlerts.get(key)) return;
      try {
        await storage.scans.insertCountAlert({
          id: ids.newId("calert"),
          tenantId: record.tenantId,
          code: record.code,
          kind,
          threshold: thresholdOf(thresholds, kind),
          observed: kind === "visitor_scans" ? stats.visitorScans : stats.distinctVisitors,
          scanCount: stats.count,
          firstScannedAt: stats.firstScannedAt,
          firstRegion: stats.firstRegion,
          visitorId: record.visitorId,
          scanId: record.id,
          batchId: record.batchId,
          detectedAt: record.scannedAt,
        });
        runtime.raisedCountAlerts.set(key, true);
      } catch {
        // Not cached: the next scan past the threshold stores it.
      }
    }),
  );
}
