/**
 * The scan-count alert (查询次数超限): a code queried too often by one
 * visitor, or by too many visitors. Types and the pure decision; the
 * settings, the stored alerts and the scan's use of them live in
 * `scan-count-alerts.ts`.
 */

/**
 * When a code's queries raise a count alert: more than `visitorScans`
 * scans by one visitor, or more than `visitors` distinct visitors. `null`
 * turns that check off. Each threshold is an integer from 1 to
 * `SCAN_THRESHOLD_MAX`.
 */
export interface ScanCountThresholds {
  readonly visitorScans: number | null;
  readonly visitors: number | null;
}

/** The thresholds of a tenant that never set any: both checks off. */
export const DEFAULT_SCAN_COUNT_THRESHOLDS: ScanCountThresholds = Object.freeze({
  visitorScans: null,
  visitors: null,
});

/** A tenant's count-alert settings; a trace batch may override them (`TraceBatch.countAlert`). */
export interface ScanCountAlertSettings extends ScanCountThresholds {
  readonly tenantId: string;
  /** When they last changed; `null` while the defaults apply. */
  readonly updatedAt: string | null;
}

/** Input of `scans.updateAlertSettings`: only the given thresholds change (`null` turns one off). */
export interface ScanCountAlertSettingsInput {
  readonly visitorScans?: number | null;
  readonly visitors?: number | null;
}

/**
 * Which threshold a count alert passed: `visitor_scans` (one visitor
 * scanned the code more than `visitorScans` times) or `visitors` (more
 * than `visitors` distinct visitors scanned it).
 */
export type ScanCountAlertKind = "visitor_scans" | "visitors";

/** The kinds, in the order answers list them. */
export const SCAN_COUNT_ALERT_KINDS: readonly ScanCountAlertKind[] = ["visitor_scans", "visitors"];

/**
 * A stored count alert, for staff: at most one per code and kind, raised
 * by the first scan past the threshold.
 */
export interface ScanCountAlert {
  readonly id: string;
  readonly tenantId: string;
  readonly code: string;
  readonly kind: ScanCountAlertKind;
  /** The threshold in force for that scan. */
  readonly threshold: number;
  /** What passed it: the visitor's scans of the code (`visitor_scans`) or its distinct visitors. */
  readonly observed: number;
  /** The code's scans then, this one included, and the first one's time and region. */
  readonly scanCount: number;
  readonly firstScannedAt: string;
  readonly firstRegion: string | null;
  /** The visitor whose scan raised it. */
  readonly visitorId: string | null;
  readonly scanId: string;
  readonly batchId: string;
  readonly detectedAt: string;
}

/**
 * What a scan answer says when a count threshold is passed: the code has
 * been queried `previousScans` times before (by this visitor,
 * `previousVisitorScans`), first at `firstScannedAt` in `firstRegion`.
 */
export interface ScanCountNotice {
  /** The thresholds this scan is past. */
  readonly kinds: readonly ScanCountAlertKind[];
  readonly previousScans: number;
  readonly previousVisitorScans: number;
  /** Distinct visitors of the code, this one included. */
  readonly distinctVisitors: number;
  readonly firstScannedAt: string;
  readonly firstRegion: string | null;
}

/** What the decision needs of a recorded scan's statistics. */
export interface CountedScan {
  readonly count: number;
  readonly visitorScans: number;
  readonly distinctVisitors: number;
  readonly firstScannedAt: string;
  readonly firstRegion: string | null;
}

/** The kinds whose threshold the scan's statistics are past. */
export function countAlertKinds(
  stats: CountedScan,
  thresholds: ScanCountThresholds,
): ScanCountAlertKind[] {
  const past: Record<ScanCountAlertKind, boolean> = {
    visitor_scans: thresholds.visitorScans !== null && stats.visitorScans > thresholds.visitorScans,
    visitors: thresholds.visitors !== null && stats.distinctVisitors > thresholds.visitors,
  };
  return SCAN_COUNT_ALERT_KINDS.filter((kind) => past[kind]);
}

/** The notice of a scan past `kinds` (non-empty), or `null` when none is passed. */
export function countNoticeOf(
  stats: CountedScan,
  kinds: readonly ScanCountAlertKind[],
): ScanCountNotice | null {
  if (kinds.length === 0) return null;
  return {
    kinds,
    previousScans: stats.count - 1,
    previousVisitorScans: Math.max(stats.visitorScans - 1, 0),
    distinctVisitors: stats.distinctVisitors,
    firstScannedAt: stats.firstScannedAt,
    firstRegion: stats.firstRegion,
  };
}

/** The threshold of `kind`. */
export function thresholdOf(thresholds: ScanCountThresholds, kind: ScanCountAlertKind): number {
  return (kind === "visitor_scans" ? thresholds.visitorScans : thresholds.visitors) as number;
}
