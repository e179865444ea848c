import type { StorageRepositories } from "@onecode/core";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { OneCodeDatabase } from "../database.js";

type OrderRepository = StorageRepositories["orders"];
type OrderStatisticsQuery = Parameters<OrderRepository["statistics"]>[1];
type OrderStatisticsRow = Awaited<ReturnType<OrderRepository["statistics"]>>[number];

interface FigureRow {
  key: string;
  orders_created: string | number;
  orders_paid: string | number;
  paid_amount: string | number;
  refunded_amount: string | number;
  units_paid: string | number;
}

function rowOf(row: FigureRow): OrderStatisticsRow {
  return {
    key: row.key,
    ordersCreated: Number(row.orders_created),
    ordersPaid: Number(row.orders_paid),
    paidAmount: Number(row.paid_amount),
    refundedAmount: Number(row.refunded_amount),
    unitsPaid: Number(row.units_paid),
  };
}

/** SQL pieces over the order row `o` and, for refunds, the refund element `r`. */
function pieces(query: OrderStatisticsQuery) {
  const from = sql`${query.from}::timestamptz`;
  const to = sql`${query.to}::timestamptz`;
  const inRange = (at: RawBuilder<unknown>) => sql`(${at} >= ${from} AND ${at} < ${to})`;
  const decidedAt = sql`(r->>'decidedAt')::timestamptz`;
  const refundInRange = sql`r->>'status' = 'succeeded' AND ${inRange(decidedAt)}`;
  return {
    from,
    inRange,
    decidedAt,
    refundInRange,
    // Orders whose latest succeeded refund is before the range have none in it (index on last_refunded_at).
    refundsOf: sql`jsonb_array_elements(o.refunds) AS r`,
    refundCandidate: sql`o.last_refunded_at >= ${from}`,
  };
}

/** Figures per local day or channel: each order event counts under its own day, or the order's channel. */
function byDayOrChannel(tenantId: string, query: OrderStatisticsQuery) {
  const p = pieces(query);
  const keyOf = (at: RawBuilder<unknown>) =>
    query.groupBy === "day"
      ? sql`to_char(${at} AT TIME ZONE ${query.timeZone}, 'YYYY-MM-DD')`
      : sql`o.channel`;
  const units = sql`(SELECT coalesce(sum((l->>'quantity')::bigint), 0) FROM jsonb_array_elements(o.lines) AS l)`;
  return sql<FigureRow>`
    SELECT e.key AS key,
      sum(e.created) AS orders_created, sum(e.paid) AS orders_paid,
      sum(e.paid_amount) AS paid_amount, sum(e.refunded) AS refunded_amount,
      sum(e.units) AS units_paid
    FROM (
      SELECT ${keyOf(sql`o.created_at`)} AS key, 1 AS created, 0 AS paid, 0::bigint AS paid_amount,
        0::bigint AS units, 0::bigint AS refunded
      FROM onecode_orders AS o
      WHERE o.tenant_id = ${tenantId} AND ${p.inRange(sql`o.created_at`)}
      UNION ALL
      SELECT ${keyOf(sql`o.paid_at`)}, 0, 1, o.total, ${units}, 0
      FROM onecode_orders AS o
      WHERE o.tenant_id = ${tenantId} AND ${p.inRange(sql`o.paid_at`)}
      UNION ALL
      SELECT ${keyOf(p.decidedAt)}, 0, 0, 0, 0, (r->'amount'->>'amount')::bigint
      FROM onecode_orders AS o, ${p.refundsOf}
      WHERE o.tenant_id = ${tenantId} AND ${p.refundCandidate} AND ${p.refundInRange}
    ) AS e
    GROUP BY e.key
    ORDER BY e.key COLLATE "C"
  `;
}

/**
 * Figures per product: an order counts once under each product of its
 * lines, with those lines' amounts and units; each succeeded refund is
 * shared across the products in proportion to their lines' amounts, rounded
 * half up (`floor(x + 0.5)` on exact numerics).
 */
function byProduct(tenantId: string, query: OrderStatisticsQuery) {
  const p = pieces(query);
  const created = p.inRange(sql`o.created_at`);
  const paid = p.inRange(sql`o.paid_at`);
  const hasRefund = sql`(${p.refundCandidate} AND EXISTS (
    SELECT 1 FROM ${p.refundsOf} WHERE ${p.refundInRange}))`;
  return sql<FigureRow>`
    SELECT x.product_id AS key,
      count(*) FILTER (WHERE x.created) AS orders_created,
      count(*) FILTER (WHERE x.paid) AS orders_paid,
      coalesce(sum(x.amount) FILTER (WHERE x.paid), 0) AS paid_amount,
      coalesce(sum(x.refunded), 0) AS refunded_amount,
      coalesce(sum(x.units) FILTER (WHERE x.paid), 0) AS units_paid
    FROM (
      SELECT pr.product_id, pr.amount, pr.units, ${created} AS created, ${paid} AS paid,
        (SELECT coalesce(sum(CASE WHEN t.lines_total = 0 THEN 0
            ELSE floor((r->'amount'->>'amount')::numeric * pr.amount / t.lines_total + 0.5) END), 0)
          FROM ${p.refundsOf} WHERE ${p.refundInRange}) AS refunded
      FROM onecode_orders AS o
      CROSS JOIN LATERAL (
        SELECT coalesce(sum((l->'amount'->>'amount')::numeric), 0) AS lines_total
        FROM jsonb_array_elements(o.lines) AS l
      ) AS t
      CROSS JOIN LATERAL (
        SELECT l->>'productId' AS product_id, sum((l->'amount'->>'amount')::numeric) AS amount,
          sum((l->>'quantity')::bigint) AS units
        FROM jsonb_array_elements(o.lines) AS l
        GROUP BY l->>'productId'
      ) AS pr
      WHERE o.tenant_id = ${tenantId} AND (${created} OR ${paid} OR ${hasRefund})
    ) AS x
    GROUP BY x.product_id
    ORDER BY x.product_id COLLATE "C"
  `;
}

/**
 * {@link OrderRepository.statistics} in one statement: created, paid and
 * refund events of the tenant's orders in the range, found through the
 * indexes on `created_at`, `paid_at` and `last_refunded_at`, grouped by the
 * database. Local days are `AT TIME ZONE` the query's zone.
 */
export async function orderStatistics(
  db: Kysely<OneCodeDatabase>,
  tenantId: string,
  query: OrderStatisticsQuery,
): Promise<OrderStatisticsRow[]> {
  const statement =
    query.groupBy === "product" ? byProduct(tenantId, query) : byDayOrChannel(tenantId, query);
  const { rows } = await statement.execute(db);
  return rows.map(rowOf);
}
