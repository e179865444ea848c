-- The notification log: one row per notification core decided (payment,
-- dispatch, refund, withdrawal, stored-value, low-stock and bulk SMS), with
-- its outcome: sent, rejected by the provider (with its reason), or
-- suppressed in SMS quiet hours. Recipients are stored masked (never a full
-- phone number). The idempotency key is unique per tenant, so a redelivered
-- event or a retried bulk send logs each notification once.
CREATE TABLE onecode_notification_log (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  channel text COLLATE "C" NOT NULL,
  template text COLLATE "C" NOT NULL,
  recipient text NOT NULL,
  idempotency_key text COLLATE "C" NOT NULL,
  outcome text COLLATE "C" NOT NULL,
  reason text,
  provider_id text,
  trigger text COLLATE "C" NOT NULL,
  trigger_id text COLLATE "C" NOT NULL,
  at timestamptz NOT NULL,
  CONSTRAINT onecode_notification_log_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_notification_log_key_key UNIQUE (tenant_id, idempotency_key),
  CONSTRAINT onecode_notification_log_channel_check CHECK (channel IN ('sms', 'email', 'webhook')),
  CONSTRAINT onecode_notification_log_outcome_check
    CHECK (outcome IN ('sent', 'rejected', 'suppressed_quiet_hours')),
  CONSTRAINT onecode_notification_log_reason_check
    CHECK ((outcome = 'rejected') = (reason IS NOT NULL))
);

-- Filtered pages read newest first from an index ending in id.
CREATE INDEX onecode_notification_log_outcome_idx
  ON onecode_notification_log (tenant_id, outcome, id);
CREATE INDEX onecode_notification_log_trigger_idx
  ON onecode_notification_log (tenant_id, trigger, trigger_id, id);
CREATE INDEX onecode_notification_log_at_idx ON onecode_notification_log (tenant_id, at, id);
