-- Orders (订单), their after-sales requests (售后) and each tenant's order
-- settings. An order is read and written whole, so its lines, refunds,
-- shipments and adjustments are jsonb; what lists filter on and what the
-- statistics group by is kept in columns of its own (the product and SKU ids
-- of the lines as arrays, the store and owner for access scopes, the latest
-- succeeded refund's time), written by the repository with every change.
-- Every change is an UPDATE conditional on `version` (compare-and-set).
CREATE TABLE onecode_orders (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  number text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  state text NOT NULL,
  logistics_state text NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  owner_id text COLLATE "C",
  channel text COLLATE "C" NOT NULL,
  delivery_method text NOT NULL,
  store_id text COLLATE "C",
  ship_on date,
  address jsonb NOT NULL,
  lines jsonb NOT NULL,
  product_ids text[] NOT NULL,
  sku_ids text[] NOT NULL,
  stock text NOT NULL,
  currency text NOT NULL,
  goods_total bigint NOT NULL,
  adjustments jsonb NOT NULL,
  shipping bigint NOT NULL,
  total bigint NOT NULL,
  price_version integer NOT NULL,
  charge_id text,
  refunds jsonb NOT NULL,
  refunded_total bigint NOT NULL,
  -- The latest `decidedAt` of a succeeded refund: statistics find the orders
  -- with refunds in a range through it, then read the refunds themselves.
  last_refunded_at timestamptz,
  cancellation_request jsonb,
  cancellation_requested boolean GENERATED ALWAYS AS (cancellation_request IS NOT NULL) STORED,
  verification_code text COLLATE "C",
  verified_at timestamptz,
  verified_by text,
  shipments jsonb NOT NULL,
  close_reason text,
  buyer_note text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  paid_at timestamptz,
  shipped_at timestamptz,
  completed_at timestamptz,
  closed_at timestamptz,
  CONSTRAINT onecode_orders_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_orders_number_key UNIQUE (tenant_id, number),
  CONSTRAINT onecode_orders_version_check CHECK (version >= 1),
  CONSTRAINT onecode_orders_state_check
    CHECK (state IN ('unpaid', 'to_ship', 'shipped', 'completed', 'closed')),
  CONSTRAINT onecode_orders_logistics_state_check
    CHECK (logistics_state IN ('not_shipped', 'partly_shipped', 'shipped', 'signed')),
  CONSTRAINT onecode_orders_delivery_method_check
    CHECK (delivery_method IN ('express', 'self_pickup', 'in_store')),
  CONSTRAINT onecode_orders_stock_check CHECK (stock IN ('none', 'held', 'committed', 'released')),
  CONSTRAINT onecode_orders_close_reason_check
    CHECK (close_reason IN (
      'payment_timeout', 'buyer_cancelled', 'merchant_cancelled', 'stock_exhausted', 'refunded'
    )),
  CONSTRAINT onecode_orders_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
  CONSTRAINT onecode_orders_total_check CHECK (total >= 0 AND refunded_total >= 0),
  CONSTRAINT onecode_orders_lines_check CHECK (jsonb_typeof(lines) = 'array'),
  CONSTRAINT onecode_orders_refunds_check CHECK (jsonb_typeof(refunds) = 'array'),
  CONSTRAINT onecode_orders_shipments_check CHECK (jsonb_typeof(shipments) = 'array'),
  CONSTRAINT onecode_orders_adjustments_check CHECK (jsonb_typeof(adjustments) = 'array')
);

-- Verification codes are unique within the tenant; orders without one never collide.
CREATE UNIQUE INDEX onecode_orders_verification_code_key
  ON onecode_orders (tenant_id, verification_code) WHERE verification_code IS NOT NULL;

-- Lists are newest first by id (the primary key serves the unfiltered list);
-- each common filter has an index ending in id, so a page reads only its rows.
CREATE INDEX onecode_orders_state_idx ON onecode_orders (tenant_id, state, id);
CREATE INDEX onecode_orders_customer_idx ON onecode_orders (tenant_id, customer_id, id);
CREATE INDEX onecode_orders_store_idx ON onecode_orders (tenant_id, store_id, id)
  WHERE store_id IS NOT NULL;
CREATE INDEX onecode_orders_owner_idx ON onecode_orders (tenant_id, owner_id, id)
  WHERE owner_id IS NOT NULL;
CREATE INDEX onecode_orders_cancellation_idx ON onecode_orders (tenant_id, id)
  WHERE cancellation_requested;
CREATE INDEX onecode_orders_ship_on_idx ON onecode_orders (tenant_id, ship_on)
  WHERE ship_on IS NOT NULL;
CREATE INDEX onecode_orders_created_idx ON onecode_orders (tenant_id, created_at);
CREATE INDEX onecode_orders_paid_idx ON onecode_orders (tenant_id, paid_at)
  WHERE paid_at IS NOT NULL;
CREATE INDEX onecode_orders_shipped_idx ON onecode_orders (tenant_id, shipped_at)
  WHERE shipped_at IS NOT NULL;
CREATE INDEX onecode_orders_refunded_idx ON onecode_orders (tenant_id, last_refunded_at)
  WHERE last_refunded_at IS NOT NULL;
CREATE INDEX onecode_orders_product_ids_idx ON onecode_orders USING gin (product_ids);
CREATE INDEX onecode_orders_sku_ids_idx ON onecode_orders USING gin (sku_ids);

-- One row per tenant that saved its order settings; the others run on the defaults.
CREATE TABLE onecode_order_settings (
  tenant_id text COLLATE "C" NOT NULL,
  close_unpaid_after_minutes integer NOT NULL,
  complete_shipped_after_days integer NOT NULL,
  sender jsonb,
  freight_template_id text COLLATE "C",
  alert_recipients jsonb NOT NULL,
  updated_at timestamptz,
  CONSTRAINT onecode_order_settings_pkey PRIMARY KEY (tenant_id),
  CONSTRAINT onecode_order_settings_periods_check
    CHECK (close_unpaid_after_minutes > 0 AND complete_shipped_after_days > 0),
  CONSTRAINT onecode_order_settings_recipients_check
    CHECK (jsonb_typeof(alert_recipients) = 'array')
);

-- After-sales requests, with their order's store and owner for access
-- scopes. Changes are compare-and-set on `version`, like orders.
CREATE TABLE onecode_after_sales (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  order_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  kind text NOT NULL,
  state text NOT NULL,
  version integer NOT NULL,
  items jsonb NOT NULL,
  refund_amount bigint NOT NULL,
  currency text NOT NULL,
  reason text NOT NULL,
  description text,
  evidence jsonb NOT NULL,
  goods_received boolean NOT NULL,
  return_address jsonb,
  return_parcel jsonb,
  reshipment jsonb,
  refund_id text COLLATE "C",
  rejection_reason text,
  decided_by text,
  store_id text COLLATE "C",
  owner_id text COLLATE "C",
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  closed_at timestamptz,
  CONSTRAINT onecode_after_sales_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_after_sales_version_check CHECK (version >= 1),
  CONSTRAINT onecode_after_sales_kind_check
    CHECK (kind IN ('refund_only', 'return_and_refund', 'exchange')),
  CONSTRAINT onecode_after_sales_state_check
    CHECK (state IN (
      'applied', 'rejected', 'approved', 'returning', 'received', 'refunding', 'refunded',
      'reshipped', 'withdrawn'
    )),
  CONSTRAINT onecode_after_sales_refund_amount_check CHECK (refund_amount >= 0),
  CONSTRAINT onecode_after_sales_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
  CONSTRAINT onecode_after_sales_items_check CHECK (jsonb_typeof(items) = 'array'),
  CONSTRAINT onecode_after_sales_evidence_check CHECK (jsonb_typeof(evidence) = 'array')
);

CREATE INDEX onecode_after_sales_order_idx ON onecode_after_sales (tenant_id, order_id, id);
CREATE INDEX onecode_after_sales_customer_idx ON onecode_after_sales (tenant_id, customer_id, id);
CREATE INDEX onecode_after_sales_state_idx ON onecode_after_sales (tenant_id, state, id);
CREATE INDEX onecode_after_sales_store_idx ON onecode_after_sales (tenant_id, store_id, id)
  WHERE store_id IS NOT NULL;
CREATE INDEX onecode_after_sales_owner_idx ON onecode_after_sales (tenant_id, owner_id, id)
  WHERE owner_id IS NOT NULL;
CREATE INDEX onecode_after_sales_created_idx ON onecode_after_sales (tenant_id, created_at);
