// The SQL texts of the scan group-commit write (see writeScanBatch in
// scan-batch-write.ts), kept apart from the code that groups scans and
// reads the results back.

/**
 * The part both writes share: the statistics rows as they stood before the
 * statement (`handled`: updated codes with their old values, inserted codes
 * with none), then the start of the scans' insert, whose verdict and rows
 * each statement computes from its own per-scan input `x`.
 */
const HANDLED_THEN_RECORD = `), handled AS (
    SELECT tenant_id, code, count, first_scanned_at, first_region, visitors, regions FROM updated
    UNION ALL
    SELECT tenant_id, code, 0, NULL, NULL, '{}'::text[], '{}'::text[] FROM inserted
  ), recorded AS (
    INSERT INTO onecode_scans (
      scanned_at, verdict, tenant_id, code, id, region, visitor_id, user_id
    )
    SELECT
      x.at,`;

/**
 * The batch write when every code's scans in the batch carry at most one
 * distinct visitor and one distinct region (nearly always: a batch seldom
 * holds two scans of one code): arrays in, no per-row subqueries, so it is
 * cheap to plan and to run. Per code (`g`): its scans' count `k`, its first
 * scan's time and region, its one visitor `v` and region `r` (or NULL) and
 * its caps. Per scan (`x`): the row, and the visitor / region its code had
 * in the batch up to and including it (`pv`, `pr`).
 */
export const SIMPLE_WRITE = `
  WITH g AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::text[],
      $6::text[], $7::text[], $8::int[], $9::int[]) AS g(t, c, k, fa, fr, v, r, cv, cr)
  ), locked AS (
    SELECT s.tenant_id, s.code, s.count, s.first_scanned_at, s.first_region, s.visitors, s.regions
    FROM g JOIN onecode_scan_stats s ON s.tenant_id = g.t AND s.code = g.c
    FOR UPDATE OF s
  ), updated AS (
    UPDATE onecode_scan_stats s
    SET
      count = o.count + g.k,
      visitors = CASE WHEN g.v IS NULL OR g.v = ANY(o.visitors) OR cardinality(o.visitors) >= g.cv
        THEN o.visitors ELSE o.visitors || g.v END,
      regions = CASE WHEN g.r IS NULL OR g.r = ANY(o.regions) OR cardinality(o.regions) >= g.cr
        THEN o.regions ELSE o.regions || g.r END
    FROM locked o JOIN g ON g.t = o.tenant_id AND g.c = o.code
    WHERE s.tenant_id = o.tenant_id AND s.code = o.code
    RETURNING o.tenant_id, o.code, o.count, o.first_scanned_at, o.first_region, o.visitors,
      o.regions
  ), inserted AS (
    INSERT INTO onecode_scan_stats (
      first_scanned_at, count, tenant_id, code, first_region, visitors, regions
    )
    SELECT g.fa, g.k, g.t, g.c, g.fr,
      CASE WHEN g.v IS NULL THEN '{}'::text[] ELSE ARRAY[g.v] END,
      CASE WHEN g.r IS NULL THEN '{}'::text[] ELSE ARRAY[g.r] END
    FROM g
    WHERE NOT EXISTS (SELECT 1 FROM locked o WHERE o.tenant_id = g.t AND o.code = g.c)
    ON CONFLICT (tenant_id, code) DO NOTHING
    RETURNING tenant_id, code
  ${HANDLED_THEN_RECORD}
      CASE WHEN x.verdict = 0 AND (
        cardinality(h.visitors) + (x.pv IS NOT NULL AND x.pv <> ALL(h.visitors))::int >= x.cv
        OR cardinality(h.regions) + (x.pr IS NOT NULL AND x.pr <> ALL(h.regions))::int >= x.cr
      ) THEN 3 ELSE x.verdict END,
      x.t, x.c, x.id, x.region, x.visitor, x.u
    FROM unnest($10::text[], $11::text[], $12::text[], $13::timestamptz[], $14::text[],
      $15::text[], $16::text[], $17::smallint[], $18::text[], $19::text[], $20::int[],
      $21::int[]) AS x(t, c, id, at, region, visitor, u, verdict, pv, pr, cv, cr)
    JOIN handled h ON h.tenant_id = x.t AND h.code = x.c
    RETURNING 1
  )
  -- recorded runs to completion although nothing reads it, as every data-modifying WITH does.
  SELECT * FROM handled`;

/**
 * The batch write for any batch, as {@link SIMPLE_WRITE} but with each
 * code's distinct visitors and regions (and each scan's prefix of them) as
 * arrays, merged up to the caps by per-row subqueries.
 */
export const GENERAL_WRITE = `
  WITH g AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS g(
      t text, c text, k int, fa timestamptz, fr text, v text[], r text[], cv int, cr int
    )
  ), locked AS (
    -- One probe of the key per code, whatever the planner guesses of the batch's size (a
    -- prepared statement's generic plan does not know it); two ANY() conditions would
    -- probe by tenant alone and read every row of the tenant.
    SELECT s.tenant_id, s.code, s.count, s.first_scanned_at, s.first_region, s.visitors, s.regions
    FROM unnest($2::text[], $3::text[]) AS k(tenant_id, code)
    JOIN onecode_scan_stats s ON s.tenant_id = k.tenant_id AND s.code = k.code
    FOR UPDATE OF s
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
  ${HANDLED_THEN_RECORD}
      CASE WHEN x.verdict = 0 AND (
        cardinality(h.visitors)
          + (SELECT count(*) FROM unnest(x.pv) AS y WHERE y <> ALL(h.visitors)) >= x.cv
        OR cardinality(h.regions)
          + (SELECT count(*) FROM unnest(x.pr) AS y WHERE y <> ALL(h.regions)) >= x.cr
      ) THEN 3 ELSE x.verdict END,
      x.t, x.c, x.id, x.region, x.visitor, x.user
    FROM jsonb_to_recordset($4::jsonb) AS x(
      t text, c text, id text, at timestamptz, region text, visitor text, "user" text,
      verdict smallint, pv text[], pr text[], cv int, cr int
    )
    JOIN handled h ON h.tenant_id = x.t AND h.code = x.c
    RETURNING 1
  )
  SELECT * FROM handled`;
