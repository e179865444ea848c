-- Fenced idempotency keys: every won claim stores a fresh token, and
-- complete and release act only for the token of the key's current claim, so
-- a holder whose claim expired cannot overwrite or drop its successor's.
--
-- Rows written before this migration have no token (NULL equals nothing):
-- their holders can no longer complete or release them, and they free
-- themselves when they expire, as any abandoned claim does.
ALTER TABLE onecode_hot_idempotency ADD COLUMN token text COLLATE "C";
