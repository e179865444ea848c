-- Payment operations as core knows them: the provider's answer (charge,
-- refund, transfer, freeze, settle, release), the record it is for, and its
-- status. A pending row is decided once by a later notification; a final row
-- never changes, which the conditional upsert of the repository relies on.
CREATE TABLE onecode_payments (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  kind text NOT NULL,
  status text NOT NULL,
  amount bigint NOT NULL,
  currency text NOT NULL,
  failure_code text,
  idempotency_key text NOT NULL,
  related_id text,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_payments_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_payments_kind_check
    CHECK (kind IN ('charge', 'refund', 'transfer', 'freeze', 'settle', 'release')),
  CONSTRAINT onecode_payments_status_check CHECK (status IN ('succeeded', 'pending', 'failed')),
  CONSTRAINT onecode_payments_failure_check CHECK ((status = 'failed') = (failure_code IS NOT NULL)),
  CONSTRAINT onecode_payments_amount_check CHECK (amount >= 0),
  CONSTRAINT onecode_payments_currency_check CHECK (currency ~ '^[A-Z]{3}$')
);

CREATE INDEX onecode_payments_subject_idx
  ON onecode_payments (tenant_id, subject_type, subject_id, created_at);

-- Reconciliation reads the oldest pending operations of every tenant.
CREATE INDEX onecode_payments_pending_idx
  ON onecode_payments (created_at, tenant_id, id) WHERE status = 'pending';
