-- SKUs (规格): a product's spec dimensions and stock policy, one row per spec
-- combination with its own price, stock, weight and code, and stock
-- reservations. Stock is durable here so conservation can be read back:
-- every change is a conditional UPDATE and the CHECK keeps it non-negative.
CREATE TABLE onecode_sku_settings (
  tenant_id text COLLATE "C" NOT NULL,
  product_id text COLLATE "C" NOT NULL,
  policy text NOT NULL,
  dimensions jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_sku_settings_pkey PRIMARY KEY (tenant_id, product_id),
  CONSTRAINT onecode_sku_settings_policy_check
    CHECK (policy IN ('reserve_on_create', 'reserve_on_pay'))
);

CREATE TABLE onecode_skus (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  product_id text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  spec jsonb NOT NULL,
  price bigint NOT NULL,
  currency text NOT NULL,
  stock bigint NOT NULL,
  weight_grams bigint NOT NULL,
  low_stock_threshold bigint,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_skus_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_skus_code_key UNIQUE (tenant_id, code),
  CONSTRAINT onecode_skus_stock_check CHECK (stock >= 0),
  CONSTRAINT onecode_skus_price_check CHECK (price >= 0),
  CONSTRAINT onecode_skus_weight_check CHECK (weight_grams >= 0),
  CONSTRAINT onecode_skus_currency_check CHECK (currency ~ '^[A-Z]{3}$')
);

CREATE INDEX onecode_skus_product_idx ON onecode_skus (tenant_id, product_id, id);

-- A reservation is held, then committed (sold) or released (given back)
-- once: release is an UPDATE conditional on status = 'held'.
CREATE TABLE onecode_sku_reservations (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  status text NOT NULL,
  lines jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_sku_reservations_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_sku_reservations_status_check
    CHECK (status IN ('held', 'committed', 'released'))
);
