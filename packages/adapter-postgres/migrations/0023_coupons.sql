-- Coupons (优惠券): normal coupons (a batch of single-use codes) and reusable
-- coupons (one code used up to a use count), their codes, the uses of
-- reusable codes by orders, and the tenant's coupon settings (the sign-up
-- gift). Every hand-out and use is one conditional write: a code moves
-- unassigned → held → used only through UPDATEs whose WHERE is the whole
-- check, a grant key is unique (one sign-up gift per account, one gift per
-- order), and the use count has a CHECK against its limit.
CREATE TABLE onecode_coupons (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  name text NOT NULL,
  status text COLLATE "C" NOT NULL,
  value jsonb NOT NULL,
  threshold bigint NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_until timestamptz NOT NULL,
  scope jsonb NOT NULL,
  per_customer_limit integer NOT NULL,
  code_prefix text COLLATE "C",
  code text COLLATE "C",
  use_limit bigint,
  use_count bigint NOT NULL DEFAULT 0,
  claim_token text COLLATE "C",
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  published_at timestamptz,
  abandoned_at timestamptz,
  CONSTRAINT onecode_coupons_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_coupons_claim_token_key UNIQUE (tenant_id, claim_token),
  CONSTRAINT onecode_coupons_kind_check CHECK (kind IN ('normal', 'reusable')),
  CONSTRAINT onecode_coupons_status_check CHECK (status IN ('draft', 'published', 'abandoned')),
  CONSTRAINT onecode_coupons_reusable_check
    CHECK ((kind = 'reusable') = (code IS NOT NULL AND use_limit IS NOT NULL)),
  CONSTRAINT onecode_coupons_use_count_check
    CHECK (use_count >= 0 AND (use_limit IS NULL OR use_count <= use_limit))
);

CREATE UNIQUE INDEX onecode_coupons_code_key ON onecode_coupons (tenant_id, code)
  WHERE code IS NOT NULL;
CREATE INDEX onecode_coupons_status_idx ON onecode_coupons (tenant_id, status, id);

CREATE TABLE onecode_coupon_codes (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  coupon_id text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  state text COLLATE "C" NOT NULL,
  holder_id text COLLATE "C",
  via text COLLATE "C",
  grant_key text COLLATE "C",
  held_at timestamptz,
  order_id text COLLATE "C",
  used_at timestamptz,
  CONSTRAINT onecode_coupon_codes_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_coupon_codes_code_key UNIQUE (tenant_id, code),
  CONSTRAINT onecode_coupon_codes_grant_key_key UNIQUE (tenant_id, grant_key),
  CONSTRAINT onecode_coupon_codes_coupon_fkey FOREIGN KEY (tenant_id, coupon_id)
    REFERENCES onecode_coupons (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT onecode_coupon_codes_state_check CHECK (state IN ('unassigned', 'held', 'used')),
  CONSTRAINT onecode_coupon_codes_holder_check
    CHECK ((state = 'unassigned') = (holder_id IS NULL)),
  CONSTRAINT onecode_coupon_codes_order_check CHECK ((state = 'used') = (order_id IS NOT NULL))
);

-- Hand-outs take the lowest unassigned id of a coupon; wallets read a holder's codes newest first.
CREATE INDEX onecode_coupon_codes_coupon_idx
  ON onecode_coupon_codes (tenant_id, coupon_id, state, id);
CREATE INDEX onecode_coupon_codes_holder_idx
  ON onecode_coupon_codes (tenant_id, holder_id, id) WHERE holder_id IS NOT NULL;
CREATE INDEX onecode_coupon_codes_order_idx
  ON onecode_coupon_codes (tenant_id, order_id) WHERE order_id IS NOT NULL;

CREATE TABLE onecode_coupon_uses (
  tenant_id text COLLATE "C" NOT NULL,
  coupon_id text COLLATE "C" NOT NULL,
  order_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  at timestamptz NOT NULL,
  CONSTRAINT onecode_coupon_uses_pkey PRIMARY KEY (tenant_id, coupon_id, order_id),
  CONSTRAINT onecode_coupon_uses_coupon_fkey FOREIGN KEY (tenant_id, coupon_id)
    REFERENCES onecode_coupons (tenant_id, id) ON DELETE CASCADE
);

CREATE INDEX onecode_coupon_uses_order_idx ON onecode_coupon_uses (tenant_id, order_id);
CREATE INDEX onecode_coupon_uses_customer_idx
  ON onecode_coupon_uses (tenant_id, coupon_id, customer_id);

CREATE TABLE onecode_coupon_settings (
  tenant_id text COLLATE "C" NOT NULL,
  signup_coupon_id text COLLATE "C",
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_coupon_settings_pkey PRIMARY KEY (tenant_id)
);
