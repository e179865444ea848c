import type { ScanVerdict } from "../trace/scans/scan.js";
import type { CodeCounts } from "./statistics.js";

/**
 * The time window of an aggregation: instants as UTC ISO strings. With
 * `buckets`, rows are split by bucket: bucket `i` holds the instants from
 * `buckets[i]` up to `buckets[i + 1]` (the last one up to `to`); `buckets[0]`
 * equals `from`, and the starts ascend.
 */
export interface StatisticsWindow {
  /** Inclusive. */
  readonly from: string;
  /** Exclusive. */
  readonly to: string;
  /** Bucket starts (at most a few hundred), or `null` for the whole window as one. */
  readonly buckets: readonly string[] | null;
}

/** What scan counts can be grouped by besides the bucket. */
export type ScanCountKey = "region" | "productId" | "batchId" | "verdict";

/** Filters of {@link StatisticsRepository.scanCounts}; every present one must match. */
export interface ScanCountFilter {
  readonly productId?: string;
  readonly batchId?: string;
  /** Scans whose product belongs to this merchant. */
  readonly merchantId?: string;
  readonly verdict?: ScanVerdict;
  readonly region?: string;
}

/** Query of {@link StatisticsRepository.scanCounts}. */
export interface ScanCountQuery {
  readonly window: StatisticsWindow;
  /** Each at most once. */
  readonly groupBy: readonly ScanCountKey[];
  readonly filter: ScanCountFilter;
  /** Return at most this many rows (any of them: callers ask for one more than they accept). */
  readonly limit: number;
}

/**
 * Scans of one group: `bucket` present exactly when the window has buckets,
 * and each key of `groupBy` present (`null` where the scan has none), no
 * other key.
 */
export interface ScanCountRow {
  readonly bucket?: number;
  readonly region?: string | null;
  readonly productId?: string | null;
  readonly batchId?: string | null;
  readonly verdict?: ScanVerdict;
  readonly scans: number;
}

/** Query of {@link StatisticsRepository.codeCounts}. */
export interface CodeCountQuery {
  readonly window: StatisticsWindow;
  /** Split rows by merchant. */
  readonly byMerchant: boolean;
  /** Only this merchant's codes. */
  readonly merchantId?: string;
  /** Return at most this many rows. */
  readonly limit: number;
}

/** Code counts of one group: `bucket` exactly when the window has buckets, `merchantId` exactly when split by merchant. */
export interface CodeCountRow extends CodeCounts {
  readonly bucket?: number;
  readonly merchantId?: string;
}

/**
 * Aggregations over the tenant's records, computed where the records are (a
 * database groups them; nothing is loaded row by row). Reads only; each call
 * sees one consistent state of the records it reads.
 */
export interface StatisticsRepository {
  /**
   * Consumer scans recorded in the window (by `scannedAt`), counted per
   * group; only groups with scans are returned, in no particular order.
   */
  scanCounts(tenantId: string, query: ScanCountQuery): Promise<ScanCountRow[]>;
  /**
   * Codes counted per group by what happened to them in the window (see
   * `CodeCounts`): succeeded packages' `total` by `finishedAt`
   * (`generated` or `uploaded` by source), bound packages' codes by the
   * binding's time, the codes of batches by `activatedAt`. Merchants are the
   * package's (bound: the batch's, which is the same). Only groups where a
   * count is above zero are returned, in no particular order.
   */
  codeCounts(tenantId: string, query: CodeCountQuery): Promise<CodeCountRow[]>;
}

/** The repositories of the statistics module, gathered into the storage port. */
export interface StatisticsRepositories {
  readonly statistics: StatisticsRepository;
}
