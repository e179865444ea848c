-- Scan-to-win campaigns (一物一码活动): prize stocks with their CDK keys,
-- campaigns, activity batches with their package bindings, and draws.
-- Stock moves by UPDATEs conditional on the stored figures (allocated
-- stays within 0..total_stock); CDK keys go out in line order, each to one
-- draw, under the prize row's lock; a package binds to one activity batch
-- and a code plays once, both by unique keys.
CREATE TABLE onecode_prizes (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  description text NOT NULL,
  cover_image text,
  detail_image text,
  kind text COLLATE "C" NOT NULL,
  total_stock integer NOT NULL,
  allocated integer NOT NULL,
  redirect_url text,
  cash_amount bigint,
  points bigint,
  coupon_id text COLLATE "C",
  purchase jsonb,
  -- The frozen funds (`funds_status` NULL: no funds), as columns so settled
  -- and released amounts add up in one UPDATE.
  funds_hold_id text,
  funds_status text,
  funds_frozen bigint,
  funds_settled bigint,
  funds_released bigint,
  cdk_handed_out integer NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_prizes_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_prizes_kind_check
    CHECK (kind IN ('cdk', 'physical', 'cash_red_packet', 'points', 'coupon')),
  CONSTRAINT onecode_prizes_allocated_check CHECK (allocated >= 0 AND allocated <= total_stock),
  CONSTRAINT onecode_prizes_cdk_check CHECK (cdk_handed_out >= 0),
  CONSTRAINT onecode_prizes_funds_check CHECK (
    funds_status IS NULL
    OR (funds_status IN ('frozen', 'pending', 'failed')
      AND funds_frozen IS NOT NULL AND funds_settled IS NOT NULL AND funds_released IS NOT NULL)
  )
);

CREATE INDEX onecode_prizes_kind_idx ON onecode_prizes (tenant_id, kind, id);

-- A CDK prize's keys, `line` being the 1-based import order; `draw_id` is
-- the draw the key went to (a draw gets one key of a prize, ever).
CREATE TABLE onecode_prize_cdk_keys (
  tenant_id text COLLATE "C" NOT NULL,
  prize_id text COLLATE "C" NOT NULL,
  line integer NOT NULL,
  key text COLLATE "C" NOT NULL,
  draw_id text COLLATE "C",
  CONSTRAINT onecode_prize_cdk_keys_pkey PRIMARY KEY (tenant_id, prize_id, line),
  CONSTRAINT onecode_prize_cdk_keys_key_key UNIQUE (tenant_id, prize_id, key),
  CONSTRAINT onecode_prize_cdk_keys_draw_key UNIQUE (tenant_id, prize_id, draw_id),
  CONSTRAINT onecode_prize_cdk_keys_line_check CHECK (line > 0)
);

CREATE TABLE onecode_campaigns (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  template text COLLATE "C" NOT NULL,
  title text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  rules text NOT NULL,
  top_image text,
  slots jsonb NOT NULL,
  status text COLLATE "C" NOT NULL,
  published_at timestamptz,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_campaigns_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_campaigns_template_check CHECK (template IN ('wheel', 'scratch', 'lucky_draw')),
  CONSTRAINT onecode_campaigns_status_check
    CHECK (status IN ('draft', 'online', 'frozen', 'offline'))
);

CREATE INDEX onecode_campaigns_status_idx ON onecode_campaigns (tenant_id, status, id);

CREATE TABLE onecode_activity_batches (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  batch_number text COLLATE "C" NOT NULL,
  campaign_id text COLLATE "C" NOT NULL,
  merchant_id text COLLATE "C" NOT NULL,
  product_id text COLLATE "C" NOT NULL,
  remark text NOT NULL,
  status text COLLATE "C" NOT NULL,
  package_ids text[] COLLATE "C" NOT NULL,
  code_count bigint NOT NULL,
  activated_at timestamptz,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_activity_batches_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_activity_batches_number_key UNIQUE (tenant_id, batch_number),
  CONSTRAINT onecode_activity_batches_status_check
    CHECK (status IN ('inactive', 'active', 'frozen'))
);

CREATE INDEX onecode_activity_batches_campaign_idx
  ON onecode_activity_batches (tenant_id, campaign_id, id);

-- Which activity batch each package is bound to: the key makes a package
-- bind once, ever (until its batch is deleted).
CREATE TABLE onecode_activity_batch_packages (
  tenant_id text COLLATE "C" NOT NULL,
  package_id text COLLATE "C" NOT NULL,
  batch_id text COLLATE "C" NOT NULL,
  CONSTRAINT onecode_activity_batch_packages_pkey PRIMARY KEY (tenant_id, package_id)
);

CREATE INDEX onecode_activity_batch_packages_batch_idx
  ON onecode_activity_batch_packages (tenant_id, batch_id);

-- One row per code played, ever: the insert is the draw's one statement
-- (ON CONFLICT on the code key), on the hot path of consumer draws.
CREATE TABLE onecode_draws (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  campaign_id text COLLATE "C" NOT NULL,
  activity_batch_id text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  account_id text COLLATE "C" NOT NULL,
  slot integer,
  prize_id text COLLATE "C",
  prize_kind text COLLATE "C",
  prize_name text,
  no_prize_reason text COLLATE "C",
  prize_state text COLLATE "C",
  receipt jsonb NOT NULL,
  drawn_at timestamptz NOT NULL,
  claimed_at timestamptz,
  claim_by timestamptz,
  cdk_key text,
  recipient jsonb,
  shipping jsonb,
  payout_status text COLLATE "C" NOT NULL,
  paid_amount bigint NOT NULL,
  returned_amount bigint NOT NULL,
  CONSTRAINT onecode_draws_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_draws_code_key UNIQUE (tenant_id, code),
  CONSTRAINT onecode_draws_prize_state_check
    CHECK (prize_state IS NULL OR prize_state IN ('won', 'claimed', 'expired')),
  CONSTRAINT onecode_draws_no_prize_check
    CHECK (no_prize_reason IS NULL OR no_prize_reason IN ('no_prize', 'stock_exhausted', 'account_limit')),
  CONSTRAINT onecode_draws_payout_check
    CHECK (payout_status IN ('none', 'pending', 'done', 'failed'))
);

-- A campaign's figures (COUNT, GROUP BY slot, SUM).
CREATE INDEX onecode_draws_campaign_idx ON onecode_draws (tenant_id, campaign_id, slot);

-- An account's draws, newest first.
CREATE INDEX onecode_draws_account_idx ON onecode_draws (tenant_id, account_id, id DESC);

-- Winners, newest first (of the tenant or of a campaign).
CREATE INDEX onecode_draws_winners_idx
  ON onecode_draws (tenant_id, campaign_id, id DESC) WHERE slot IS NOT NULL;

-- Claimed physical prizes to ship, newest first.
CREATE INDEX onecode_draws_to_ship_idx
  ON onecode_draws (tenant_id, id DESC)
  WHERE prize_kind = 'physical' AND prize_state = 'claimed' AND shipping IS NOT NULL;
