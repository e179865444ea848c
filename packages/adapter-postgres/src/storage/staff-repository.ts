import type { StaffRepository } from "@onecode/core";
import { sql } from "kysely";
import { staffFromRow, staffToRow } from "./distribution-row-mapping.js";
import { UNIQUE_VIOLATION } from "./sql-errors.js";
import type { StatementScope } from "./statement-scope.js";

/** The unique index on (tenant_id, lower(login_name)) (migration 0004). */
const LOGIN_KEY = "onecode_staff_login_key";

/**
 * Staff members in `onecode_staff`; every statement is scoped by tenant.
 * Login names are unique per tenant ignoring case, by a unique index, so
 * concurrent inserts of one name: exactly one wins.
 */
export function staffRepository(scope: StatementScope): StaffRepository {
  const { db } = scope;
  return {
    /**
     * One insert whose `ON CONFLICT DO NOTHING` skips a login name taken in
     * the tenant (even by an uncommitted insert, which it waits for) without
     * an error, so a caller's transaction stays usable.
     */
    async insert(member) {
      const row = staffToRow(member);
      const { rows } = await sql<{ id: string }>`
        INSERT INTO onecode_staff (
          tenant_id, id, login_name, display_name, roles, enterprise_ids, created_at, updated_at
        ) VALUES (
          ${row.tenant_id}, ${row.id}, ${row.login_name}, ${row.display_name},
          ${row.roles}::text[], ${row.enterprise_ids}::text[], ${row.created_at}::timestamptz,
          ${row.updated_at}::timestamptz
        )
        ON CONFLICT (tenant_id, lower(login_name)) DO NOTHING
        RETURNING id
      `.execute(db);
      return rows.length > 0 ? { outcome: "inserted" } : { outcome: "login_taken" };
    },

    async get(tenantId, id) {
      const row = await db
        .selectFrom("onecode_staff")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? staffFromRow(row) : null;
    },

    async list(tenantId, page) {
      let query = db.selectFrom("onecode_staff").selectAll().where("tenant_id", "=", tenantId);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(staffFromRow);
    },

    async update(tenantId, member) {
      if (member.tenantId !== tenantId) return { outcome: "not_found" };
      const row = staffToRow(member);
      // An update cannot say ON CONFLICT: the unique violation is caught (under a savepoint in a transaction).
      const result = await scope.tolerate(
        (db) =>
          db
            .updateTable("onecode_staff")
            .set({
              login_name: row.login_name,
              display_name: row.display_name,
              roles: row.roles,
              enterprise_ids: row.enterprise_ids,
              created_at: row.created_at,
              updated_at: row.updated_at,
            })
            .where("tenant_id", "=", tenantId)
            .where("id", "=", member.id)
            .returning("id")
            .executeTakeFirst(),
        [UNIQUE_VIOLATION],
      );
      if (!result.ok) {
        if (result.error.constraint !== LOGIN_KEY) {
          throw new Error(
            `staff ${member.id}: unexpected unique violation on ${result.error.constraint}`,
          );
        }
        return { outcome: "login_taken" };
      }
      return result.value ? { outcome: "updated" } : { outcome: "not_found" };
    },

    async delete(tenantId, id) {
      const result = await db
        .deleteFrom("onecode_staff")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
