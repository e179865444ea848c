-- Catalog module: merchants and their products.
--
-- Every table is partitioned by tenant_id and keyed by (tenant_id, id). Id and
-- tenant columns use the "C" collation so that byte order, which is the
-- creation order of OneCode's ULID-style ids, is also the sort order of the
-- indexes, independent of the database's default collation.

CREATE TABLE onecode_merchants (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  remark text NOT NULL,
  code_source text NOT NULL,
  url_prefixes text[] NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_merchants_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_merchants_code_source_check CHECK (code_source IN ('platform', 'external'))
);
-- Listing merchants newest first walks the primary key backwards: no extra index.

CREATE TABLE onecode_products (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  merchant_id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  images text[] NOT NULL,
  specification text NOT NULL,
  description text NOT NULL,
  gtin text COLLATE "C",
  bound_code_count bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_products_pkey PRIMARY KEY (tenant_id, id),
  -- The database, not application code, guarantees that a merchant delete
  -- racing product inserts can never leave a product without its merchant.
  CONSTRAINT onecode_products_merchant_fkey FOREIGN KEY (tenant_id, merchant_id)
    REFERENCES onecode_merchants (tenant_id, id) ON DELETE RESTRICT,
  CONSTRAINT onecode_products_bound_code_count_check CHECK (bound_code_count >= 0)
);

-- A merchant's products newest first; also serves the foreign key check on merchant delete.
CREATE INDEX onecode_products_merchant_idx ON onecode_products (tenant_id, merchant_id, id);

-- A GTIN identifies one product within a tenant; products without one are not constrained.
CREATE UNIQUE INDEX onecode_products_gtin_key ON onecode_products (tenant_id, gtin)
  WHERE gtin IS NOT NULL;
