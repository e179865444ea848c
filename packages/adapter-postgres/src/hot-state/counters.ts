import type { AtomicCounters } from "@onecode/core";
import { sql } from "kysely";
import { countFromColumn } from "../database.js";
import { expiryAt, float8, type HotStateContext } from "./hot-state-context.js";

/**
 * Counters in `onecode_hot_counters`. A take is one upsert whose `WHERE`
 * re-checks the limit on the row's latest version under its row lock, so
 * parallel takes on any number of connections never pass the limit.
 */
export function postgresCounters({ db, clock }: HotStateContext): AtomicCounters {
  const get = async (tenantId: string, key: string): Promise<number> => {
    const row = await db
      .selectFrom("onecode_hot_counters")
      .select("value")
      .where("tenant_id", "=", tenantId)
      .where("key", "=", key)
      .where("expires_at", ">", float8(clock.nowMs()))
      .executeTakeFirst();
    return row ? countFromColumn(row.value) : 0;
  };

  return {
    get,

    async take(tenantId, key, amount, { limit, ttlMs }) {
      if (amount > limit) return { ok: false, value: await get(tenantId, key) };
      const now = clock.nowMs();
      // An expired row counts as absent: the take starts a fresh window with a fresh lifetime.
      const expired = sql<boolean>`c.expires_at <= ${float8(now)}`;
      const { rows } = await sql<{ value: string | bigint }>`
        INSERT INTO onecode_hot_counters AS c (tenant_id, key, value, expires_at)
        VALUES (${tenantId}, ${key}, ${amount}::bigint, ${float8(expiryAt(now, ttlMs))})
        ON CONFLICT (tenant_id, key) DO UPDATE SET
          value = CASE WHEN ${expired} THEN excluded.value ELSE c.value + excluded.value END,
          expires_at = CASE WHEN ${expired} THEN excluded.expires_at ELSE c.expires_at END
        WHERE (CASE WHEN ${expired} THEN 0 ELSE c.value END) + excluded.value <= ${float8(limit)}
        RETURNING value
      `.execute(db);
      const row = rows[0];
      if (row) return { ok: true, value: countFromColumn(row.value) };
      // Refused: the statement wrote nothing; report the value as it stands now.
      return { ok: false, value: await get(tenantId, key) };
    },

    async give(tenantId, key, amount) {
      const row = await db
        .updateTable("onecode_hot_counters")
        .set((eb) => ({ value: sql<number>`greatest(${eb.ref("value")} - ${amount}::bigint, 0)` }))
        .where("tenant_id", "=", tenantId)
        .where("key", "=", key)
        .where("expires_at", ">", float8(clock.nowMs()))
        .returning("value")
        .executeTakeFirst();
      return row ? countFromColumn(row.value) : 0;
    },
  };
}
