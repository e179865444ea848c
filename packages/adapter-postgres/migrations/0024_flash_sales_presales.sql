-- Flash sales (秒杀) and presales (预售): one row per sale, the kind telling
-- which. Items and terms (payment window and reminder, or delivery rule) are
-- JSON; `sku_ids` repeats the items' SKUs for the overlap check. Inserts take
-- a per-tenant advisory lock, check the overlap and insert in one
-- transaction, so two overlapping sales never both get in.
CREATE TABLE onecode_timed_sales (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  name text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  sku_ids text[] COLLATE "C" NOT NULL,
  items jsonb NOT NULL,
  terms jsonb NOT NULL,
  stopped_at timestamptz,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_timed_sales_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_timed_sales_kind_check CHECK (kind IN ('flash_sale', 'presale')),
  CONSTRAINT onecode_timed_sales_window_check CHECK (ends_at > starts_at)
);

-- Running and overlapping sales of a tenant are found by window.
CREATE INDEX onecode_timed_sales_window_idx
  ON onecode_timed_sales (tenant_id, kind, ends_at, starts_at);

-- What each order took from a sale through a hot-state gate (with the
-- gate's receipt), so closing it unpaid gives the units back once.
CREATE TABLE onecode_sale_takes (
  tenant_id text COLLATE "C" NOT NULL,
  order_id text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  sale_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  items jsonb NOT NULL,
  receipt jsonb NOT NULL,
  terms jsonb NOT NULL,
  returned_at timestamptz,
  created_at timestamptz NOT NULL,
  CONSTRAINT onecode_sale_takes_pkey PRIMARY KEY (tenant_id, order_id, kind, sale_id),
  CONSTRAINT onecode_sale_takes_kind_check CHECK (kind IN ('flash_sale', 'presale'))
);

-- Customers asking for an SMS before a flash sale starts.
CREATE TABLE onecode_flash_sale_reminders (
  tenant_id text COLLATE "C" NOT NULL,
  sale_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  phone text NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT onecode_flash_sale_reminders_pkey PRIMARY KEY (tenant_id, sale_id, customer_id)
);
