-- Members and points (§4.5): customers with their statistics and points
-- balance, the points ledger, member levels, customer tags and each
-- tenant's member settings. The balance changes only together with a
-- ledger row (one unit of work): a conditional UPDATE and the CHECK keep it
-- non-negative, the (tenant_id, key) key applies each change once.
CREATE TABLE onecode_member_customers (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  referrer_id text COLLATE "C",
  registered_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  blacklisted boolean NOT NULL,
  blacklist_reason text,
  experience bigint NOT NULL,
  points_balance bigint NOT NULL,
  points_earned bigint NOT NULL,
  orders_count bigint NOT NULL,
  total_spent bigint NOT NULL,
  last_order_at timestamptz,
  tag_ids text[] COLLATE "C" NOT NULL,
  last_check_in_on text COLLATE "C",
  check_in_streak integer NOT NULL,
  version integer NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_member_customers_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_member_customers_points_check CHECK (points_balance >= 0)
);

CREATE INDEX onecode_member_customers_tags_idx ON onecode_member_customers USING gin (tag_ids);

CREATE TABLE onecode_points_ledger (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  kind text NOT NULL,
  delta bigint NOT NULL,
  balance_after bigint NOT NULL,
  key text COLLATE "C" NOT NULL,
  order_id text COLLATE "C",
  year integer NOT NULL,
  note text,
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT onecode_points_ledger_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_points_ledger_key_key UNIQUE (tenant_id, key),
  CONSTRAINT onecode_points_ledger_kind_check
    CHECK (kind IN ('earn', 'redeem', 'refund', 'expire', 'adjust', 'check_in', 'referral')),
  CONSTRAINT onecode_points_ledger_delta_check CHECK (delta <> 0 AND balance_after >= 0)
);

CREATE INDEX onecode_points_ledger_customer_idx ON onecode_points_ledger (tenant_id, customer_id, id);

CREATE TABLE onecode_member_levels (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  threshold bigint NOT NULL,
  discount text,
  icon text,
  is_default boolean NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_member_levels_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_member_levels_threshold_check CHECK (threshold >= 0)
);

CREATE TABLE onecode_member_tags (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_member_tags_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_member_tags_name_key UNIQUE (tenant_id, name)
);

CREATE TABLE onecode_member_settings (
  tenant_id text COLLATE "C" NOT NULL,
  settings jsonb NOT NULL,
  updated_at timestamptz,
  CONSTRAINT onecode_member_settings_pkey PRIMARY KEY (tenant_id)
);
