import type {
  DiversionAlert,
  InspectionReport,
  ScanCountAlert,
  ScanCountAlertKind,
  ScanCountAlertSettings,
  ScanRecord,
  ScanStats,
  ScanVerdict,
} from "@onecode/core";
import type { Insertable, Selectable } from "kysely";
import { countFromColumn } from "../database.js";
import type {
  DiversionAlertsTable,
  InspectionReportsTable,
  ScanAlertSettingsTable,
  ScanCountAlertsTable,
  ScanStatsTable,
  ScansTable,
} from "../trace-tables.js";
import { isoTimestamp } from "./row-mapping.js";

/**
 * `onecode_scans.verdict` values: a smallint keeps the hottest table narrow.
 * Numbers are fixed forever.
 */
const VERDICT_NUMBERS: Readonly<Record<ScanVerdict, number>> = {
  genuine: 0,
  unknown_code: 1,
  batch_inactive: 2,
  suspicious: 3,
  void: 4,
  destroyed: 5,
  unverified: 6,
};

const VERDICTS = new Map(
  Object.entries(VERDICT_NUMBERS).map(([verdict, value]) => [value, verdict as ScanVerdict]),
);

/** The smallint stored for a verdict. */
export function verdictNumber(verdict: ScanVerdict): number {
  const value = VERDICT_NUMBERS[verdict];
  if (value === undefined) throw new RangeError(`unknown scan verdict ${String(verdict)}`);
  return value;
}

/** The smallint stored for `suspicious`, which a genuine scan becomes past the tally caps. */
export const SUSPICIOUS_VERDICT = verdictNumber("suspicious");
/** The smallint stored for `genuine`. */
export const GENUINE_VERDICT = verdictNumber("genuine");

/** The verdict a stored smallint stands for. */
export function verdictFromNumber(value: number): ScanVerdict {
  const verdict = VERDICTS.get(value);
  if (verdict === undefined) throw new RangeError(`unknown stored scan verdict ${value}`);
  return verdict;
}

/** The core record of a `onecode_scans` row. */
export function scanFromRow(row: Selectable<ScansTable>): ScanRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    code: row.code,
    scannedAt: isoTimestamp(row.scanned_at),
    region: row.region,
    visitorId: row.visitor_id,
    declaredVisitorId: row.declared_visitor_id,
    userId: row.user_id,
    verdict: verdictFromNumber(row.verdict),
    batchId: row.batch_id,
    productId: row.product_id,
  };
}

/** The statistics of a `onecode_scan_stats` row (regions counted as stored, up to the cap). */
export function scanStatsFromRow(
  row: Pick<
    Selectable<ScanStatsTable>,
    "count" | "first_scanned_at" | "first_region" | "visitor_count" | "regions"
  >,
): ScanStats {
  return {
    count: countFromColumn(row.count),
    firstScannedAt: isoTimestamp(row.first_scanned_at),
    firstRegion: row.first_region,
    distinctVisitors: countFromColumn(row.visitor_count),
    distinctRegions: row.regions.length,
  };
}

/** The core record of a `onecode_diversion_alerts` row. */
export function alertFromRow(row: Selectable<DiversionAlertsTable>): DiversionAlert {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    code: row.code,
    scanRegion: row.scan_region,
    expectedRegion: row.expected_region,
    enterpriseId: row.enterprise_id,
    scanId: row.scan_id,
    detectedAt: isoTimestamp(row.detected_at),
  };
}

/** The `onecode_diversion_alerts` row of a core record. */
export function alertToRow(alert: DiversionAlert): Insertable<DiversionAlertsTable> {
  return {
    tenant_id: alert.tenantId,
    id: alert.id,
    code: alert.code,
    scan_region: alert.scanRegion,
    expected_region: alert.expectedRegion,
    enterprise_id: alert.enterpriseId,
    scan_id: alert.scanId,
    detected_at: alert.detectedAt,
  };
}

/** The core record of a `onecode_scan_count_alerts` row. */
export function countAlertFromRow(row: Selectable<ScanCountAlertsTable>): ScanCountAlert {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    code: row.code,
    kind: row.kind as ScanCountAlertKind,
    threshold: row.threshold,
    observed: countFromColumn(row.observed),
    scanCount: countFromColumn(row.scan_count),
    firstScannedAt: isoTimestamp(row.first_scanned_at),
    firstRegion: row.first_region,
    visitorId: row.visitor_id,
    scanId: row.scan_id,
    batchId: row.batch_id,
    detectedAt: isoTimestamp(row.detected_at),
  };
}

/** The `onecode_scan_count_alerts` row of a core record. */
export function countAlertToRow(alert: ScanCountAlert): Insertable<ScanCountAlertsTable> {
  return {
    tenant_id: alert.tenantId,
    id: alert.id,
    code: alert.code,
    kind: alert.kind,
    threshold: alert.threshold,
    observed: alert.observed,
    scan_count: alert.scanCount,
    first_scanned_at: alert.firstScannedAt,
    first_region: alert.firstRegion,
    visitor_id: alert.visitorId,
    scan_id: alert.scanId,
    batch_id: alert.batchId,
    detected_at: alert.detectedAt,
  };
}

/** The core record of a `onecode_scan_alert_settings` row. */
export function alertSettingsFromRow(
  row: Selectable<ScanAlertSettingsTable>,
): ScanCountAlertSettings {
  return {
    tenantId: row.tenant_id,
    visitorScans: row.visitor_scans,
    visitors: row.visitors,
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The core record of a `onecode_inspection_reports` row. */
export function reportFromRow(row: Selectable<InspectionReportsTable>): InspectionReport {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    code: row.code,
    inspectorId: row.inspector_id,
    region: row.region,
    note: row.note,
    photos: row.photos,
    createdAt: isoTimestamp(row.created_at),
  };
}

/** The `onecode_inspection_reports` row of a core record. */
export function reportToRow(report: InspectionReport): Insertable<InspectionReportsTable> {
  return {
    tenant_id: report.tenantId,
    id: report.id,
    code: report.code,
    inspector_id: report.inspectorId,
    region: report.region,
    note: report.note,
    photos: [...report.photos],
    created_at: report.createdAt,
  };
}
