import type { IdempotencyClaim, IdempotencyKeys } from "@onecode/core";
import { sql } from "kysely";
import { expiryAt, float8, type HotStateContext } from "./hot-state-context.js";
import { newHotStateToken } from "./token.js";

/** Re-claims after the key was released or expired between the claim and the read of its state. */
const CLAIM_ATTEMPTS = 5;

/**
 * Idempotency keys on `onecode_hot_idempotency`: a row with a `NULL` result
 * is an operation in progress, a row with a result a completed one. Each won
 * claim writes a fresh token; complete and release are single statements
 * that compare it, so a holder whose claim expired cannot touch its
 * successor's claim or result.
 */
export function postgresIdempotency({ db, clock, random }: HotStateContext): IdempotencyKeys {
  return {
    async claim(tenantId, key, ttlMs): Promise<IdempotencyClaim> {
      for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
        const now = clock.nowMs();
        const token = newHotStateToken(random);
        // Claims the key when absent or expired; of N concurrent callers exactly one gets a row back.
        const { rows } = await sql`
          INSERT INTO onecode_hot_idempotency AS i (tenant_id, key, token, result, expires_at)
          VALUES (${tenantId}, ${key}, ${token}, NULL, ${float8(expiryAt(now, ttlMs))})
          ON CONFLICT (tenant_id, key) DO UPDATE
          SET token = excluded.token, result = NULL, expires_at = excluded.expires_at
          WHERE i.expires_at <= ${float8(now)}
          RETURNING 1
        `.execute(db);
        if (rows.length > 0) return { state: "claimed", token };
        // Someone else holds the key. A new statement sees their committed row.
        const held = await db
          .selectFrom("onecode_hot_idempotency")
          .select("result")
          .where("tenant_id", "=", tenantId)
          .where("key", "=", key)
          .where("expires_at", ">", float8(now))
          .executeTakeFirst();
        if (held) {
          return held.result === null
            ? { state: "in_progress" }
            : { state: "completed", result: held.result };
        }
      }
      throw new Error(
        "an idempotency key kept being released or expiring while claimed; claim it again",
      );
    },

    async complete(tenantId, key, token, result, ttlMs) {
      const now = clock.nowMs();
      // Stores when the key is free (the claim expired unclaimed) or still claimed with this
      // token; ON CONFLICT re-checks the WHERE on the row it locked, so a racing claim is seen.
      const { rows } = await sql`
        INSERT INTO onecode_hot_idempotency AS i (tenant_id, key, token, result, expires_at)
        VALUES (${tenantId}, ${key}, ${token}, ${result}, ${float8(expiryAt(now, ttlMs))})
        ON CONFLICT (tenant_id, key) DO UPDATE
        SET result = excluded.result, expires_at = excluded.expires_at, token = excluded.token
        WHERE i.expires_at <= ${float8(now)} OR (i.result IS NULL AND i.token = ${token})
        RETURNING 1
      `.execute(db);
      return rows.length > 0;
    },

    async release(tenantId, key, token) {
      // Only this token's running claim is dropped: a completed result survives a late release.
      const row = await db
        .deleteFrom("onecode_hot_idempotency")
        .where("tenant_id", "=", tenantId)
        .where("key", "=", key)
        .where("token", "=", token)
        .where("result", "is", null)
        .where("expires_at", ">", float8(clock.nowMs()))
        .returning("key")
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
