-- Freight templates (运费模板): weight pricing (首重 + 续重) in integer minor
-- units, region rules overriding it, regions not delivered to, and whether
-- self pickup (自提) is offered. Core checks every field before a write; the
-- pricing and region lists are read whole with the template, so they are
-- kept as jsonb rather than child tables.
CREATE TABLE onecode_freight_templates (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  courier text NOT NULL,
  currency text NOT NULL,
  pricing jsonb NOT NULL,
  region_rules jsonb NOT NULL,
  undelivered_regions jsonb NOT NULL,
  self_pickup boolean NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_freight_templates_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_freight_templates_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
  CONSTRAINT onecode_freight_templates_pricing_check CHECK (jsonb_typeof(pricing) = 'object'),
  CONSTRAINT onecode_freight_templates_region_rules_check CHECK (jsonb_typeof(region_rules) = 'array'),
  CONSTRAINT onecode_freight_templates_undelivered_check
    CHECK (jsonb_typeof(undelivered_regions) = 'array')
);
