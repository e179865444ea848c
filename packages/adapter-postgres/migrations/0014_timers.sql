-- Durable timers and recurring jobs: one row per (tenant, kind, key), so
-- scheduling twice keeps one timer. A runner claims due rows with
-- FOR UPDATE SKIP LOCKED, marking them running under a fresh claim token
-- until lease_until; complete and fail act only for the current token, so a
-- runner whose lease lapsed cannot touch its successor's run. A finished
-- one-shot timer is deleted; a recurring one is moved to its next
-- occurrence in the same statement. Rows that failed their last attempt
-- stay as 'failed' until an operator retries them.
CREATE TABLE onecode_timers (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL,
  due_at timestamptz NOT NULL,
  attempts integer NOT NULL,
  last_error text,
  claim_token text COLLATE "C",
  lease_until timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_timers_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_timers_key_unique UNIQUE (tenant_id, kind, key),
  CONSTRAINT onecode_timers_status_check CHECK (status IN ('scheduled', 'running', 'failed')),
  -- Exactly the running rows hold a claim.
  CONSTRAINT onecode_timers_claim_check CHECK (
    (status = 'running') = (claim_token IS NOT NULL AND lease_until IS NOT NULL)
  ),
  CONSTRAINT onecode_timers_attempts_check CHECK (attempts >= 0),
  CONSTRAINT onecode_timers_payload_check CHECK (jsonb_typeof(payload) = 'object')
);

-- What claims scan: due scheduled rows, and running rows whose lease ran out.
CREATE INDEX onecode_timers_due_idx ON onecode_timers (due_at) WHERE status = 'scheduled';
CREATE INDEX onecode_timers_lease_idx ON onecode_timers (lease_until) WHERE status = 'running';
-- The operator's list of parked timers, per tenant, newest id first.
CREATE INDEX onecode_timers_failed_idx ON onecode_timers (tenant_id, id) WHERE status = 'failed';
