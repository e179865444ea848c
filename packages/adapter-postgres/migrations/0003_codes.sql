-- Codes module: code rules, code packages (generation jobs and uploads), the
-- codes themselves, the staging area of uploads, and print orders.
--
-- Keys follow 0001: (tenant_id, id) with the "C" collation. Deletes of
-- merchants, products and rules are RESTRICTed by the packages and rules that
-- reference them, so a delete racing an insert can never leave a dangling
-- reference (the insert holds a key-share lock on what it references).

CREATE TABLE onecode_code_rules (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  merchant_id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  mode text NOT NULL,
  segments jsonb NOT NULL,
  length smallint NOT NULL,
  serials boolean NOT NULL,
  enabled boolean NOT NULL,
  -- The one sequence segment's next unreserved value and its (inclusive) end;
  -- both NULL when the rule has no sequence segment.
  sequence_next bigint,
  sequence_end bigint,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_code_rules_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_code_rules_merchant_fkey FOREIGN KEY (tenant_id, merchant_id)
    REFERENCES onecode_merchants (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_code_rules_mode_check CHECK (mode IN ('quick', 'custom')),
  CONSTRAINT onecode_code_rules_sequence_check CHECK (
    (sequence_next IS NULL) = (sequence_end IS NULL)
    AND (sequence_next IS NULL OR sequence_next <= sequence_end + 1)
  )
);

-- A merchant's rules newest first; also serves the foreign key check on merchant delete.
CREATE INDEX onecode_code_rules_merchant_idx ON onecode_code_rules (tenant_id, merchant_id, id);

-- rules (per level) are the three *_rule_id columns, each a foreign key;
-- item_rule_id is set exactly for generated packages. done advances with
-- every chunk; no index covers it or updated_at, so those updates stay HOT.
CREATE TABLE onecode_code_packages (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  merchant_id text COLLATE "C" NOT NULL,
  product_id text COLLATE "C",
  source text NOT NULL,
  code_type text NOT NULL,
  ratio jsonb,
  associated boolean NOT NULL,
  item_rule_id text COLLATE "C",
  middle_rule_id text COLLATE "C",
  outer_rule_id text COLLATE "C",
  quantity integer NOT NULL,
  total integer NOT NULL,
  done integer NOT NULL,
  status text NOT NULL,
  failure_reason text,
  has_serials boolean NOT NULL,
  reserved_sequences jsonb NOT NULL,
  file_name text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  finished_at timestamptz,
  CONSTRAINT onecode_code_packages_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_code_packages_merchant_fkey FOREIGN KEY (tenant_id, merchant_id)
    REFERENCES onecode_merchants (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_code_packages_product_fkey FOREIGN KEY (tenant_id, product_id)
    REFERENCES onecode_products (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_code_packages_item_rule_fkey FOREIGN KEY (tenant_id, item_rule_id)
    REFERENCES onecode_code_rules (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_code_packages_middle_rule_fkey FOREIGN KEY (tenant_id, middle_rule_id)
    REFERENCES onecode_code_rules (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_code_packages_outer_rule_fkey FOREIGN KEY (tenant_id, outer_rule_id)
    REFERENCES onecode_code_rules (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_code_packages_source_check CHECK (source IN ('generated', 'uploaded')),
  CONSTRAINT onecode_code_packages_code_type_check
    CHECK (code_type IN ('single', 'two-level', 'three-level')),
  CONSTRAINT onecode_code_packages_status_check CHECK (
    status IN ('queued', 'running', 'succeeded', 'failed', 'validating', 'rejected')
  ),
  CONSTRAINT onecode_code_packages_rules_check CHECK (
    (source = 'generated') = (item_rule_id IS NOT NULL)
    AND (item_rule_id IS NOT NULL OR (middle_rule_id IS NULL AND outer_rule_id IS NULL))
  ),
  CONSTRAINT onecode_code_packages_done_check CHECK (done >= 0 AND done <= total)
) WITH (fillfactor = 90);

-- A merchant's packages newest first; also serves the foreign key check on merchant delete.
CREATE INDEX onecode_code_packages_merchant_idx
  ON onecode_code_packages (tenant_id, merchant_id, id);
-- A tenant's packages of one status newest first.
CREATE INDEX onecode_code_packages_status_idx ON onecode_code_packages (tenant_id, status, id);
-- Schedulers: unfinished generation jobs of every tenant, oldest first. Small:
-- a package leaves it when it finishes.
CREATE INDEX onecode_code_packages_unfinished_idx ON onecode_code_packages (created_at, tenant_id, id)
  WHERE status IN ('queued', 'running');
-- The foreign key checks of product and rule deletes, and the rule's in-use count.
CREATE INDEX onecode_code_packages_product_idx ON onecode_code_packages (tenant_id, product_id)
  WHERE product_id IS NOT NULL;
CREATE INDEX onecode_code_packages_item_rule_idx ON onecode_code_packages (tenant_id, item_rule_id)
  WHERE item_rule_id IS NOT NULL;
CREATE INDEX onecode_code_packages_middle_rule_idx
  ON onecode_code_packages (tenant_id, middle_rule_id) WHERE middle_rule_id IS NOT NULL;
CREATE INDEX onecode_code_packages_outer_rule_idx ON onecode_code_packages (tenant_id, outer_rule_id)
  WHERE outer_rule_id IS NOT NULL;

-- Every code of every package: millions of rows, so kept narrow. Fixed-width
-- columns come first (no alignment padding); level is 0 item, 1 outer,
-- 2 middle, 3 inner. There is deliberately no foreign key to the package:
-- rows are only written by the chunk and upload statements, which hold the
-- package row locked, and a per-row key check would slow bulk COPY down.
CREATE TABLE onecode_codes (
  serial integer NOT NULL,
  parent_serial integer,
  level smallint NOT NULL,
  tenant_id text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  package_id text COLLATE "C" NOT NULL,
  url text,
  -- Codes are unique across the tenant, forever.
  CONSTRAINT onecode_codes_pkey PRIMARY KEY (tenant_id, code),
  -- A package's codes in serial order: an index range scan per page.
  CONSTRAINT onecode_codes_package_serial_key UNIQUE (tenant_id, package_id, serial),
  CONSTRAINT onecode_codes_serial_check CHECK (serial > 0),
  CONSTRAINT onecode_codes_level_check CHECK (level BETWEEN 0 AND 3)
);

-- The lines of an upload that passed the per-line checks, until the upload is
-- committed (moved into onecode_codes) or discarded.
CREATE TABLE onecode_code_upload_staging (
  tenant_id text COLLATE "C" NOT NULL,
  package_id text COLLATE "C" NOT NULL,
  line integer NOT NULL,
  code text COLLATE "C" NOT NULL,
  url text NOT NULL,
  -- A file may not repeat a code; the first line that has it is staged.
  CONSTRAINT onecode_code_upload_staging_pkey PRIMARY KEY (tenant_id, package_id, code)
);

CREATE TABLE onecode_print_orders (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  package_ids text[] COLLATE "C" NOT NULL,
  finish text NOT NULL,
  recipient jsonb NOT NULL,
  quote jsonb NOT NULL,
  status text NOT NULL,
  tracking_number text,
  courier text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_print_orders_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_print_orders_finish_check CHECK (finish IN ('plain', 'scratch')),
  CONSTRAINT onecode_print_orders_status_check CHECK (status IN ('pending', 'printing', 'shipped'))
);

-- A tenant's orders of one status newest first (unfiltered lists walk the primary key).
CREATE INDEX onecode_print_orders_status_idx ON onecode_print_orders (tenant_id, status, id);
