// The SQL text of the scan group-commit write (see writeScanBatch in
// scan-batch-write.ts), kept apart from the code that groups scans and
// reads the results back.

/**
 * Per code (`g`, from JSON): its scans' count `k`, its first scan's time and
 * region, its distinct regions `r` in the batch (up to the threshold + 1),
 * its number of distinct visitors `nv` in the batch, the batch's first
 * visitor `fv` with its scans `fk`, and the suspicion threshold (`tv`,
 * `tr`); `$2`/`$3` the codes in lock order. Per code and visitor (`w`):
 * the visitor's scans `k` in the batch, its first-seen ordinal `o` and
 * the code's first batch visitor `fv` again. Per
 * scan (`x`): the row, and how many distinct visitors (`nv`) and regions
 * (`nr`) its code had in the batch up to and including it, from which its
 * verdict turns `suspicious`. Returns each code's statistics before the
 * statement (`visitor_id` NULL) and each batch visitor's scans of its code
 * before it (0: new to the code).
 *
 * A code's first visitor is counted inline in its statistics row
 * (`first_visitor`, `first_visitor_scans`); its other visitors in
 * `onecode_scan_visitors`.
 */
export const SCAN_BATCH_WRITE = `
  WITH g AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS g(
      t text, c text, k int, fa timestamptz, fr text, r text[], nv int, fv text, fk int,
      tv int, tr int
    )
  ), locked AS (
    -- One probe of the key per code (a LATERAL subquery with LIMIT is never flattened into a
    -- join), whatever the planner guesses of the batch's or the table's size: the generic
    -- plan of the prepared statement knows neither.
    SELECT s.tenant_id, s.code, s.count, s.first_scanned_at, s.first_region, s.first_visitor,
      s.first_visitor_scans, s.visitor_count, s.regions
    FROM unnest($2::text[], $3::text[]) AS k(tenant_id, code)
    CROSS JOIN LATERAL (
      SELECT * FROM onecode_scan_stats s
      WHERE s.tenant_id = k.tenant_id AND s.code = k.code
      LIMIT 1 FOR UPDATE
    ) s
  ), inserted AS (
    -- A code without statistics has no visitors yet: all its batch visitors are new.
    INSERT INTO onecode_scan_stats (
      first_scanned_at, count, tenant_id, code, first_region, first_visitor,
      first_visitor_scans, visitor_count, regions
    )
    SELECT g.fa, g.k, g.t, g.c, g.fr, g.fv, g.fk, g.nv, g.r FROM g
    WHERE NOT EXISTS (SELECT 1 FROM locked o WHERE o.tenant_id = g.t AND o.code = g.c)
    ON CONFLICT (tenant_id, code) DO NOTHING
    RETURNING tenant_id, code
  ), handled AS (
    SELECT tenant_id, code, count, first_scanned_at, first_region, first_visitor,
      first_visitor_scans, visitor_count, regions
    FROM locked
    UNION ALL
    SELECT tenant_id, code, 0, NULL, NULL, NULL, 0, 0, '{}'::text[] FROM inserted
  ), w AS (
    -- The batch visitors of the codes this statement holds, and each code's inline visitor
    -- after it: the one it had, else the batch's first.
    SELECT w.t, w.c, w.v, w.k, w.o, coalesce(h.first_visitor, w.fv) AS inline,
      CASE WHEN h.first_visitor IS NULL THEN 0 ELSE h.first_visitor_scans END AS inline_before
    FROM jsonb_to_recordset($5::jsonb) AS w(t text, c text, v text, k int, o int, fv text)
    JOIN handled h ON h.tenant_id = w.t AND h.code = w.c
  ), counted AS (
    INSERT INTO onecode_scan_visitors AS sv (count, tenant_id, code, visitor_id)
    SELECT w.k, w.t, w.c, w.v FROM w WHERE w.v <> w.inline
    ON CONFLICT (tenant_id, code, visitor_id) DO UPDATE SET count = sv.count + excluded.count
    RETURNING tenant_id, code, visitor_id, count
  ), seen AS (
    -- Each batch visitor's scans before the statement (0: new to the code), and per visitor
    -- ordinal how many of the code's first batch visitors were new.
    SELECT b.t, b.c, b.v, b.o, b.before,
      count(*) FILTER (WHERE b.before = 0) OVER (PARTITION BY b.t, b.c ORDER BY b.o) AS fresh
    FROM (
      SELECT w.t, w.c, w.v, w.o, n.count - w.k AS before
      FROM counted n JOIN w ON w.t = n.tenant_id AND w.c = n.code AND w.v = n.visitor_id
      UNION ALL
      SELECT w.t, w.c, w.v, w.o, w.inline_before FROM w WHERE w.v = w.inline
    ) b
  ), updated AS (
    UPDATE onecode_scan_stats s
    SET
      count = o.count + g.k,
      first_visitor = coalesce(o.first_visitor, g.fv),
      first_visitor_scans = o.first_visitor_scans + coalesce(
        (SELECT w.k FROM w WHERE w.t = o.tenant_id AND w.c = o.code AND w.v = w.inline), 0
      ),
      visitor_count = o.visitor_count + coalesce(
        (SELECT max(v.fresh) FROM seen v WHERE v.t = o.tenant_id AND v.c = o.code), 0
      ),
      regions = o.regions || ARRAY(
        SELECT u.x FROM unnest(g.r) WITH ORDINALITY AS u(x, n)
        WHERE u.x <> ALL(o.regions) ORDER BY u.n
        LIMIT greatest(g.tr + 1 - cardinality(o.regions), 0)
      )
    FROM locked o JOIN g ON g.t = o.tenant_id AND g.c = o.code
    WHERE s.tenant_id = o.tenant_id AND s.code = o.code
    RETURNING 1
  ), fresh_regions AS MATERIALIZED (
    -- Per code and batch region ordinal: how many of the first batch regions were new.
    -- Materialized: inlined into the join below it would be computed again for every scan.
    SELECT g.t, g.c, u.n,
      count(*) FILTER (WHERE u.x <> ALL(h.regions)) OVER (PARTITION BY g.t, g.c ORDER BY u.n)
        AS fresh
    FROM g JOIN handled h ON h.tenant_id = g.t AND h.code = g.c
    CROSS JOIN LATERAL unnest(g.r) WITH ORDINALITY AS u(x, n)
  ), recorded AS (
    INSERT INTO onecode_scans (
      scanned_at, verdict, tenant_id, code, id, region, visitor_id, user_id,
      declared_visitor_id, batch_id, product_id
    )
    SELECT
      x.at,
      CASE WHEN x.verdict = 0 AND (
        h.visitor_count + coalesce(v.fresh, 0) > g.tv
        OR cardinality(h.regions) + coalesce(r.fresh, 0) > g.tr
      ) THEN 3 ELSE x.verdict END,
      x.t, x.c, x.id, x.region, x.visitor, x.user, x.declared, x.batch, x.product
    FROM jsonb_to_recordset($4::jsonb) AS x(
      t text, c text, id text, at timestamptz, region text, visitor text, "user" text,
      declared text, batch text, product text, verdict smallint, nv int, nr int
    )
    JOIN handled h ON h.tenant_id = x.t AND h.code = x.c
    JOIN g ON g.t = x.t AND g.c = x.c
    LEFT JOIN seen v ON v.t = x.t AND v.c = x.c AND v.o = x.nv
    LEFT JOIN fresh_regions r ON r.t = x.t AND r.c = x.c AND r.n = x.nr
    RETURNING 1
  )
  SELECT tenant_id, code, NULL::text AS visitor_id, count, first_scanned_at, first_region,
    visitor_count, regions
  FROM handled
  UNION ALL
  SELECT t, c, v, before, NULL, NULL, NULL, NULL FROM seen`;

/** Whether a scan is stored: one probe of the primary key. */
export const SCAN_STORED = `
  SELECT 1 AS stored FROM onecode_scans WHERE tenant_id = $1 AND code = $2 AND id = $3`;

/**
 * Per entry (`$1` tenants, `$2` codes, `$3` visitors, in order): its code's
 * statistics row and its visitor's scans of the code (NULL: none), one
 * probe each.
 */
export const SCAN_STATS_NOW = `
  SELECT k.i, s.count, s.first_scanned_at, s.first_region, s.visitor_count, s.regions,
    CASE WHEN s.first_visitor = k.visitor_id THEN s.first_visitor_scans ELSE v.count END
      AS visitor_scans
  FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS k(tenant_id, code, visitor_id, i)
  CROSS JOIN LATERAL (
    SELECT * FROM onecode_scan_stats s
    WHERE s.tenant_id = k.tenant_id AND s.code = k.code
    LIMIT 1
  ) s
  LEFT JOIN LATERAL (
    SELECT v.count FROM onecode_scan_visitors v
    WHERE v.tenant_id = k.tenant_id AND v.code = k.code AND v.visitor_id = k.visitor_id
    LIMIT 1
  ) v ON true`;
