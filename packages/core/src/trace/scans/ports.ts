import type { PageQuery } from "../../kernel/pagination.js";
import type { InspectionReport } from "../distribution/distribution.js";
import type {
  DiversionAlert,
  RecordedScanStats,
  ScanRecord,
  ScanStats,
  SuspicionThreshold,
} from "./scan.js";
import type {
  ScanCountAlert,
  ScanCountAlertKind,
  ScanCountAlertSettings,
  ScanCountThresholds,
} from "./scan-count-alert.js";

/** Filters of {@link ScanRepository.listAlerts}. */
export interface AlertFilter {
  readonly code?: string;
  readonly enterpriseId?: string;
  readonly scanRegion?: string;
  /** `detectedAt` at or after this ISO time. */
  readonly from?: string;
  /** `detectedAt` before this ISO time. */
  readonly to?: string;
}

/** Filters of {@link ScanRepository.listCountAlerts}. */
export interface CountAlertFilter {
  readonly code?: string;
  readonly kind?: ScanCountAlertKind;
  readonly batchId?: string;
  /** `detectedAt` at or after this ISO time. */
  readonly from?: string;
  /** `detectedAt` before this ISO time. */
  readonly to?: string;
}

/** Changes of {@link ScanRepository.updateAlertSettings}: the thresholds given, and when. */
export type AlertSettingsChanges = Partial<ScanCountThresholds> & { readonly updatedAt: string };

/**
 * Storage of consumer scans, statistics, diversion and count alerts,
 * count-alert settings and inspection reports, scoped by tenant.
 */
export interface ScanRepository {
  /**
   * Appends the scan and updates the code's statistics in one atomic step,
   * returning the statistics right after this scan: N concurrent scans of
   * one code raise its count by exactly N, and their calls see the counts
   * 1 to N above the count before, each once. The first recorded scan of a
   * code sets `firstScannedAt` and `firstRegion`. Distinct non-null
   * visitors are counted exactly, and so are each visitor's scans of the
   * code (`visitorScans`: the k-th scan of one visitor sees k, also under
   * concurrency); distinct regions are tallied up to `suspicion.regions` + 1
   * (a value seen before never counts twice). A scan passed as `genuine`
   * that, with its own visitor and region counted, makes more than
   * `suspicion.visitors` distinct visitors or `suspicion.regions` regions is
   * stored as `suspicious`, so the record shows the verdict the consumer
   * got; other verdicts are stored as given. Each threshold is an integer
   * from 1 to `SCAN_THRESHOLD_MAX`; every adapter records scans under any
   * of them (and may refuse others with a `RangeError`). Adapters may group
   * concurrent scans into one write, but resolve each call only once its
   * scan is durable.
   *
   * Idempotent by scan id: a scan whose id the code has stored already (a
   * repeated call, or a write retried after its connection failed) is not
   * stored or counted again, and the call answers the code's statistics as
   * they are now (`visitorScans`: the scan's visitor's scans now). So a
   * scan is counted exactly once whatever fails; when
   * storage stays unreachable the call fails with `SERVICE_UNAVAILABLE`
   * (the scan may then be stored, and is counted once).
   */
  record(scan: ScanRecord, suspicion: SuspicionThreshold): Promise<RecordedScanStats>;
  /** The code's statistics without recording anything, or `null` when never scanned. */
  stats(tenantId: string, code: string): Promise<ScanStats | null>;
  /** A code's scans, newest first. */
  listForCode(tenantId: string, code: string, page: PageQuery): Promise<ScanRecord[]>;
  /** How many scans the tenant has recorded (all codes, known or not). */
  count(tenantId: string): Promise<number>;
  /**
   * Stores the alert unless the tenant already has one for the same `code`
   * and `scanRegion` (a unique constraint, so concurrent inserts of one pair:
   * exactly one is stored). True when stored, false for such a duplicate.
   */
  insertAlert(alert: DiversionAlert): Promise<boolean>;
  /** Alerts newest first, filtered. */
  listAlerts(tenantId: string, filter: AlertFilter, page: PageQuery): Promise<DiversionAlert[]>;
  /**
   * Stores the count alert unless the tenant already has one for the same
   * `code` and `kind` (a unique constraint, so concurrent inserts of one
   * pair: exactly one is stored). True when stored, false for such a
   * duplicate.
   */
  insertCountAlert(alert: ScanCountAlert): Promise<boolean>;
  /** Count alerts newest first, filtered. */
  listCountAlerts(
    tenantId: string,
    filter: CountAlertFilter,
    page: PageQuery,
  ): Promise<ScanCountAlert[]>;
  /** The tenant's count-alert settings, or `null` when it never set any. */
  alertSettings(tenantId: string): Promise<ScanCountAlertSettings | null>;
  /**
   * Changes the thresholds present in `changes` (others keep their value,
   * `null` when never set) and `updatedAt`, creating the settings when
   * absent, in one atomic step; returns the stored settings. Concurrent
   * updates of different thresholds both take effect.
   */
  updateAlertSettings(
    tenantId: string,
    changes: AlertSettingsChanges,
  ): Promise<ScanCountAlertSettings>;
  insertReport(report: InspectionReport): Promise<void>;
  /** Reports newest first, filtered. */
  listReports(
    tenantId: string,
    filter: { readonly code?: string; readonly inspectorId?: string },
    page: PageQuery,
  ): Promise<InspectionReport[]>;
}

/** The alert half of {@link ScanRepository}: diversion and count alerts and count-alert settings. */
export type ScanAlertMethods = Pick<
  ScanRepository,
  | "insertAlert"
  | "listAlerts"
  | "insertCountAlert"
  | "listCountAlerts"
  | "alertSettings"
  | "updateAlertSettings"
>;
