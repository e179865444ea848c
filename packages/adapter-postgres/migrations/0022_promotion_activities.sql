-- Promotion activities (营销活动, §4.1): 满减, 满折, 满免邮 and 满赠券. Core
-- checks every field before a write; terms, scope and audience are read whole
-- with the activity, so they are jsonb. `kind` is kept beside `terms` for the
-- list filter and the conflict query (free shipping conflicts with nothing).
-- "One activity per product at a time" is checked by the adapter under a
-- per-tenant advisory lock held to commit, so no index can express it.
CREATE TABLE onecode_promotion_activities (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  terms jsonb NOT NULL,
  scope jsonb NOT NULL,
  audience jsonb NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_promotion_activities_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_promotion_activities_kind_check
    CHECK (kind IN ('spend_save', 'spend_discount', 'free_shipping', 'gift_coupon')),
  CONSTRAINT onecode_promotion_activities_terms_check
    CHECK (jsonb_typeof(terms) = 'object' AND terms ->> 'kind' = kind),
  CONSTRAINT onecode_promotion_activities_scope_check CHECK (jsonb_typeof(scope) = 'object'),
  CONSTRAINT onecode_promotion_activities_audience_check CHECK (jsonb_typeof(audience) = 'object'),
  CONSTRAINT onecode_promotion_activities_window_check CHECK (ends_at IS NULL OR ends_at > starts_at),
  CONSTRAINT onecode_promotion_activities_version_check CHECK (version >= 1)
);

-- Pricing reads the activities not ended yet; the conflict check those overlapping a window.
CREATE INDEX onecode_promotion_activities_ends_idx
  ON onecode_promotion_activities (tenant_id, ends_at);

-- Gift coupons (满赠券) an order earned when it was placed, handed out once it completes.
CREATE TABLE onecode_promotion_activity_gifts (
  tenant_id text COLLATE "C" NOT NULL,
  order_id text COLLATE "C" NOT NULL,
  activity_id text COLLATE "C" NOT NULL,
  coupon_id text NOT NULL,
  customer_id text NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT onecode_promotion_activity_gifts_pkey PRIMARY KEY (tenant_id, order_id, activity_id)
);
