-- Distribution (分销): settings, distributors with their commission
-- balances, one commission per attributed order and withdrawals. Money
-- moves between balances by UPDATEs conditional on the balance (a
-- withdrawal only while earned − withdrawing − withdrawn covers it) or on
-- the record's status, so no amount is credited or withdrawn twice.
CREATE TABLE onecode_distributor_settings (
  tenant_id text COLLATE "C" NOT NULL,
  default_rate text NOT NULL,
  updated_at timestamptz,
  CONSTRAINT onecode_distributor_settings_pkey PRIMARY KEY (tenant_id)
);

CREATE TABLE onecode_distributors (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  status text NOT NULL,
  rate text,
  phone text,
  note text,
  earned bigint NOT NULL,
  withdrawing bigint NOT NULL,
  withdrawn bigint NOT NULL,
  applied_at timestamptz NOT NULL,
  decided_at timestamptz,
  decided_by text,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_distributors_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_distributors_customer_key UNIQUE (tenant_id, customer_id),
  CONSTRAINT onecode_distributors_code_key UNIQUE (tenant_id, code),
  CONSTRAINT onecode_distributors_status_check CHECK (status IN ('pending', 'approved', 'rejected')),
  CONSTRAINT onecode_distributors_balance_check CHECK (withdrawing >= 0 AND withdrawn >= 0)
);

CREATE TABLE onecode_distributor_commissions (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  distributor_id text COLLATE "C" NOT NULL,
  buyer_id text COLLATE "C" NOT NULL,
  rate text NOT NULL,
  base bigint NOT NULL,
  status text NOT NULL,
  amount bigint NOT NULL,
  reversed bigint NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_distributor_commissions_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_distributor_commissions_status_check
    CHECK (status IN ('attributed', 'earned', 'void')),
  CONSTRAINT onecode_distributor_commissions_reversed_check CHECK (reversed >= 0 AND reversed <= amount)
);

CREATE INDEX onecode_distributor_commissions_distributor_idx
  ON onecode_distributor_commissions (tenant_id, distributor_id, id);

CREATE TABLE onecode_distributor_withdrawals (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  distributor_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  amount bigint NOT NULL,
  status text NOT NULL,
  reason text,
  payment_id text,
  failure_code text,
  requested_at timestamptz NOT NULL,
  decided_at timestamptz,
  decided_by text,
  updated_at timestamptz NOT NULL,
  CONSTRAINT onecode_distributor_withdrawals_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_distributor_withdrawals_status_check
    CHECK (status IN ('requested', 'approved', 'rejected', 'paid', 'failed')),
  CONSTRAINT onecode_distributor_withdrawals_amount_check CHECK (amount > 0)
);

CREATE INDEX onecode_distributor_withdrawals_distributor_idx
  ON onecode_distributor_withdrawals (tenant_id, distributor_id, id);
