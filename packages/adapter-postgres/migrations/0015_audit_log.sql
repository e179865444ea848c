-- The audit log: one row per state change made by a staff member or the
-- system, inserted in the same transaction as the change. Append-only: the
-- trigger below refuses UPDATE, DELETE and TRUNCATE, so not even a mistaken
-- statement of the SDK can rewrite history. (A schema owner can still drop
-- the trigger; the guard is against mistakes, not against the owner.)
CREATE TABLE onecode_audit_log (
  tenant_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  actor_kind text COLLATE "C" NOT NULL,
  actor_id text COLLATE "C" NOT NULL,
  action text COLLATE "C" NOT NULL,
  target_type text COLLATE "C" NOT NULL,
  target_id text COLLATE "C" NOT NULL,
  at timestamptz NOT NULL,
  changes jsonb NOT NULL,
  CONSTRAINT onecode_audit_log_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT onecode_audit_log_actor_kind_check CHECK (actor_kind IN ('staff', 'system', 'consumer')),
  CONSTRAINT onecode_audit_log_changes_check CHECK (jsonb_typeof(changes) = 'object')
);

-- One index per filter, each ending in id so a filtered page is read newest
-- first straight from the index. The period filter ranges over `at`.
CREATE INDEX onecode_audit_log_actor_idx ON onecode_audit_log (tenant_id, actor_id, id);
CREATE INDEX onecode_audit_log_target_idx
  ON onecode_audit_log (tenant_id, target_type, target_id, id);
CREATE INDEX onecode_audit_log_action_idx ON onecode_audit_log (tenant_id, action, id);
CREATE INDEX onecode_audit_log_at_idx ON onecode_audit_log (tenant_id, at, id);

CREATE FUNCTION onecode_audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'onecode_audit_log is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER onecode_audit_log_append_only
  BEFORE UPDATE OR DELETE ON onecode_audit_log
  FOR EACH ROW EXECUTE FUNCTION onecode_audit_log_refuse_change();

CREATE TRIGGER onecode_audit_log_no_truncate
  BEFORE TRUNCATE ON onecode_audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION onecode_audit_log_refuse_change();
