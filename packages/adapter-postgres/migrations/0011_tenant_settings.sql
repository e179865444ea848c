-- Tenant settings: the IANA time zone a tenant's calendar days, weeks,
-- months and years are counted in, and its ISO 4217 currency. A tenant with
-- no row runs on core's defaults (Asia/Shanghai, CNY); core checks the zone
-- against the runtime's zone data before any write, so only the shape is
-- checked here.
CREATE TABLE onecode_tenant_settings (
  tenant_id text COLLATE "C" NOT NULL,
  time_zone text NOT NULL,
  currency text NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_tenant_settings_pkey PRIMARY KEY (tenant_id),
  CONSTRAINT onecode_tenant_settings_time_zone_check CHECK (char_length(time_zone) BETWEEN 1 AND 64),
  CONSTRAINT onecode_tenant_settings_currency_check CHECK (currency ~ '^[A-Z]{3}$')
);
