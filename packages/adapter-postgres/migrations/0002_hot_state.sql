-- Hot state: counters, rate-limit cells, cache entries, locks and idempotency
-- keys, each keyed by tenant_id + key.
--
-- expires_at is epoch milliseconds on the adapter's injected clock (never the
-- database's now()), as double precision; 'Infinity' means the row never
-- expires. Rows past expires_at read as absent and are removed by
-- purgeExpiredHotState.
--
-- There is deliberately no index on expires_at: the hot paths update it on
-- most writes, and without an index those updates stay HOT (heap-only), while
-- purging scans tables that regular purging keeps small. The reduced
-- fillfactor leaves room on each page for those in-place updates.

CREATE TABLE onecode_hot_counters (
  tenant_id text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  value bigint NOT NULL,
  expires_at double precision NOT NULL,
  CONSTRAINT onecode_hot_counters_pkey PRIMARY KEY (tenant_id, key),
  CONSTRAINT onecode_hot_counters_value_check CHECK (value >= 0)
) WITH (fillfactor = 80);

-- One token bucket per key and policy ("limit/windowMs"), in integer credits
-- as core's tokenBucketStep counts them: a hit costs windowMs credits, the
-- bucket refills limit credits per millisecond since updated_at_ms.
CREATE TABLE onecode_hot_rate_limits (
  tenant_id text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  policy text COLLATE "C" NOT NULL,
  credits bigint NOT NULL,
  updated_at_ms bigint NOT NULL,
  expires_at double precision NOT NULL,
  CONSTRAINT onecode_hot_rate_limits_pkey PRIMARY KEY (tenant_id, key, policy)
) WITH (fillfactor = 80);

CREATE TABLE onecode_hot_cache (
  tenant_id text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  value text NOT NULL,
  expires_at double precision NOT NULL,
  CONSTRAINT onecode_hot_cache_pkey PRIMARY KEY (tenant_id, key)
) WITH (fillfactor = 80);

CREATE TABLE onecode_hot_locks (
  tenant_id text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  token text NOT NULL,
  expires_at double precision NOT NULL,
  CONSTRAINT onecode_hot_locks_pkey PRIMARY KEY (tenant_id, key)
) WITH (fillfactor = 80);

-- result is NULL while the claimed operation is in progress.
CREATE TABLE onecode_hot_idempotency (
  tenant_id text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  result text,
  expires_at double precision NOT NULL,
  CONSTRAINT onecode_hot_idempotency_pkey PRIMARY KEY (tenant_id, key)
) WITH (fillfactor = 80);
