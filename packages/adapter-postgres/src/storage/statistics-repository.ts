import type {
  CodeCountRow,
  ScanCountKey,
  ScanCountQuery,
  ScanCountRow,
  StatisticsRepository,
  StatisticsWindow,
} from "@onecode/core";
import { type RawBuilder, sql } from "kysely";
import { countFromColumn } from "../database.js";
import { verdictFromNumber, verdictNumber } from "./scan-row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

/** The `onecode_scans` column of each grouping key. */
const SCAN_COLUMNS: Readonly<Record<ScanCountKey, string>> = {
  region: "region",
  productId: "product_id",
  batchId: "batch_id",
  verdict: "verdict",
};

/**
 * The 0-based bucket of `column` in the window's buckets: `width_bucket`
 * finds it by binary search over the bucket starts (1 for the first).
 */
function bucketColumn(window: StatisticsWindow, column: string): RawBuilder<unknown> | null {
  if (window.buckets === null) return null;
  return sql`width_bucket(${sql.ref(column)}, ${[...window.buckets]}::timestamptz[]) - 1`;
}

/** `SELECT` list and `GROUP BY` of the grouped columns, each `expression AS "name"`. */
function grouping(columns: ReadonlyArray<readonly [string, RawBuilder<unknown>]>) {
  const select = columns.map(([name, expression]) => sql`${expression} AS ${sql.id(name)}`);
  return {
    select: select.length === 0 ? sql`` : sql`${sql.join(select)},`,
    groupBy:
      columns.length === 0
        ? sql``
        : sql`GROUP BY ${sql.join(columns.map((_, index) => sql.raw(String(index + 1))))}`,
  };
}

type GroupedRow = { bucket?: number | null } & Record<string, unknown>;

function bucketOf(row: GroupedRow): { bucket?: number } {
  return row.bucket === undefined || row.bucket === null ? {} : { bucket: Number(row.bucket) };
}

/** Scans counted per group, in one `GROUP BY` over the tenant's scans in the window. */
async function scanCounts(
  scope: StatementScope,
  tenantId: string,
  { window, groupBy, filter, limit }: ScanCountQuery,
): Promise<ScanCountRow[]> {
  const bucket = bucketColumn(window, "scanned_at");
  const { select, groupBy: groupClause } = grouping([
    ...(bucket ? [["bucket", bucket] as const] : []),
    ...groupBy.map((key) => [key, sql.ref(SCAN_COLUMNS[key])] as const),
  ]);
  const conditions = [
    sql`tenant_id = ${tenantId}`,
    sql`scanned_at >= ${window.from}::timestamptz`,
    sql`scanned_at < ${window.to}::timestamptz`,
    ...(filter.productId === undefined ? [] : [sql`product_id = ${filter.productId}`]),
    ...(filter.batchId === undefined ? [] : [sql`batch_id = ${filter.batchId}`]),
    ...(filter.region === undefined ? [] : [sql`region = ${filter.region}`]),
    ...(filter.verdict === undefined
      ? []
      : [sql`verdict = ${verdictNumber(filter.verdict)}::smallint`]),
    ...(filter.merchantId === undefined
      ? []
      : [
          sql`product_id IN (
            SELECT id FROM onecode_products
            WHERE tenant_id = ${tenantId} AND merchant_id = ${filter.merchantId}
          )`,
        ]),
  ];
  const { rows } = await sql<GroupedRow & { scans: string | number }>`
    SELECT ${select} count(*) AS scans
    FROM onecode_scans
    WHERE ${sql.join(conditions, sql` AND `)}
    ${groupClause}
    HAVING count(*) > 0
    LIMIT ${limit}
  `.execute(scope.db);
  return rows.map((row) => {
    const counted: Record<string, unknown> = { ...bucketOf(row) };
    for (const key of groupBy) {
      const value = row[key];
      counted[key] = key === "verdict" ? verdictFromNumber(Number(value)) : value;
    }
    counted.scans = countFromColumn(row.scans);
    return counted as unknown as ScanCountRow;
  });
}

/**
 * Code counts per group: the events of the window (packages that succeeded,
 * bindings, first activations) as one `UNION ALL`, grouped once.
 */
async function codeCounts(
  scope: StatementScope,
  tenantId: string,
  { window, byMerchant, merchantId, limit }: Parameters<StatisticsRepository["codeCounts"]>[1],
): Promise<CodeCountRow[]> {
  const bucket = bucketColumn(window, "at");
  const { select, groupBy } = grouping([
    ...(bucket ? [["bucket", bucket] as const] : []),
    ...(byMerchant ? [["merchantId", sql.ref("merchant_id")] as const] : []),
  ]);
  const between = (column: string) =>
    sql`${sql.ref(column)} >= ${window.from}::timestamptz AND ${sql.ref(column)} < ${window.to}::timestamptz`;
  const ofMerchant = (column: string) =>
    merchantId === undefined ? sql`` : sql`AND ${sql.ref(column)} = ${merchantId}`;
  const { rows } = await sql<
    GroupedRow & Record<"generated" | "uploaded" | "bound" | "activated", string | number>
  >`
    WITH events AS (
      SELECT merchant_id, finished_at AS at,
        CASE WHEN source = 'generated' THEN total ELSE 0 END::bigint AS generated,
        CASE WHEN source = 'uploaded' THEN total ELSE 0 END::bigint AS uploaded,
        0::bigint AS bound, 0::bigint AS activated
      FROM onecode_code_packages
      WHERE tenant_id = ${tenantId} AND status = 'succeeded' AND ${between("finished_at")}
        ${ofMerchant("merchant_id")}
      UNION ALL
      SELECT b.merchant_id, p.bound_at, 0, 0, p.code_count, 0
      FROM onecode_trace_batch_packages p
      JOIN onecode_trace_batches b ON b.tenant_id = p.tenant_id AND b.id = p.batch_id
      WHERE p.tenant_id = ${tenantId} AND ${between("p.bound_at")} ${ofMerchant("b.merchant_id")}
      UNION ALL
      SELECT merchant_id, activated_at, 0, 0, 0, code_count
      FROM onecode_trace_batches
      WHERE tenant_id = ${tenantId} AND ${between("activated_at")} ${ofMerchant("merchant_id")}
    )
    SELECT ${select}
      sum(generated) AS generated, sum(uploaded) AS uploaded,
      sum(bound) AS bound, sum(activated) AS activated
    FROM events
    ${groupBy}
    HAVING sum(generated + uploaded + bound + activated) > 0
    LIMIT ${limit}
  `.execute(scope.db);
  return rows.map((row) => ({
    ...bucketOf(row),
    ...(byMerchant && { merchantId: row.merchantId as string }),
    generated: countFromColumn(row.generated),
    uploaded: countFromColumn(row.uploaded),
    bound: countFromColumn(row.bound),
    activated: countFromColumn(row.activated),
  }));
}

/**
 * Statistics aggregated by PostgreSQL: one `GROUP BY` statement per call,
 * scoped by tenant. Scans are found by period through the BRIN index on
 * `scanned_at` (migration 0010); buckets are counted with `width_bucket`
 * over the bucket starts core computed in the query's time zone, so the
 * database's own time zone settings play no part.
 */
export function statisticsRepository(scope: StatementScope): StatisticsRepository {
  return {
    scanCounts: (tenantId, query) => scanCounts(scope, tenantId, query),
    codeCounts: (tenantId, query) => codeCounts(scope, tenantId, query),
  };
}
