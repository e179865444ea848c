import type { HotCache } from "@onecode/core";
import { sql } from "kysely";
import { expiryAt, float8, type HotStateContext } from "./hot-state-context.js";

/**
 * The string cache on `onecode_hot_cache`. Values are PostgreSQL `text`, so
 * they cannot contain the NUL character (`\u0000`).
 */
export function postgresCache({ db, clock }: HotStateContext): HotCache {
  return {
    async get(tenantId, key) {
      const row = await db
        .selectFrom("onecode_hot_cache")
        .select("value")
        .where("tenant_id", "=", tenantId)
        .where("key", "=", key)
        .where("expires_at", ">", float8(clock.nowMs()))
        .executeTakeFirst();
      return row ? row.value : null;
    },

    async set(tenantId, key, value, ttlMs) {
      await sql`
        INSERT INTO onecode_hot_cache (tenant_id, key, value, expires_at)
        VALUES (${tenantId}, ${key}, ${value}, ${float8(expiryAt(clock.nowMs(), ttlMs))})
        ON CONFLICT (tenant_id, key) DO UPDATE
        SET value = excluded.value, expires_at = excluded.expires_at
      `.execute(db);
    },

    async delete(tenantId, key) {
      await db
        .deleteFrom("onecode_hot_cache")
        .where("tenant_id", "=", tenantId)
        .where("key", "=", key)
        .execute();
    },
  };
}
