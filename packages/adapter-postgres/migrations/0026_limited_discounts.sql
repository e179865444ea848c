-- Time-limited discounts (限时折扣): the discount, one row per discounted SKU
-- with its own stock and sold units, each order's take (given back once
-- when the order closes unpaid) and each buyer's counted units. Taking is a
-- conditional UPDATE of the item and an upsert of the buyer's count
-- conditional on the per-person limit, so concurrency never passes either.
CREATE TABLE onecode_limited_discounts (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  rounding text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  recurrence jsonb,
  limit_mode text,
  limit_quantity bigint,
  state text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_limited_discounts_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_limited_discounts_kind_check CHECK (kind IN ('rate', 'reduction', 'price')),
  CONSTRAINT onecode_limited_discounts_rounding_check
    CHECK (rounding IN ('none', 'drop_fen', 'drop_jiao')),
  CONSTRAINT onecode_limited_discounts_state_check CHECK (state IN ('active', 'ended')),
  CONSTRAINT onecode_limited_discounts_validity_check CHECK (ends_at > starts_at),
  CONSTRAINT onecode_limited_discounts_limit_check
    CHECK ((limit_mode IS NULL) = (limit_quantity IS NULL) AND (limit_quantity IS NULL OR limit_quantity > 0))
);

CREATE TABLE onecode_limited_discount_items (
  tenant_id text COLLATE "C" NOT NULL,
  discount_id text COLLATE "C" NOT NULL,
  sku_id text COLLATE "C" NOT NULL,
  position integer NOT NULL,
  product_id text COLLATE "C" NOT NULL,
  rate text,
  amount bigint,
  stock bigint NOT NULL,
  sold bigint NOT NULL,
  CONSTRAINT onecode_limited_discount_items_pkey PRIMARY KEY (tenant_id, discount_id, sku_id),
  CONSTRAINT onecode_limited_discount_items_sold_check CHECK (sold >= 0 AND sold <= stock)
);

-- The overlap rule and pricing look discounts up by SKU.
CREATE INDEX onecode_limited_discount_items_sku_idx
  ON onecode_limited_discount_items (tenant_id, sku_id);

CREATE TABLE onecode_limited_discount_takes (
  tenant_id text COLLATE "C" NOT NULL,
  order_id text COLLATE "C" NOT NULL,
  discount_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  lines jsonb NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_limited_discount_takes_pkey PRIMARY KEY (tenant_id, order_id, discount_id),
  CONSTRAINT onecode_limited_discount_takes_status_check CHECK (status IN ('held', 'released'))
);

CREATE TABLE onecode_limited_discount_buyers (
  tenant_id text COLLATE "C" NOT NULL,
  discount_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  sku_id text COLLATE "C" NOT NULL,
  units bigint NOT NULL,
  CONSTRAINT onecode_limited_discount_buyers_pkey
    PRIMARY KEY (tenant_id, discount_id, customer_id, sku_id),
  CONSTRAINT onecode_limited_discount_buyers_units_check CHECK (units >= 0)
);
