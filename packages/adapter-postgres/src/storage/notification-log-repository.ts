import type { NotificationLogEntry, NotificationLogRepository } from "@onecode/core";
import { type Selectable, sql } from "kysely";
import type { NotificationLogTable } from "../database.js";
import { isoTimestamp } from "./row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

function entryFromRow(row: Selectable<NotificationLogTable>): NotificationLogEntry {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    channel: row.channel,
    template: row.template,
    recipient: row.recipient,
    idempotencyKey: row.idempotency_key,
    outcome: row.outcome,
    reason: row.reason,
    providerId: row.provider_id,
    trigger: row.trigger,
    triggerId: row.trigger_id,
    at: isoTimestamp(row.at as Date | string),
  };
}

/**
 * The notification log in `onecode_notification_log`. An append is one
 * multi-row `INSERT ... ON CONFLICT DO NOTHING` on the tenant's idempotency
 * key, so a key already logged (or repeated in the batch) is skipped
 * atomically, whatever runs concurrently.
 */
export function notificationLogRepository({ db }: StatementScope): NotificationLogRepository {
  return {
    async append(entries) {
      // A key repeated within the batch is left to its first entry (one statement cannot
      // conflict with its own rows).
      const byKey = new Map<string, NotificationLogEntry>();
      for (const entry of entries) {
        const key = `${entry.tenantId}\u0000${entry.idempotencyKey}`;
        if (!byKey.has(key)) byKey.set(key, entry);
      }
      if (byKey.size === 0) return 0;
      const rows = await db
        .insertInto("onecode_notification_log")
        .values(
          [...byKey.values()].map((entry) => ({
            tenant_id: entry.tenantId,
            id: entry.id,
            channel: entry.channel,
            template: entry.template,
            recipient: entry.recipient,
            idempotency_key: entry.idempotencyKey,
            outcome: entry.outcome,
            reason: entry.reason,
            provider_id: entry.providerId,
            trigger: entry.trigger,
            trigger_id: entry.triggerId,
            at: entry.at,
          })),
        )
        .onConflict((conflict) =>
          conflict.constraint("onecode_notification_log_key_key").doNothing(),
        )
        .returning("id")
        .execute();
      return rows.length;
    },

    async findByKey(tenantId, idempotencyKey) {
      const row = await db
        .selectFrom("onecode_notification_log")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("idempotency_key", "=", idempotencyKey)
        .executeTakeFirst();
      return row ? entryFromRow(row) : null;
    },

    async list(tenantId, filter, page) {
      let query = db
        .selectFrom("onecode_notification_log")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (filter.outcome !== undefined) query = query.where("outcome", "=", filter.outcome);
      if (filter.channel !== undefined) query = query.where("channel", "=", filter.channel);
      if (filter.template !== undefined) query = query.where("template", "=", filter.template);
      if (filter.trigger !== undefined) query = query.where("trigger", "=", filter.trigger);
      if (filter.triggerId !== undefined) {
        query = query.where("trigger_id", "=", filter.triggerId);
      }
      if (filter.from !== undefined) {
        query = query.where("at", ">=", sql<Date>`${filter.from}::timestamptz`);
      }
      if (filter.to !== undefined)
        query = query.where("at", "<", sql<Date>`${filter.to}::timestamptz`);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(entryFromRow);
    },
  };
}
