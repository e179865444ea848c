-- Per-code lifecycle: void, recall and destruction records per serial range;
-- unpacking (拆箱) and re-packing (换箱) of associated packages, with their
-- history; the per-package versions that consumer scans and stock moves
-- check; and scan verdicts 4 (void) and 5 (destroyed).

-- One row per void, recall or destruction of a serial range of one package:
-- a recall of a million codes is one row. restored_at marks a void or recall
-- lifted; destruction rows are never restored.
CREATE TABLE onecode_code_lifecycle_entries (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  kind text NOT NULL,
  reason text,
  note text NOT NULL,
  consumer_message text,
  package_id text COLLATE "C" NOT NULL,
  from_serial integer NOT NULL,
  to_serial integer NOT NULL,
  code text COLLATE "C",
  document_id text COLLATE "C",
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  restored_by text,
  restored_at timestamptz,
  CONSTRAINT onecode_code_lifecycle_entries_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_code_lifecycle_entries_package_fkey FOREIGN KEY (tenant_id, package_id)
    REFERENCES onecode_code_packages (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_code_lifecycle_entries_kind_check
    CHECK (kind IN ('void', 'recall', 'destroyed')),
  CONSTRAINT onecode_code_lifecycle_entries_range_check
    CHECK (from_serial >= 1 AND from_serial <= to_serial),
  CONSTRAINT onecode_code_lifecycle_entries_destroyed_check CHECK (
    (kind = 'destroyed') = (document_id IS NOT NULL)
    AND (kind = 'destroyed') = (reason IS NULL)
    AND (kind <> 'destroyed' OR restored_at IS NULL)
  ),
  CONSTRAINT onecode_code_lifecycle_entries_restored_check
    CHECK ((restored_by IS NULL) = (restored_at IS NULL))
);

-- What a code scans as: the active entries whose range covers (package,
-- serial), a range scan over from_serial <= serial checking to_serial and
-- kind in the index itself. Restored entries leave it.
CREATE INDEX onecode_code_lifecycle_entries_covering_idx
  ON onecode_code_lifecycle_entries (tenant_id, package_id, from_serial)
  INCLUDE (to_serial, kind) WHERE restored_at IS NULL;
-- A void or recall is idempotent: one active entry per kind and exact range,
-- so concurrent identical requests store one row.
CREATE UNIQUE INDEX onecode_code_lifecycle_entries_active_key
  ON onecode_code_lifecycle_entries (tenant_id, package_id, from_serial, to_serial, kind)
  WHERE restored_at IS NULL AND kind <> 'destroyed';
-- Listings newest first: all, by kind, by package.
CREATE INDEX onecode_code_lifecycle_entries_kind_idx
  ON onecode_code_lifecycle_entries (tenant_id, kind, id);
CREATE INDEX onecode_code_lifecycle_entries_package_idx
  ON onecode_code_lifecycle_entries (tenant_id, package_id, id);

-- Per package, only once something changed: status_version grows with every
-- void, recall, restore or destruction of its codes (scans check remembered
-- statuses against it), aggregation_version with every unpack or re-pack
-- (stock moves of a packaging code check the contents they read against it).
CREATE TABLE onecode_code_package_versions (
  tenant_id text COLLATE "C" NOT NULL,
  package_id text COLLATE "C" NOT NULL,
  status_version bigint NOT NULL DEFAULT 0,
  aggregation_version bigint NOT NULL DEFAULT 0,
  CONSTRAINT onecode_code_package_versions_pkey PRIMARY KEY (tenant_id, package_id),
  CONSTRAINT onecode_code_package_versions_package_fkey FOREIGN KEY (tenant_id, package_id)
    REFERENCES onecode_code_packages (tenant_id, id) ON DELETE RESTRICT
);

-- Codes whose current parent is not the one the package layout gives them:
-- parent_serial NULL after unpacking, the new parent after re-packing. A
-- code back under its layout parent loses its row, so untouched units have
-- none and a stock move of one reads nothing here.
CREATE TABLE onecode_code_parent_links (
  tenant_id text COLLATE "C" NOT NULL,
  package_id text COLLATE "C" NOT NULL,
  serial integer NOT NULL,
  parent_serial integer,
  CONSTRAINT onecode_code_parent_links_pkey PRIMARY KEY (tenant_id, package_id, serial)
);

-- Codes re-packed into a parent.
CREATE INDEX onecode_code_parent_links_parent_idx
  ON onecode_code_parent_links (tenant_id, package_id, parent_serial)
  WHERE parent_serial IS NOT NULL;

-- The aggregation history: children (a serial segment) left or joined a
-- packaging code. Ids sort in the order changes were made.
CREATE TABLE onecode_aggregation_changes (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  operation_id text COLLATE "C" NOT NULL,
  action text NOT NULL,
  package_id text COLLATE "C" NOT NULL,
  parent_serial integer NOT NULL,
  parent_code text COLLATE "C" NOT NULL,
  from_serial integer NOT NULL,
  to_serial integer NOT NULL,
  document_id text COLLATE "C",
  note text NOT NULL,
  actor_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  CONSTRAINT onecode_aggregation_changes_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_aggregation_changes_action_check CHECK (action IN ('unpack', 'pack')),
  CONSTRAINT onecode_aggregation_changes_range_check
    CHECK (from_serial >= 1 AND from_serial <= to_serial)
);

-- A package's history in order (EPCIS export); a code's history as parent.
CREATE INDEX onecode_aggregation_changes_package_idx
  ON onecode_aggregation_changes (tenant_id, package_id, id);
CREATE INDEX onecode_aggregation_changes_parent_idx
  ON onecode_aggregation_changes (tenant_id, package_id, parent_serial);
-- A code's history as a child: a range scan over from_serial <= serial.
CREATE INDEX onecode_aggregation_changes_children_idx
  ON onecode_aggregation_changes (tenant_id, package_id, from_serial) INCLUDE (to_serial);

-- Codes destroyed before this migration: one destroyed entry per item of a
-- destruction document, with an id in the format of the id port (10
-- base-32 digits of the scan's milliseconds, 16 of the item's position), so
-- they sort by time among the entries made later.
INSERT INTO onecode_code_lifecycle_entries (
  tenant_id, id, kind, reason, note, consumer_message, package_id, from_serial, to_serial,
  code, document_id, created_by, created_at
)
SELECT i.tenant_id,
  'lcy_' || (
    SELECT string_agg(
      substr('0123456789abcdefghjkmnpqrstvwxyz',
        CASE WHEN d.shift >= 64 THEN 1 ELSE ((d.value >> d.shift) & 31)::int + 1 END, 1),
      '' ORDER BY d.k)
    FROM (
      SELECT k, floor(extract(epoch FROM i.scanned_at) * 1000)::bigint AS value, 5 * (9 - k) AS shift
      FROM generate_series(0, 9) AS k
      UNION ALL
      SELECT 10 + k, i.position, 5 * (15 - k) FROM generate_series(0, 15) AS k
    ) AS d
  ),
  'destroyed', NULL, '', NULL, i.package_id, i.from_serial, i.to_serial,
  i.code, i.document_id, i.scanned_by, i.scanned_at
FROM onecode_stock_document_items i
JOIN onecode_stock_documents s ON s.tenant_id = i.tenant_id AND s.id = i.document_id
WHERE s.outbound_type = 'destruction';

INSERT INTO onecode_code_package_versions (tenant_id, package_id, status_version)
SELECT tenant_id, package_id, count(*) FROM onecode_code_lifecycle_entries
GROUP BY tenant_id, package_id;

-- Scan verdicts 0 genuine, 1 unknown_code, 2 batch_inactive, 3 suspicious,
-- 4 void, 5 destroyed. Every stored row satisfies the old, narrower check,
-- so the new one is added without re-reading the (large) table.
ALTER TABLE onecode_scans DROP CONSTRAINT IF EXISTS onecode_scans_verdict_check;
ALTER TABLE onecode_scans ADD CONSTRAINT onecode_scans_verdict_check
  CHECK (verdict BETWEEN 0 AND 5) NOT VALID;
