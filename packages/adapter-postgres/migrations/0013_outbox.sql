-- The transactional outbox: domain events written in the business
-- transaction and claimed by dispatchers with a lease. `position` is the
-- append order that delivery per aggregate follows; `locked_until` and
-- `claim_token` are the lease of the dispatcher delivering the event.
CREATE TABLE onecode_outbox (
  position bigserial NOT NULL,
  id text COLLATE "C" NOT NULL,
  tenant_id text COLLATE "C" NOT NULL,
  type text COLLATE "C" NOT NULL,
  aggregate_type text COLLATE "C" NOT NULL,
  aggregate_id text COLLATE "C" NOT NULL,
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  state text NOT NULL,
  last_error text,
  next_attempt_at timestamptz NOT NULL,
  settled_at timestamptz,
  locked_until timestamptz,
  claim_token text COLLATE "C",
  CONSTRAINT onecode_outbox_pkey PRIMARY KEY (position),
  CONSTRAINT onecode_outbox_id_key UNIQUE (tenant_id, id),
  CONSTRAINT onecode_outbox_state_check
    CHECK (state IN ('pending', 'delivered', 'dead', 'discarded')),
  CONSTRAINT onecode_outbox_attempts_check CHECK (attempts >= 0)
);

-- The claim scans undelivered events in append order ...
CREATE INDEX onecode_outbox_pending_idx ON onecode_outbox (position)
  WHERE state = 'pending';
-- ... and looks for an earlier undelivered event of the same aggregate.
CREATE INDEX onecode_outbox_aggregate_idx
  ON onecode_outbox (tenant_id, aggregate_type, aggregate_id, position)
  WHERE state IN ('pending', 'dead');
-- The operator's list of a tenant's dead events, newest first.
CREATE INDEX onecode_outbox_dead_idx ON onecode_outbox (tenant_id, id)
  WHERE state = 'dead';

-- Purging settled events, oldest first.
CREATE INDEX onecode_outbox_settled_idx ON onecode_outbox (settled_at)
  WHERE state IN ('delivered', 'discarded');

-- The inbox: which handler handled which event, written by the handler in
-- the transaction of its durable effect (or by the dispatcher after it).
CREATE TABLE onecode_outbox_handled (
  tenant_id text COLLATE "C" NOT NULL,
  event_id text COLLATE "C" NOT NULL,
  handler_name text COLLATE "C" NOT NULL,
  handled_at timestamptz NOT NULL,
  CONSTRAINT onecode_outbox_handled_pkey PRIMARY KEY (tenant_id, event_id, handler_name)
);
