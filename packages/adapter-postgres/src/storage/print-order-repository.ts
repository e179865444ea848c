import type { PrintOrderRepository, PrintOrderStatus } from "@onecode/core";
import { sql } from "kysely";
import { printOrderFromRow, printOrderToRow } from "./codes-row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

/** Print orders in `onecode_print_orders`; every statement is scoped by tenant. */
export function printOrderRepository(scope: StatementScope): PrintOrderRepository {
  const { db } = scope;
  return {
    async insert(order) {
      const row = printOrderToRow(order);
      await sql`
        INSERT INTO onecode_print_orders (
          tenant_id, id, package_ids, finish, recipient, quote, status, tracking_number, courier,
          created_at, updated_at
        ) VALUES (
          ${row.tenant_id}, ${row.id}, ${row.package_ids}::text[], ${row.finish},
          ${row.recipient}::jsonb, ${row.quote}::jsonb, ${row.status}, ${row.tracking_number},
          ${row.courier}, ${row.created_at}::timestamptz, ${row.updated_at}::timestamptz
        )
      `.execute(db);
    },

    async get(tenantId, id) {
      const row = await db
        .selectFrom("onecode_print_orders")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? printOrderFromRow(row) : null;
    },

    async list(tenantId, filter, page) {
      let query = db
        .selectFrom("onecode_print_orders")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(printOrderFromRow);
    },

    async transition(tenantId, id, from, change) {
      // One conditional update; only a refusal pays for a read of the latest committed status.
      const row = await db
        .updateTable("onecode_print_orders")
        .set({
          status: change.status,
          updated_at: change.updatedAt,
          ...(change.trackingNumber !== undefined && { tracking_number: change.trackingNumber }),
          ...(change.courier !== undefined && { courier: change.courier }),
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("status", "=", from)
        .returningAll()
        .executeTakeFirst();
      if (row) return { outcome: "updated", order: printOrderFromRow(row) };
      const current = await db
        .selectFrom("onecode_print_orders")
        .select("status")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return current
        ? { outcome: "wrong_status", status: current.status as PrintOrderStatus }
        : { outcome: "not_found" };
    },
  };
}
