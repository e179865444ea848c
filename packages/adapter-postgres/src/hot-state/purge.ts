import { sql } from "kysely";
import { type AnyKysely, oneCodeDb } from "../database.js";
import { float8 } from "./hot-state-context.js";

/**
 * Deletes every hot-state row (counters, rate-limit cells, cache entries,
 * locks, idempotency keys, gate counters, gate receipts and the gate
 * writer's batch records) that expired at or before `nowMs`, and the rows
 * of once-keys that undone gates freed, in one statement, and returns how many rows it removed. Expired rows already read
 * as absent; purging only reclaims their space, so run it on a schedule
 * (e.g. every few minutes) with the same clock the hot state uses.
 *
 * @example
 * ```ts
 * setInterval(() => void purgeExpiredHotState(db, Date.now()), 5 * 60_000);
 * ```
 */
export async function purgeExpiredHotState(db: AnyKysely, nowMs: number): Promise<number> {
  if (Number.isNaN(nowMs)) throw new RangeError("nowMs must be a time in epoch milliseconds");
  const now = float8(nowMs);
  const { rows } = await sql<{ deleted: number }>`
    WITH counters AS (
      DELETE FROM onecode_hot_counters WHERE expires_at <= ${now} RETURNING 1
    ), rate_limits AS (
      DELETE FROM onecode_hot_rate_limits WHERE expires_at <= ${now} RETURNING 1
    ), cache AS (
      DELETE FROM onecode_hot_cache WHERE expires_at <= ${now} RETURNING 1
    ), locks AS (
      DELETE FROM onecode_hot_locks WHERE expires_at <= ${now} RETURNING 1
    ), idempotency AS (
      DELETE FROM onecode_hot_idempotency WHERE expires_at <= ${now} RETURNING 1
    ), gate_state AS (
      DELETE FROM onecode_hot_gate_state WHERE expires_at <= ${now} RETURNING 1
    ), gate_receipts AS (
      DELETE FROM onecode_hot_gate_receipts WHERE expires_at <= ${now} RETURNING 1
    ), gate_batches AS (
      DELETE FROM onecode_hot_gate_batches WHERE expires_at <= ${now} RETURNING 1
    )
    SELECT (
      (SELECT count(*) FROM counters) + (SELECT count(*) FROM rate_limits)
      + (SELECT count(*) FROM cache) + (SELECT count(*) FROM locks)
      + (SELECT count(*) FROM idempotency) + (SELECT count(*) FROM gate_state)
      + (SELECT count(*) FROM gate_receipts) + (SELECT count(*) FROM gate_batches)
    )::int AS deleted
  `.execute(oneCodeDb(db));
  return rows[0]?.deleted ?? 0;
}
