import type { IdempotencyClaim, IdempotencyKeys } from "@onecode/core";
import { sql } from "kysely";
import { expiryAt, float8, type HotStateContext } from "./hot-state-context.js";

/** Re-claims after the key was released or expired between the claim and the read of its state. */
const CLAIM_ATTEMPTS = 5;

/**
 * Idempotency keys on `onecode_hot_idempotency`: a row with a `NULL` result
 * is an operation in progress, a row with a result a completed one.
 */
export function postgresIdempotency({ db, clock }: HotStateContext): IdempotencyKeys {
  return {
    async claim(tenantId, key, ttlMs): Promise<IdempotencyClaim> {
      for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
        const now = clock.nowMs();
        // Claims the key when absent or expired; of N concurrent callers exactly one gets a row back.
        const { rows } = await sql`
          INSERT INTO onecode_hot_idempotency AS i (tenant_id, key, result, expires_at)
          VALUES (${tenantId}, ${key}, NULL, ${float8(expiryAt(now, ttlMs))})
          ON CONFLICT (tenant_id, key) DO UPDATE
          SET result = NULL, expires_at = excluded.expires_at
          WHERE i.expires_at <= ${float8(now)}
          RETURNING 1
        `.execute(db);
        if (rows.length > 0) return { state: "claimed" };
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

    async complete(tenantId, key, result, ttlMs) {
      await sql`
        INSERT INTO onecode_hot_idempotency (tenant_id, key, result, expires_at)
        VALUES (${tenantId}, ${key}, ${result}, ${float8(expiryAt(clock.nowMs(), ttlMs))})
        ON CONFLICT (tenant_id, key) DO UPDATE
        SET result = excluded.result, expires_at = excluded.expires_at
      `.execute(db);
    },

    async release(tenantId, key) {
      // Only a running claim is dropped: a completed result survives a late release.
      await db
        .deleteFrom("onecode_hot_idempotency")
        .where("tenant_id", "=", tenantId)
        .where("key", "=", key)
        .where("result", "is", null)
        .execute();
    },
  };
}
