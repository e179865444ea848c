import type { CorePorts } from "../core-ports.js";
import { invalidField } from "../kernel/errors.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { StatisticsWindow } from "./ports.js";
import {
  type CodeCounts,
  type CodeStatistics,
  type CodeStatisticsInput,
  type CodeStatisticsRow,
  type ScanStatistics,
  type ScanStatisticsInput,
  type ScanStatisticsRow,
  STATISTICS_LIMITS,
  type StatisticsRange,
} from "./statistics.js";
import { checkCodeStatisticsInput, checkScanStatisticsInput } from "./statistics-input-check.js";

/** Statistics for dashboards (扫码统计, 码量统计), computed by storage. Reading them needs `statistics.read`. */
export interface StatisticsService {
  /**
   * Consumer scans per period, region, product, batch and verdict (any of
   * them, or one total), filtered.
   *
   * @example
   * ```ts
   * const { periods, rows } = await onecode.statistics.scans(ctx, {
   *   from: "2026-05-01",
   *   to: "2026-05-31",
   *   groupBy: ["period", "verdict"],
   *   productId: "prd_01jd3v8k0g9w5x2r7q4m6n8p0t",
   * });
   * ```
   */
  scans(ctx: TenantContext, input?: ScanStatisticsInput): Promise<ScanStatistics>;
  /**
   * Codes generated, uploaded, bound to trace batches and activated, per
   * period and merchant (see `CodeCounts` for what each counts).
   */
  codes(ctx: TenantContext, input?: CodeStatisticsInput): Promise<CodeStatistics>;
}

/** Options of {@link statisticsService}. */
export interface StatisticsOptions {
  /** The tenant's time zone, of calendar periods when a query names none. */
  readonly timeZoneOf: (tenantId: string) => Promise<string>;
}

function windowOf(range: StatisticsRange, byPeriod: boolean): StatisticsWindow {
  return {
    from: range.from,
    to: range.to,
    buckets: byPeriod ? range.periods.map((period) => period.from) : null,
  };
}

/** Refuses an answer of more rows than `STATISTICS_LIMITS.maxGroups`. */
function checkGroupCount(rows: readonly unknown[]): void {
  const { maxGroups } = STATISTICS_LIMITS;
  if (rows.length > maxGroups) {
    throw invalidField(
      "groupBy",
      "max_groups",
      `the statistics have more than ${maxGroups} groups; group by fewer dimensions, filter or shorten the range`,
    );
  }
}

/** The period name of a storage row's bucket, if it has one. */
function periodOf(range: StatisticsRange, bucket: number | undefined) {
  if (bucket === undefined) return {};
  const period = range.periods[bucket];
  if (!period) throw new RangeError(`storage returned bucket ${bucket} of ${range.periods.length}`);
  return { period: period.period };
}

/** Orders rows by the values of `keys` in turn: `null` last, text ascending. */
function compareBy(keys: readonly string[]) {
  return (a: object, b: object): number => {
    for (const key of keys) {
      const left = (a as Record<string, unknown>)[key] as string | null;
      const right = (b as Record<string, unknown>)[key] as string | null;
      if (left === right) continue;
      if (left === null) return 1;
      if (right === null) return -1;
      return left < right ? -1 : 1;
    }
    return 0;
  };
}

/** The dimensions rows are ordered by: the period first, then the others as grouped. */
function periodFirst(groupBy: readonly string[]): string[] {
  return ["period", ...groupBy.filter((dimension) => dimension !== "period")];
}

const NO_CODES: CodeCounts = { generated: 0, uploaded: 0, bound: 0, activated: 0 };

/** Builds the statistics use cases on the ports. */
export function statisticsService(ports: CorePorts, options: StatisticsOptions): StatisticsService {
  const { storage, clock } = ports;
  const defaults = async (tenantId: string) => ({
    timeZone: await options.timeZoneOf(tenantId),
    nowMs: clock.nowMs(),
  });

  return {
    async scans(ctx, input = {}) {
      requireCapability(ctx, "statistics.read");
      const { range, groupBy, keys, filter } = checkScanStatisticsInput(
        input,
        await defaults(ctx.tenantId),
      );
      const counted = await storage.statistics.scanCounts(ctx.tenantId, {
        window: windowOf(range, groupBy.includes("period")),
        groupBy: keys,
        filter,
        limit: STATISTICS_LIMITS.maxGroups + 1,
      });
      checkGroupCount(counted);
      // Periods are named in date order, so the text order of names is their order.
      const rows: ScanStatisticsRow[] = counted
        .map(({ bucket, ...row }) => ({ ...periodOf(range, bucket), ...row }))
        .sort(compareBy(periodFirst(groupBy)));
      const total = rows.reduce((sum, row) => sum + row.scans, 0);
      return { ...range, groupBy, rows, total };
    },

    async codes(ctx, input = {}) {
      requireCapability(ctx, "statistics.read");
      const { range, groupBy, merchantId } = checkCodeStatisticsInput(
        input,
        await defaults(ctx.tenantId),
      );
      const counted = await storage.statistics.codeCounts(ctx.tenantId, {
        window: windowOf(range, groupBy.includes("period")),
        byMerchant: groupBy.includes("merchantId"),
        ...(merchantId !== undefined && { merchantId }),
        limit: STATISTICS_LIMITS.maxGroups + 1,
      });
      checkGroupCount(counted);
      const rows: CodeStatisticsRow[] = counted
        .map(({ bucket, ...row }) => ({ ...periodOf(range, bucket), ...row }))
        .sort(compareBy(periodFirst(groupBy)));
      const totals = rows.reduce<CodeCounts>(
        (sum, row) => ({
          generated: sum.generated + row.generated,
          uploaded: sum.uploaded + row.uploaded,
          bound: sum.bound + row.bound,
          activated: sum.activated + row.activated,
        }),
        NO_CODES,
      );
      return { ...range, groupBy, rows, totals };
    },
  };
}
