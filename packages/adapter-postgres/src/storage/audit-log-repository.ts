import type { AuditChanges, AuditEntry, AuditLogRepository } from "@onecode/core";
import { type Selectable, sql } from "kysely";
import type { AuditLogTable } from "../database.js";
import { isoTimestamp } from "./row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

function entryFromRow(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    actor: { kind: row.actor_kind, id: row.actor_id },
    action: row.action,
    target: { type: row.target_type, id: row.target_id },
    at: isoTimestamp(row.at as Date | string),
    // node-postgres and PGlite both hand jsonb back parsed.
    changes: (typeof row.changes === "string"
      ? JSON.parse(row.changes)
      : row.changes) as AuditChanges,
  };
}

/**
 * The audit log in `onecode_audit_log`: inserts and selects only (the
 * table's trigger refuses UPDATE, DELETE and TRUNCATE). A batch is one
 * multi-row INSERT, so it is appended whole or not at all.
 */
export function auditLogRepository({ db }: StatementScope): AuditLogRepository {
  return {
    async append(entries) {
      if (entries.length === 0) return;
      await db
        .insertInto("onecode_audit_log")
        .values(
          entries.map((entry) => ({
            tenant_id: entry.tenantId,
            id: entry.id,
            actor_kind: entry.actor.kind,
            actor_id: entry.actor.id,
            action: entry.action,
            target_type: entry.target.type,
            target_id: entry.target.id,
            at: entry.at,
            changes: JSON.stringify(entry.changes),
          })),
        )
        .execute();
    },

    async list(tenantId, filter, page) {
      let query = db.selectFrom("onecode_audit_log").selectAll().where("tenant_id", "=", tenantId);
      if (filter.actorId !== undefined) query = query.where("actor_id", "=", filter.actorId);
      if (filter.targetType !== undefined) {
        query = query.where("target_type", "=", filter.targetType);
      }
      if (filter.targetId !== undefined) query = query.where("target_id", "=", filter.targetId);
      if (filter.action !== undefined) query = query.where("action", "=", filter.action);
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
