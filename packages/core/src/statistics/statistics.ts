import type { ScanVerdict } from "../trace/scans/scan.js";

/** How a statistics range is split into calendar periods: days, ISO weeks (from Monday) or months. */
export type StatisticsGranularity = "day" | "week" | "month";

/** Every {@link StatisticsGranularity}. */
export const STATISTICS_GRANULARITIES: readonly StatisticsGranularity[] = Object.freeze([
  "day",
  "week",
  "month",
]);

/**
 * What scan statistics can be grouped by: the calendar period, the scan's
 * region, the product and trace batch its code resolved to, the verdict.
 */
export type ScanStatisticsDimension = "period" | "region" | "productId" | "batchId" | "verdict";

/** Every {@link ScanStatisticsDimension}. */
export const SCAN_STATISTICS_DIMENSIONS: readonly ScanStatisticsDimension[] = Object.freeze([
  "period",
  "region",
  "productId",
  "batchId",
  "verdict",
]);

/** What code statistics can be grouped by: the calendar period and the merchant. */
export type CodeStatisticsDimension = "period" | "merchantId";

/** Every {@link CodeStatisticsDimension}. */
export const CODE_STATISTICS_DIMENSIONS: readonly CodeStatisticsDimension[] = Object.freeze([
  "period",
  "merchantId",
]);

/**
 * Bounds of statistics queries, so a dashboard query stays cheap: a range
 * covers at most `maxSpanDays` calendar days (a leap year), `defaultSpanDays`
 * when `from` is left out, and an answer holds at most `maxGroups` rows.
 */
export const STATISTICS_LIMITS = Object.freeze({
  maxSpanDays: 366,
  defaultSpanDays: 30,
  maxGroups: 10_000,
});

/**
 * The time range of a statistics query and how it is split. `from` and `to`
 * are each a calendar date (`2026-05-01`: `from` the start of that day, `to`
 * the end of it, both in `timeZone`) or an ISO-8601 date-time with an offset
 * (`2026-05-01T08:00:00+08:00`: `from` inclusive, `to` exclusive). Left out,
 * `to` is the end of today and `from` the start of the day
 * `STATISTICS_LIMITS.defaultSpanDays - 1` days before `to`'s last day (30
 * days with today). At most `STATISTICS_LIMITS.maxSpanDays` calendar days.
 */
export interface StatisticsRangeInput {
  readonly from?: string;
  readonly to?: string;
  /**
   * The IANA time zone whose calendar days make the periods (and read date
   * `from`/`to`); default the codes module's `timeZone` (Asia/Shanghai).
   */
  readonly timeZone?: string;
  /** Default `day`. */
  readonly granularity?: StatisticsGranularity;
}

/** Input of `statistics.scans`: the range, the grouping and filters (all must match). */
export interface ScanStatisticsInput extends StatisticsRangeInput {
  /** One or several dimensions, each at most once; default `["period"]`; `[]` for one total. */
  readonly groupBy?: readonly ScanStatisticsDimension[];
  /** Only scans of codes of this product. */
  readonly productId?: string;
  /** Only scans of codes of this trace batch. */
  readonly batchId?: string;
  /** Only scans of codes of this merchant's products. */
  readonly merchantId?: string;
  readonly verdict?: ScanVerdict;
  /** Only scans from this region (as the geo port named it). */
  readonly region?: string;
}

/** Input of `statistics.codes`: the range, the grouping and an optional merchant. */
export interface CodeStatisticsInput extends StatisticsRangeInput {
  /** One or both dimensions, each at most once; default `["period", "merchantId"]`; `[]` for one total. */
  readonly groupBy?: readonly CodeStatisticsDimension[];
  readonly merchantId?: string;
}

/** One calendar period of a range, cut to the range. */
export interface StatisticsPeriod {
  /** `2026-05-01` (day), the Monday `2026-04-27` (week) or `2026-05` (month). */
  readonly period: string;
  /** Its first instant (UTC ISO), or the range's `from`. */
  readonly from: string;
  /** The first instant after it (UTC ISO), or the range's `to`. */
  readonly to: string;
}

/** The range a statistics answer covers, as resolved. */
export interface StatisticsRange {
  /** Inclusive, UTC ISO. */
  readonly from: string;
  /** Exclusive, UTC ISO. */
  readonly to: string;
  readonly timeZone: string;
  readonly granularity: StatisticsGranularity;
  /** Every period of the range in order, also those without rows (a chart fills them with zeros). */
  readonly periods: readonly StatisticsPeriod[];
}

/**
 * Scans of one group. Only the grouped dimensions are present: `period` (a
 * {@link StatisticsPeriod}'s `period`), `region` (`null`: unknown),
 * `productId` and `batchId` (`null`: an unknown code or one bound to no
 * batch), `verdict` (as the consumer got it).
 */
export interface ScanStatisticsRow {
  readonly period?: string;
  readonly region?: string | null;
  readonly productId?: string | null;
  readonly batchId?: string | null;
  readonly verdict?: ScanVerdict;
  readonly scans: number;
}

/** Answer of `statistics.scans`. */
export interface ScanStatistics extends StatisticsRange {
  readonly groupBy: readonly ScanStatisticsDimension[];
  /**
   * Groups with at least one scan, ordered by period, then by the other
   * dimensions in `groupBy` order (text ascending, `null` last).
   */
  readonly rows: readonly ScanStatisticsRow[];
  /** Scans in the range that match the filters. */
  readonly total: number;
}

/**
 * Codes counted by what happened to them in a period:
 * - `generated`: codes of generated packages that succeeded then;
 * - `uploaded`: codes of uploads imported then;
 * - `bound`: codes of packages bound to a trace batch then (still bound:
 *   an unbound package no longer counts);
 * - `activated`: codes of trace batches first activated then.
 */
export interface CodeCounts {
  readonly generated: number;
  readonly uploaded: number;
  readonly bound: number;
  readonly activated: number;
}

/** Code counts of one group; only the grouped dimensions are present. */
export interface CodeStatisticsRow extends CodeCounts {
  readonly period?: string;
  readonly merchantId?: string;
}

/** Answer of `statistics.codes`. */
export interface CodeStatistics extends StatisticsRange {
  readonly groupBy: readonly CodeStatisticsDimension[];
  /** Groups where any count is above zero, ordered by period, then merchant. */
  readonly rows: readonly CodeStatisticsRow[];
  /** The counts of every row added up. */
  readonly totals: CodeCounts;
}
