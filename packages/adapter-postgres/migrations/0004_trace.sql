-- Trace module: trace batches and their package bindings, production lines
-- and tasks, the hash-chained ledger, the enterprise tree, staff, stock
-- documents with their items and every code's current holder, and consumer
-- scans with their per-code statistics, diversion alerts and inspection
-- reports.
--
-- Keys follow 0001: (tenant_id, id) with the "C" collation. References that
-- guard a delete are foreign keys ON DELETE RESTRICT, so a delete racing an
-- insert can never leave a dangling reference. The two hot tables (scans and
-- code holdings) carry no foreign keys: every row they get is written by one
-- repository statement that checks or locks what it references, and a per-row
-- key check would multiply the cost of the hottest writes.

CREATE TABLE onecode_trace_batches (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  batch_number text COLLATE "C" NOT NULL,
  merchant_id text COLLATE "C" NOT NULL,
  product_id text COLLATE "C" NOT NULL,
  -- Calendar dates as YYYY-MM-DD text: no time zone can shift them.
  production_date text COLLATE "C" NOT NULL,
  shelf_life_days integer,
  expiry_date text COLLATE "C",
  remark text NOT NULL,
  custom_fields jsonb NOT NULL,
  template jsonb NOT NULL,
  status text NOT NULL,
  code_count bigint NOT NULL,
  -- The seal: where it sits in the ledger, and the product as sealed.
  seal_sequence bigint,
  seal_hash text COLLATE "C",
  sealed_at timestamptz,
  sealed_product jsonb,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_trace_batches_pkey PRIMARY KEY (tenant_id, id),
  -- Also the exact-number filter of the list.
  CONSTRAINT onecode_trace_batches_number_key UNIQUE (tenant_id, batch_number),
  CONSTRAINT onecode_trace_batches_product_fkey FOREIGN KEY (tenant_id, product_id)
    REFERENCES onecode_products (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_trace_batches_status_check CHECK (status IN ('inactive', 'active', 'frozen')),
  CONSTRAINT onecode_trace_batches_dates_check CHECK (
    production_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
    AND (expiry_date IS NULL OR expiry_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
  ),
  CONSTRAINT onecode_trace_batches_code_count_check CHECK (code_count >= 0),
  CONSTRAINT onecode_trace_batches_seal_check CHECK (
    (seal_sequence IS NULL) = (seal_hash IS NULL)
    AND (seal_sequence IS NULL) = (sealed_at IS NULL)
  )
);

-- A product's batches newest first; also serves the foreign key check on product delete.
CREATE INDEX onecode_trace_batches_product_idx ON onecode_trace_batches (tenant_id, product_id, id);
-- A merchant's batches newest first. (merchant_id is the product's merchant; the product
-- key already keeps the merchant from being deleted.)
CREATE INDEX onecode_trace_batches_merchant_idx
  ON onecode_trace_batches (tenant_id, merchant_id, id);
CREATE INDEX onecode_trace_batches_status_idx ON onecode_trace_batches (tenant_id, status, id);

-- Which batch each package is bound to. The primary key is what makes a code
-- belong to at most one batch: a package has at most one row. position is the
-- binding order; code_count is the package's total when bound, so an unbind
-- subtracts exactly what the bind added.
CREATE TABLE onecode_trace_batch_packages (
  tenant_id text COLLATE "C" NOT NULL,
  package_id text COLLATE "C" NOT NULL,
  batch_id text COLLATE "C" NOT NULL,
  position bigint GENERATED ALWAYS AS IDENTITY,
  code_count bigint NOT NULL,
  bound_at timestamptz NOT NULL,
  CONSTRAINT onecode_trace_batch_packages_pkey PRIMARY KEY (tenant_id, package_id),
  CONSTRAINT onecode_trace_batch_packages_batch_fkey FOREIGN KEY (tenant_id, batch_id)
    REFERENCES onecode_trace_batches (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_trace_batch_packages_package_fkey FOREIGN KEY (tenant_id, package_id)
    REFERENCES onecode_code_packages (tenant_id, id) ON DELETE RESTRICT
);

-- A batch's packages in binding order; also serves the foreign key check on batch delete.
CREATE INDEX onecode_trace_batch_packages_batch_idx
  ON onecode_trace_batch_packages (tenant_id, batch_id, position);

CREATE TABLE onecode_production_lines (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  line_code text NOT NULL,
  workshop text NOT NULL,
  factory text NOT NULL,
  custom_fields jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_production_lines_pkey PRIMARY KEY (tenant_id, id)
);

-- line_snapshot is the line as it was when the task became effective.
CREATE TABLE onecode_production_tasks (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  batch_id text COLLATE "C" NOT NULL,
  line_id text COLLATE "C" NOT NULL,
  person_in_charge text NOT NULL,
  executed_at timestamptz NOT NULL,
  custom_fields jsonb NOT NULL,
  status text NOT NULL,
  line_snapshot jsonb,
  seal_sequence bigint,
  seal_hash text COLLATE "C",
  sealed_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_production_tasks_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_production_tasks_batch_fkey FOREIGN KEY (tenant_id, batch_id)
    REFERENCES onecode_trace_batches (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_production_tasks_line_fkey FOREIGN KEY (tenant_id, line_id)
    REFERENCES onecode_production_lines (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_production_tasks_status_check
    CHECK (status IN ('draft', 'effective', 'ineffective')),
  CONSTRAINT onecode_production_tasks_seal_check CHECK (
    (seal_sequence IS NULL) = (seal_hash IS NULL) AND (seal_sequence IS NULL) = (sealed_at IS NULL)
  )
);

-- A batch's (or line's) tasks newest first; also serve the foreign key checks of deletes.
CREATE INDEX onecode_production_tasks_batch_idx ON onecode_production_tasks (tenant_id, batch_id, id);
CREATE INDEX onecode_production_tasks_line_idx ON onecode_production_tasks (tenant_id, line_id, id);

-- The tenant's hash-chained ledger. The primary key makes concurrent appends
-- of one sequence number race on one key: exactly one wins.
CREATE TABLE onecode_ledger_entries (
  tenant_id text COLLATE "C" NOT NULL,
  sequence bigint NOT NULL,
  subject_kind text NOT NULL,
  subject_id text COLLATE "C" NOT NULL,
  content_hash text COLLATE "C" NOT NULL,
  previous_hash text COLLATE "C" NOT NULL,
  hash text COLLATE "C" NOT NULL,
  recorded_at timestamptz NOT NULL,
  anchor_id text,
  anchored_at timestamptz,
  CONSTRAINT onecode_ledger_entries_pkey PRIMARY KEY (tenant_id, sequence),
  CONSTRAINT onecode_ledger_entries_sequence_check CHECK (sequence >= 1),
  CONSTRAINT onecode_ledger_entries_subject_kind_check
    CHECK (subject_kind IN ('batch', 'production_task')),
  CONSTRAINT onecode_ledger_entries_anchor_check CHECK ((anchor_id IS NULL) = (anchored_at IS NULL))
);

-- The latest entry sealing a subject: a backward range scan.
CREATE INDEX onecode_ledger_entries_subject_idx
  ON onecode_ledger_entries (tenant_id, subject_kind, subject_id, sequence);
-- Schedulers: entries still waiting for an anchor receipt, oldest first, across tenants.
-- Small: an entry leaves it once anchored.
CREATE INDEX onecode_ledger_entries_unanchored_idx
  ON onecode_ledger_entries (recorded_at, tenant_id, sequence) WHERE anchor_id IS NULL;

-- The enterprise tree. ancestor_ids is the materialised path (root first,
-- parent last), so "is X below Y" and "every descendant of Y" are one
-- indexed lookup, and a subtree move is one statement. held_code_count is
-- kept by the stock moves, so a delete learns how many codes the enterprise
-- holds without an index on the (huge, hot) holdings table.
CREATE TABLE onecode_enterprises (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  parent_id text COLLATE "C",
  ancestor_ids text[] COLLATE "C" NOT NULL,
  name text NOT NULL,
  address text NOT NULL,
  sales_region text COLLATE "C" NOT NULL,
  social_credit_code text COLLATE "C",
  custom_fields jsonb NOT NULL,
  held_code_count bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_enterprises_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_enterprises_parent_fkey FOREIGN KEY (tenant_id, parent_id)
    REFERENCES onecode_enterprises (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_enterprises_path_check CHECK (
    (parent_id IS NULL) = (cardinality(ancestor_ids) = 0)
    AND (parent_id IS NULL OR ancestor_ids[cardinality(ancestor_ids)] = parent_id)
  ),
  CONSTRAINT onecode_enterprises_held_code_count_check CHECK (held_code_count >= 0)
);

-- Children (parent_id IS NULL: the roots) newest first; also serves the foreign key check.
CREATE INDEX onecode_enterprises_parent_idx ON onecode_enterprises (tenant_id, parent_id, id);
-- Descendants of an enterprise: ancestor_ids @> ARRAY[id] (ids are unique across tenants).
CREATE INDEX onecode_enterprises_ancestors_idx ON onecode_enterprises USING gin (ancestor_ids);

CREATE TABLE onecode_staff (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  login_name text COLLATE "C" NOT NULL,
  display_name text NOT NULL,
  roles text[] NOT NULL,
  enterprise_ids text[] COLLATE "C" NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_staff_pkey PRIMARY KEY (tenant_id, id)
);

-- Login names are unique per tenant ignoring case. They hold ASCII letters,
-- digits, '_' and CJK; lower() under "C" folds exactly the ASCII letters,
-- whatever the database's locale.
CREATE UNIQUE INDEX onecode_staff_login_key ON onecode_staff (tenant_id, lower(login_name));

CREATE TABLE onecode_stock_documents (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  number text NOT NULL,
  outbound_type text,
  inbound_type text,
  from_enterprise_id text COLLATE "C",
  to_enterprise_id text COLLATE "C",
  consumer_visible boolean NOT NULL,
  custom_fields jsonb NOT NULL,
  status text NOT NULL,
  code_count bigint NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_stock_documents_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_stock_documents_from_fkey FOREIGN KEY (tenant_id, from_enterprise_id)
    REFERENCES onecode_enterprises (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_stock_documents_to_fkey FOREIGN KEY (tenant_id, to_enterprise_id)
    REFERENCES onecode_enterprises (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_stock_documents_status_check CHECK (status IN ('open', 'closed')),
  CONSTRAINT onecode_stock_documents_code_count_check CHECK (code_count >= 0)
);

-- Documents naming an enterprise (either side) newest first; also serve the foreign key checks.
CREATE INDEX onecode_stock_documents_from_idx
  ON onecode_stock_documents (tenant_id, from_enterprise_id, id);
CREATE INDEX onecode_stock_documents_to_idx
  ON onecode_stock_documents (tenant_id, to_enterprise_id, id);

-- One operator scan into a document: a serial range of one package. position
-- is the scan order.
CREATE TABLE onecode_stock_document_items (
  tenant_id text COLLATE "C" NOT NULL,
  document_id text COLLATE "C" NOT NULL,
  position bigint GENERATED ALWAYS AS IDENTITY,
  package_id text COLLATE "C" NOT NULL,
  from_serial integer NOT NULL,
  to_serial integer NOT NULL,
  code text COLLATE "C" NOT NULL,
  scanned_by text NOT NULL,
  scanned_at timestamptz NOT NULL,
  CONSTRAINT onecode_stock_document_items_pkey PRIMARY KEY (tenant_id, document_id, position),
  CONSTRAINT onecode_stock_document_items_document_fkey FOREIGN KEY (tenant_id, document_id)
    REFERENCES onecode_stock_documents (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_stock_document_items_range_check
    CHECK (from_serial >= 1 AND from_serial <= to_serial)
);

-- Items covering (package, serial): a range scan over from_serial <= serial
-- that checks to_serial in the index itself (index-only where visible).
CREATE INDEX onecode_stock_document_items_package_idx
  ON onecode_stock_document_items (tenant_id, package_id, from_serial) INCLUDE (to_serial);

-- The current holder of every code that entered circulation: one row per
-- code, written by range. holder_id NULL means the code left circulation.
-- Moves update holder_id, document_id and since, none of them indexed, and
-- the free space fillfactor leaves lets those updates stay HOT (no index
-- writes). Fixed-width columns first: no alignment padding.
CREATE TABLE onecode_code_holdings (
  since timestamptz NOT NULL,
  serial integer NOT NULL,
  tenant_id text COLLATE "C" NOT NULL,
  package_id text COLLATE "C" NOT NULL,
  holder_id text COLLATE "C",
  document_id text COLLATE "C" NOT NULL,
  CONSTRAINT onecode_code_holdings_pkey PRIMARY KEY (tenant_id, package_id, serial)
) WITH (fillfactor = 80);

-- Every consumer scan, append-only and narrow: the hottest insert of the
-- module. verdict is 0 genuine, 1 unknown_code, 2 batch_inactive,
-- 3 suspicious. The primary key is also the only index: a code's scans
-- newest first (ids sort by time).
CREATE TABLE onecode_scans (
  scanned_at timestamptz NOT NULL,
  verdict smallint NOT NULL,
  tenant_id text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  region text COLLATE "C",
  visitor_id text COLLATE "C",
  user_id text COLLATE "C",
  CONSTRAINT onecode_scans_pkey PRIMARY KEY (tenant_id, code, id),
  CONSTRAINT onecode_scans_verdict_check CHECK (verdict BETWEEN 0 AND 3)
);

-- One row per scanned code, updated by every scan of it: count, the first
-- scan, and the first distinct visitors and regions up to the caps the
-- recorder is given (the suspicion threshold + 1), so the arrays stay tiny.
-- No index but the key, and room on the page: the updates stay HOT.
CREATE TABLE onecode_scan_stats (
  first_scanned_at timestamptz NOT NULL,
  count bigint NOT NULL,
  tenant_id text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  first_region text COLLATE "C",
  visitors text[] COLLATE "C" NOT NULL,
  regions text[] COLLATE "C" NOT NULL,
  CONSTRAINT onecode_scan_stats_pkey PRIMARY KEY (tenant_id, code),
  CONSTRAINT onecode_scan_stats_count_check CHECK (count >= 1)
) WITH (fillfactor = 70);

-- A diversion alert per (code, scan region) at most: the unique key
-- deduplicates concurrent detections, and serves the per-code filter.
CREATE TABLE onecode_diversion_alerts (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  scan_region text COLLATE "C" NOT NULL,
  expected_region text COLLATE "C" NOT NULL,
  enterprise_id text COLLATE "C" NOT NULL,
  scan_id text COLLATE "C" NOT NULL,
  detected_at timestamptz NOT NULL,
  CONSTRAINT onecode_diversion_alerts_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_diversion_alerts_code_region_key UNIQUE (tenant_id, code, scan_region)
);

-- An enterprise's alerts newest first.
CREATE INDEX onecode_diversion_alerts_enterprise_idx
  ON onecode_diversion_alerts (tenant_id, enterprise_id, id);

CREATE TABLE onecode_inspection_reports (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  inspector_id text COLLATE "C" NOT NULL,
  region text COLLATE "C",
  note text NOT NULL,
  photos text[] NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT onecode_inspection_reports_pkey PRIMARY KEY (tenant_id, id)
);

-- A code's (or an inspector's) reports newest first.
CREATE INDEX onecode_inspection_reports_code_idx
  ON onecode_inspection_reports (tenant_id, code, id);
CREATE INDEX onecode_inspection_reports_inspector_idx
  ON onecode_inspection_reports (tenant_id, inspector_id, id);
