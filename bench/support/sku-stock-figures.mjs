// The orders benchmark's figures, read straight from the database: what the
// stock reservations of one SKU took and gave back, and the stock left.

/**
 * Reads, with the pg `client`, SKU `skuId` of tenant `tenantId`: `sold`
 * (units of every reservation ever taken for it: held, committed or
 * released), `returned` (units of released reservations), `stock_left`
 * (onecode_skus.stock), and `reservations` (how many rows hold it). The
 * reservation lines are jsonb `[{ skuId, quantity }]`.
 */
export async function skuStockFigures(client, tenantId, skuId) {
  // One statement, so one snapshot: a release committing meanwhile shows in
  // both the reservations and the stock, or in neither.
  const { rows } = await client.query(
    `SELECT s.stock::bigint AS stock_left, taken.reservations, taken.sold, taken.returned
       FROM onecode_skus s
       CROSS JOIN (
         SELECT count(DISTINCT r.id)::int AS reservations,
                coalesce(sum((line->>'quantity')::bigint), 0)::bigint AS sold,
                coalesce(sum((line->>'quantity')::bigint) FILTER (WHERE r.status = 'released'), 0)::bigint
                  AS returned
           FROM onecode_sku_reservations r
           CROSS JOIN LATERAL jsonb_array_elements(r.lines) AS line
          WHERE r.tenant_id = $1 AND line->>'skuId' = $2
       ) AS taken
      WHERE s.tenant_id = $1 AND s.id = $2`,
    [tenantId, skuId],
  );
  if (rows.length === 0) throw new Error(`no SKU ${skuId} of tenant ${tenantId} in onecode_skus`);
  const [row] = rows;
  return {
    reservations: row.reservations,
    sold: Number(row.sold),
    returned: Number(row.returned),
    stock_left: Number(row.stock_left),
  };
}

/**
 * The checks on one SKU's figures that started with `initialStock` units:
 * `oversold` = units sold beyond the stock (sold − returned − initial, when
 * positive) plus any negative stock; `conserved` = sold + stock_left equals
 * initial + returned (every unit is either still in stock or sold and not
 * given back).
 */
export function stockChecks({ sold, returned, stock_left }, initialStock) {
  const oversold = Math.max(0, sold - returned - initialStock) + Math.max(0, -stock_left);
  return { oversold, conserved: sold + stock_left === initialStock + returned };
}
