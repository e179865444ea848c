// The SQL text of the scan group-commit write (see writeScanBatch in
// scan-batch-write.ts), kept apart from the code that groups scans and
// reads the results back.

/**
 * Per code (`g`, from JSON): its scans' count `k`, its first scan's time and
 * region, its distinct visitors `v` and regions `r` in the batch and its
 * caps; the stats row is locked, then updated (visitors and regions merged
 * up to the caps) or inserted. Per scan (`x`, from JSON): the row, and the
 * distinct visitors / regions its code had in the batch up to and including
 * it (`pv`, `pr`), from which its verdict turns `suspicious` at a cap.
 */
export const SCAN_BATCH_WRITE = `
  WITH g AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS g(
      t text, c text, k int, fa timestamptz, fr text, v text[], r text[], cv int, cr int
    )
  ), locked AS (
    -- One probe of the key per code (a LATERAL subquery with LIMIT is never flattened into a
    -- join), whatever the planner guesses of the batch's or the table's size: the generic
    -- plan of the prepared statement knows neither.
    SELECT s.tenant_id, s.code, s.count, s.first_scanned_at, s.first_region,
      s.visitors, s.regions
    FROM unnest($2::text[], $3::text[]) AS k(tenant_id, code)
    CROSS JOIN LATERAL (
      SELECT * FROM onecode_scan_stats s
      WHERE s.tenant_id = k.tenant_id AND s.code = k.code
      LIMIT 1 FOR UPDATE
    ) s
  ), updated AS (
    UPDATE onecode_scan_stats s
    SET
      count = o.count + g.k,
      visitors = o.visitors || ARRAY(
        SELECT u.x FROM unnest(g.v) WITH ORDINALITY AS u(x, n)
        WHERE u.x <> ALL(o.visitors) ORDER BY u.n
        LIMIT greatest(g.cv - cardinality(o.visitors), 0)
      ),
      regions = o.regions || ARRAY(
        SELECT u.x FROM unnest(g.r) WITH ORDINALITY AS u(x, n)
        WHERE u.x <> ALL(o.regions) ORDER BY u.n
        LIMIT greatest(g.cr - cardinality(o.regions), 0)
      )
    FROM locked o JOIN g ON g.t = o.tenant_id AND g.c = o.code
    WHERE s.tenant_id = o.tenant_id AND s.code = o.code
    RETURNING o.tenant_id, o.code, o.count, o.first_scanned_at, o.first_region, o.visitors,
      o.regions
  ), inserted AS (
    INSERT INTO onecode_scan_stats (
      first_scanned_at, count, tenant_id, code, first_region, visitors, regions
    )
    SELECT g.fa, g.k, g.t, g.c, g.fr, g.v, g.r FROM g
    WHERE NOT EXISTS (SELECT 1 FROM locked o WHERE o.tenant_id = g.t AND o.code = g.c)
    ON CONFLICT (tenant_id, code) DO NOTHING
    RETURNING tenant_id, code
  ), handled AS (
    SELECT tenant_id, code, count, first_scanned_at, first_region, visitors, regions FROM updated
    UNION ALL
    SELECT tenant_id, code, 0, NULL, NULL, '{}'::text[], '{}'::text[] FROM inserted
  ), recorded AS (
    INSERT INTO onecode_scans (
      scanned_at, verdict, tenant_id, code, id, region, visitor_id, user_id,
      declared_visitor_id, batch_id, product_id
    )
    SELECT
      x.at,
      CASE WHEN x.verdict = 0 AND (
        cardinality(h.visitors)
          + (SELECT count(*) FROM unnest(x.pv) AS y WHERE y <> ALL(h.visitors)) >= x.cv
        OR cardinality(h.regions)
          + (SELECT count(*) FROM unnest(x.pr) AS y WHERE y <> ALL(h.regions)) >= x.cr
      ) THEN 3 ELSE x.verdict END,
      x.t, x.c, x.id, x.region, x.visitor, x.user, x.declared, x.batch, x.product
    FROM jsonb_to_recordset($4::jsonb) AS x(
      t text, c text, id text, at timestamptz, region text, visitor text, "user" text,
      declared text, batch text, product text, verdict smallint, pv text[], pr text[],
      cv int, cr int
    )
    JOIN handled h ON h.tenant_id = x.t AND h.code = x.c
    RETURNING 1
  )
  SELECT * FROM handled`;

/** Whether a scan is stored: one probe of the primary key. */
export const SCAN_STORED = `
  SELECT 1 AS stored FROM onecode_scans WHERE tenant_id = $1 AND code = $2 AND id = $3`;

/** The statistics rows of the given codes (`$1` tenants, `$2` codes), one probe per code. */
export const SCAN_STATS_NOW = `
  SELECT s.tenant_id, s.code, s.count, s.first_scanned_at, s.first_region, s.visitors, s.regions
  FROM unnest($1::text[], $2::text[]) AS k(tenant_id, code)
  CROSS JOIN LATERAL (
    SELECT * FROM onecode_scan_stats s
    WHERE s.tenant_id = k.tenant_id AND s.code = k.code
    LIMIT 1
  ) s`;
