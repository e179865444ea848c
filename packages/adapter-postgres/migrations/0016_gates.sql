-- Gates (HotState.gates): several checks and takes on hot state as one
-- atomic step. The adapter's group-commit gate writer sends the gates that
-- callers start concurrently to onecode_gate_pass_batch in one call, which
-- decides them in arrival order in one transaction.
--
-- onecode_hot_gate_state holds a scope's counters, once-keys ('claim') and
-- flags. expires_at is epoch ms on the adapter's clock as everywhere in hot
-- state: a counter past it reads 0; a claim is claimed while value = 1
-- ('Infinity'); an undone claim keeps its row with expires_at '-Infinity'
-- (free). A batch locks the existing rows it touches in key order, decides,
-- updates them and inserts the rows it creates in key order, so batches from
-- any number of processes wait for each other rather than deadlock; a row
-- another batch created meanwhile fails the batch with a serialization
-- failure, and the writer sends it again. purgeExpiredHotState removes
-- expired counters and freed claims.
CREATE TABLE onecode_hot_gate_state (
  tenant_id text COLLATE "C" NOT NULL,
  scope text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  value bigint NOT NULL,
  expires_at double precision NOT NULL,
  CONSTRAINT onecode_hot_gate_state_pkey PRIMARY KEY (tenant_id, scope, kind, key),
  CONSTRAINT onecode_hot_gate_state_kind_check CHECK (kind IN ('claim', 'counter', 'flag')),
  CONSTRAINT onecode_hot_gate_state_value_check CHECK (value >= 0)
) WITH (fillfactor = 70);

-- A passed gate's receipt: what undo gives back, as JSON ({"takes": {key:
-- amount}, "claims": [key]}; text: parsed only by the rare undo). Undo
-- deletes the row, so it runs once.
CREATE TABLE onecode_hot_gate_receipts (
  tenant_id text COLLATE "C" NOT NULL,
  scope text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  body text NOT NULL,
  expires_at double precision NOT NULL,
  CONSTRAINT onecode_hot_gate_receipts_pkey PRIMARY KEY (tenant_id, scope, id)
);

-- One row per batch the writer sent, written in the batch's transaction with
-- the batch's outcomes: a batch whose connection failed is sent again under
-- the same id, and the second call (waiting for the first if it is still
-- running) answers from what the first committed instead of applying the
-- gates twice. A row without outcomes marks a batch the writer gave up on
-- (onecode_gate_abandon_batch): a late first call then changes nothing.
CREATE TABLE onecode_hot_gate_batches (
  id text COLLATE "C" NOT NULL,
  passed boolean[],
  refused_step int[],
  refused_value bigint[],
  step_values bigint[],
  expires_at double precision NOT NULL,
  CONSTRAINT onecode_hot_gate_batches_pkey PRIMARY KEY (id)
);

-- Decides a batch of gates. Slots (s_*) are the distinct rows the batch
-- touches; gates (g_*) list their steps (t_*) contiguously, g_steps each;
-- each step names its slot (1-based), its kind (1 counter, 2 claim, 3 flag:
-- the loop reads only fixed-width arrays, whose elements it reaches without
-- walking the array) and, by kind: a counter step's amount, limit and the
-- expiry a counter it creates gets; a flag step's expected state as 1 or 0
-- in t_amount. Returns one row per gate in order. Custom plans, because the
-- tables grow from empty and a generic plan made then would scan them whole.
CREATE FUNCTION onecode_gate_pass_batch(
  p_batch text,
  p_now double precision,
  p_keep_until double precision,
  s_tenant text[],
  s_scope text[],
  s_kind text[],
  s_key text[],
  g_tenant text[],
  g_scope text[],
  g_receipt text[],
  g_body text[],
  g_receipt_expires double precision[],
  g_steps int[],
  t_slot int[],
  t_kind smallint[],
  t_amount bigint[],
  t_limit bigint[],
  t_expires double precision[]
) RETURNS TABLE (
  gate_no int,
  gate_passed boolean,
  refusal_step int,
  refusal_value bigint,
  gate_values bigint[]
)
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
AS $$
#variable_conflict use_column
DECLARE
  n_slots int := coalesce(array_length(s_key, 1), 0);
  n_gates int := coalesce(array_length(g_steps, 1), 0);
  n_steps int := coalesce(array_length(t_slot, 1), 0);
  slot_value bigint[] := array_fill(0::bigint, ARRAY[n_slots]);
  slot_expiry double precision[] := array_fill('-Infinity'::double precision, ARRAY[n_slots]);
  present boolean[] := array_fill(false, ARRAY[n_slots]);
  dirty boolean[] := array_fill(false, ARRAY[n_slots]);
  created int := 0;
  inserted int;
  g_first int[] := '{}';
  o_passed boolean[] := '{}';
  o_step int[] := '{}';
  o_value bigint[] := '{}';
  o_values bigint[] := array_fill(0::bigint, ARRAY[n_steps]);
  stored record;
  row_now record;
  first_step int := 1;
  refused int;
  seen bigint;
  g int;
  i int;
  s int;
BEGIN
  FOR g IN 1..n_gates LOOP
    g_first[g] := first_step;
    first_step := first_step + g_steps[g];
  END LOOP;

  INSERT INTO onecode_hot_gate_batches (id, expires_at) VALUES (p_batch, p_keep_until)
  ON CONFLICT (id) DO NOTHING;
  IF NOT FOUND THEN
    -- Sent before: the first call committed (this insert waited for it), so answer from it.
    SELECT b.passed, b.refused_step, b.refused_value, b.step_values INTO stored
    FROM onecode_hot_gate_batches b WHERE b.id = p_batch;
    IF stored.passed IS NULL THEN
      RAISE EXCEPTION 'gate batch % was abandoned', p_batch USING ERRCODE = 'P0001';
    END IF;
    RETURN QUERY
      SELECT g2, stored.passed[g2], stored.refused_step[g2], stored.refused_value[g2],
        stored.step_values[g_first[g2] : g_first[g2] + g_steps[g2] - 1]
      FROM generate_series(1, n_gates) AS g2;
    RETURN;
  END IF;

  FOR row_now IN
    SELECT w.i, st.value, st.expires_at
    FROM onecode_hot_gate_state st
    JOIN unnest(s_tenant, s_scope, s_kind, s_key) WITH ORDINALITY AS w(t, s, k, y, i)
      ON st.tenant_id = w.t AND st.scope = w.s AND st.kind = w.k AND st.key = w.y
    ORDER BY st.tenant_id, st.scope, st.kind, st.key
    FOR UPDATE OF st
  LOOP
    present[row_now.i] := true;
    IF row_now.expires_at > p_now THEN
      slot_value[row_now.i] := row_now.value;
      slot_expiry[row_now.i] := row_now.expires_at;
    END IF;
  END LOOP;

  FOR g IN 1..n_gates LOOP
    refused := 0;
    FOR i IN g_first[g] .. g_first[g] + g_steps[g] - 1 LOOP
      s := t_slot[i];
      IF t_kind[i] = 1 THEN
        IF slot_value[s] + t_amount[i] > t_limit[i] THEN
          refused := i; seen := slot_value[s]; EXIT;
        END IF;
      ELSIF t_kind[i] = 2 THEN
        IF slot_value[s] > 0 THEN refused := i; seen := 1; EXIT; END IF;
      ELSIF slot_value[s] <> t_amount[i] THEN
        refused := i; seen := slot_value[s]; EXIT;
      END IF;
    END LOOP;
    IF refused > 0 THEN
      o_passed[g] := false;
      o_step[g] := refused - g_first[g];
      o_value[g] := seen;
      CONTINUE;
    END IF;
    FOR i IN g_first[g] .. g_first[g] + g_steps[g] - 1 LOOP
      s := t_slot[i];
      IF t_kind[i] = 1 THEN
        -- A counter that is absent or expired starts afresh with this step's lifetime.
        IF slot_expiry[s] <= p_now THEN slot_expiry[s] := t_expires[i]; END IF;
        slot_value[s] := slot_value[s] + t_amount[i];
        IF NOT dirty[s] AND NOT present[s] THEN created := created + 1; END IF;
        dirty[s] := true;
        o_values[i] := slot_value[s];
      ELSIF t_kind[i] = 2 THEN
        slot_value[s] := 1;
        slot_expiry[s] := 'Infinity';
        IF NOT dirty[s] AND NOT present[s] THEN created := created + 1; END IF;
        dirty[s] := true;
        o_values[i] := 1;
      ELSE
        o_values[i] := t_amount[i];
      END IF;
    END LOOP;
    o_passed[g] := true;
  END LOOP;

  UPDATE onecode_hot_gate_state st SET value = d.v, expires_at = d.e
  FROM unnest(s_tenant, s_scope, s_kind, s_key, slot_value, slot_expiry, dirty, present)
    AS d(t, s, k, y, v, e, x, p)
  WHERE d.x AND d.p
    AND st.tenant_id = d.t AND st.scope = d.s AND st.kind = d.k AND st.key = d.y;
  IF created > 0 THEN
    INSERT INTO onecode_hot_gate_state (tenant_id, scope, kind, key, value, expires_at)
    SELECT d.t, d.s, d.k, d.y, d.v, d.e
    FROM unnest(s_tenant, s_scope, s_kind, s_key, slot_value, slot_expiry, dirty, present)
      AS d(t, s, k, y, v, e, x, p)
    WHERE d.x AND NOT d.p
    ORDER BY d.t COLLATE "C", d.s COLLATE "C", d.k COLLATE "C", d.y COLLATE "C"
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    -- Another batch created one of these rows after the lock: what was decided here is void.
    IF inserted <> created THEN
      RAISE EXCEPTION 'a gate row was created concurrently' USING ERRCODE = '40001';
    END IF;
  END IF;

  INSERT INTO onecode_hot_gate_receipts (tenant_id, scope, id, body, expires_at)
  SELECT g_tenant[g2], g_scope[g2], g_receipt[g2], g_body[g2], g_receipt_expires[g2]
  FROM generate_series(1, n_gates) AS g2
  WHERE o_passed[g2];

  UPDATE onecode_hot_gate_batches b
  SET passed = o_passed, refused_step = o_step, refused_value = o_value, step_values = o_values
  WHERE b.id = p_batch;

  RETURN QUERY
    SELECT g2, o_passed[g2], o_step[g2], o_value[g2],
      o_values[g_first[g2] : g_first[g2] + g_steps[g2] - 1]
    FROM generate_series(1, n_gates) AS g2;
END
$$;

-- Undoes a batch of passed gates, each once: the receipts' conditional
-- delete lets one caller of each through (a receipt named twice, by two
-- concurrent undos, is deleted once), then the takes are given back (never
-- below 0; an expired counter stays expired) and the once-keys freed,
-- locking the rows in the pass batches' key order. Returns the ordinals
-- (1-based) of the receipts it undid.
CREATE FUNCTION onecode_gate_undo(
  p_now double precision,
  u_tenant text[],
  u_scope text[],
  u_id text[]
) RETURNS TABLE (undo_no bigint)
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  gone_no bigint[];
  gone_tenant text[];
  gone_scope text[];
  gone_body jsonb[];
BEGIN
  WITH gone AS (
    DELETE FROM onecode_hot_gate_receipts r
    USING unnest(u_tenant, u_scope, u_id) WITH ORDINALITY AS u(t, s, i, n)
    WHERE r.tenant_id = u.t AND r.scope = u.s AND r.id = u.i AND r.expires_at > p_now
    RETURNING u.n, r.tenant_id, r.scope, r.body
  )
  SELECT array_agg(gone.n), array_agg(gone.tenant_id), array_agg(gone.scope),
    array_agg(gone.body::jsonb)
  INTO gone_no, gone_tenant, gone_scope, gone_body
  FROM gone;
  IF gone_no IS NULL THEN
    RETURN;
  END IF;
  PERFORM 1 FROM onecode_hot_gate_state st
  JOIN (
    SELECT DISTINCT g.t, g.s, x.kind, x.key
    FROM unnest(gone_tenant, gone_scope, gone_body) AS g(t, s, b)
    CROSS JOIN LATERAL (
      SELECT 'counter' AS kind, k AS key FROM jsonb_object_keys(g.b -> 'takes') AS k
      UNION ALL
      SELECT 'claim', c FROM jsonb_array_elements_text(g.b -> 'claims') AS c
    ) AS x
  ) AS w ON st.tenant_id = w.t AND st.scope = w.s AND st.kind = w.kind AND st.key = w.key
  ORDER BY st.tenant_id, st.scope, st.kind, st.key
  FOR UPDATE OF st;
  UPDATE onecode_hot_gate_state st SET value = greatest(st.value - back.amount, 0)
  FROM (
    SELECT g.t, g.s, e.key, sum(e.value::bigint)::bigint AS amount
    FROM unnest(gone_tenant, gone_scope, gone_body) AS g(t, s, b)
    CROSS JOIN LATERAL jsonb_each_text(g.b -> 'takes') AS e
    GROUP BY g.t, g.s, e.key
  ) AS back
  WHERE st.tenant_id = back.t AND st.scope = back.s AND st.kind = 'counter'
    AND st.key = back.key AND st.expires_at > p_now;
  UPDATE onecode_hot_gate_state st SET value = 0, expires_at = '-Infinity'
  FROM (
    SELECT DISTINCT g.t, g.s, c.key
    FROM unnest(gone_tenant, gone_scope, gone_body) AS g(t, s, b)
    CROSS JOIN LATERAL jsonb_array_elements_text(g.b -> 'claims') AS c(key)
  ) AS freed
  WHERE st.tenant_id = freed.t AND st.scope = freed.s AND st.kind = 'claim'
    AND st.key = freed.key;
  RETURN QUERY SELECT unnest(gone_no);
END
$$;

-- Settles a batch the writer gave up on after its connection kept failing
-- (its callers were told SERVICE_UNAVAILABLE, not an outcome): a batch that
-- never committed is marked so a late call of it changes nothing; one that
-- committed has its passed gates undone. Either way no gate stands that its
-- caller does not hold a receipt for. Returns how many gates it undid.
CREATE FUNCTION onecode_gate_abandon_batch(
  p_batch text,
  p_now double precision,
  p_keep_until double precision,
  g_tenant text[],
  g_scope text[],
  g_receipt text[]
) RETURNS int
LANGUAGE plpgsql
AS $$
DECLARE
  undone int;
BEGIN
  INSERT INTO onecode_hot_gate_batches (id, expires_at) VALUES (p_batch, p_keep_until)
  ON CONFLICT (id) DO NOTHING;
  IF FOUND THEN
    RETURN 0;
  END IF;
  SELECT count(*) INTO undone FROM onecode_gate_undo(p_now, g_tenant, g_scope, g_receipt);
  RETURN undone;
END
$$;
