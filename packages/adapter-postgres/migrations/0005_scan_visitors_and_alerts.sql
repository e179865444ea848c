-- Consumer scans record what they resolved to and who declared what;
-- visitors' scans are counted exactly; count alerts (查询次数超限) with their
-- per-tenant settings and per-batch thresholds.
--
-- onecode_scans gains the visitor id the client declared (visitor_id is
-- now the visitor the scan counts for: a hash of the client address, so ids
-- declared by one address count as one visitor), and the trace batch and
-- product the code resolved to (NULL for unknown or unbound codes), so
-- per-batch and per-product statistics need no join through code
-- locations. No index comes with them: the table's only index stays its
-- primary key, the cheapest hottest insert. Rows recorded before this
-- migration keep NULL in all three.

ALTER TABLE onecode_scans
  ADD COLUMN declared_visitor_id text COLLATE "C",
  ADD COLUMN batch_id text COLLATE "C",
  ADD COLUMN product_id text COLLATE "C";

-- Every visitor's scans of every code, counted exactly: the per-visitor
-- count alert (查询次数超限) needs them, and a code's distinct visitors are
-- now counted exactly (visitor_count), no longer a list capped at the
-- suspicion threshold. Most codes are only ever scanned by one visitor, so
-- the statistics row keeps its first visitor and that visitor's scans
-- inline (first_visitor, first_visitor_scans) and onecode_scan_visitors
-- holds only the others: the common scan writes no row more than before.
-- The scan write changes both under the lock of the code's statistics row.
ALTER TABLE onecode_scan_stats
  ADD COLUMN first_visitor text COLLATE "C",
  ADD COLUMN first_visitor_scans bigint NOT NULL DEFAULT 0,
  ADD COLUMN visitor_count bigint NOT NULL DEFAULT 0;

CREATE TABLE onecode_scan_visitors (
  count bigint NOT NULL,
  tenant_id text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  visitor_id text COLLATE "C" NOT NULL,
  CONSTRAINT onecode_scan_visitors_pkey PRIMARY KEY (tenant_id, code, visitor_id),
  CONSTRAINT onecode_scan_visitors_count_check CHECK (count >= 1)
) WITH (fillfactor = 80);

-- From the recorded scans: each code's first visitor (the one of its
-- earliest scan; ids sort by time) inline, the others as rows.
WITH counts AS (
  SELECT tenant_id, code, visitor_id, count(*) AS n, min(id) AS first_id
  FROM onecode_scans
  WHERE visitor_id IS NOT NULL
  GROUP BY tenant_id, code, visitor_id
), ranked AS (
  SELECT tenant_id, code, visitor_id, n,
    row_number() OVER (PARTITION BY tenant_id, code ORDER BY first_id) AS rank,
    count(*) OVER (PARTITION BY tenant_id, code) AS visitors
  FROM counts
), inline AS (
  UPDATE onecode_scan_stats s
  SET first_visitor = r.visitor_id, first_visitor_scans = r.n, visitor_count = r.visitors
  FROM ranked r
  WHERE r.rank = 1 AND s.tenant_id = r.tenant_id AND s.code = r.code
  RETURNING 1
)
INSERT INTO onecode_scan_visitors (count, tenant_id, code, visitor_id)
SELECT n, tenant_id, code, visitor_id FROM ranked WHERE rank > 1;

ALTER TABLE onecode_scan_stats
  ALTER COLUMN first_visitor_scans DROP DEFAULT,
  ALTER COLUMN visitor_count DROP DEFAULT,
  DROP COLUMN visitors;

-- Count alerts: at most one per code and kind, the unique key deduplicating
-- concurrent detections; newest first per tenant by the primary key, per
-- batch by its own index.
CREATE TABLE onecode_scan_count_alerts (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  threshold integer NOT NULL,
  observed bigint NOT NULL,
  scan_count bigint NOT NULL,
  first_scanned_at timestamptz NOT NULL,
  first_region text COLLATE "C",
  visitor_id text COLLATE "C",
  scan_id text COLLATE "C" NOT NULL,
  batch_id text COLLATE "C" NOT NULL,
  detected_at timestamptz NOT NULL,
  CONSTRAINT onecode_scan_count_alerts_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_scan_count_alerts_code_kind_key UNIQUE (tenant_id, code, kind),
  CONSTRAINT onecode_scan_count_alerts_kind_check CHECK (kind IN ('visitor_scans', 'visitors'))
);

CREATE INDEX onecode_scan_count_alerts_batch_idx
  ON onecode_scan_count_alerts (tenant_id, batch_id, id);

-- A tenant's count-alert thresholds (NULL: off). A later tenant-settings
-- module may take this over.
CREATE TABLE onecode_scan_alert_settings (
  tenant_id text COLLATE "C" NOT NULL,
  visitor_scans integer,
  visitors integer,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_scan_alert_settings_pkey PRIMARY KEY (tenant_id),
  -- The upper bound is core's (SCAN_THRESHOLD_MAX), checked before any write.
  CONSTRAINT onecode_scan_alert_settings_range_check CHECK (visitor_scans >= 1 AND visitors >= 1)
);

-- A trace batch's own count-alert thresholds ({ visitorScans, visitors });
-- NULL: the tenant's settings apply.
ALTER TABLE onecode_trace_batches ADD COLUMN count_alert jsonb;
