import type { Locks } from "@onecode/core";
import { sql } from "kysely";
import { expiryAt, float8, type HotStateContext } from "./hot-state-context.js";
import { newHotStateToken } from "./token.js";

/**
 * Leased locks on `onecode_hot_locks`. Acquire is one upsert that replaces
 * the row only when its lease has run out, so exactly one of N concurrent
 * callers gets a row back. Renew and release match the holder's token and a
 * live lease, so a holder whose lease expired cannot touch its successor's lock.
 */
export function postgresLocks({ db, clock, random }: HotStateContext): Locks {
  return {
    async acquire(tenantId, key, ttlMs) {
      const now = clock.nowMs();
      const token = newHotStateToken(random);
      const { rows } = await sql<{ token: string }>`
        INSERT INTO onecode_hot_locks AS l (tenant_id, key, token, expires_at)
        VALUES (${tenantId}, ${key}, ${token}, ${float8(expiryAt(now, ttlMs))})
        ON CONFLICT (tenant_id, key) DO UPDATE
        SET token = excluded.token, expires_at = excluded.expires_at
        WHERE l.expires_at <= ${float8(now)}
        RETURNING token
      `.execute(db);
      return rows[0]?.token ?? null;
    },

    async renew(tenantId, key, token, ttlMs) {
      const now = clock.nowMs();
      const row = await db
        .updateTable("onecode_hot_locks")
        .set({ expires_at: float8(expiryAt(now, ttlMs)) })
        .where("tenant_id", "=", tenantId)
        .where("key", "=", key)
        .where("token", "=", token)
        .where("expires_at", ">", float8(now))
        .returning("token")
        .executeTakeFirst();
      return row !== undefined;
    },

    async release(tenantId, key, token) {
      const row = await db
        .deleteFrom("onecode_hot_locks")
        .where("tenant_id", "=", tenantId)
        .where("key", "=", key)
        .where("token", "=", token)
        .where("expires_at", ">", float8(clock.nowMs()))
        .returning("token")
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
