import type { CodeLifecycleEntry, CodeLifecycleRepository } from "@onecode/core";
import { sql } from "kysely";
import {
  type CodeStatusColumns,
  codeStatusFromRow,
  codeStatusLateral,
  lifecycleEntryFromRow,
  lifecycleEntryToRow,
} from "./lifecycle-row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

type Db = StatementScope["db"];

/** How often a void retries after the entry it collided with was restored before it could be read. */
const INSERT_ATTEMPTS = 3;

/** Increments a package's status version (creating its row at 1). */
export async function bumpStatusVersion(
  db: Db,
  tenantId: string,
  packageId: string,
): Promise<void> {
  await sql`
    INSERT INTO onecode_code_package_versions (tenant_id, package_id, status_version)
    VALUES (${tenantId}, ${packageId}, 1)
    ON CONFLICT (tenant_id, package_id)
    DO UPDATE SET status_version = onecode_code_package_versions.status_version + 1
  `.execute(db);
}

/**
 * Lifecycle entries in `onecode_code_lifecycle_entries` and the packages'
 * status versions in `onecode_code_package_versions`. A void is idempotent
 * through the partial unique index on active (package, range, kind): of
 * concurrent identical voids one inserts, the others wait for it and then
 * read its row.
 */
export function codeLifecycleRepository(scope: StatementScope): CodeLifecycleRepository {
  const { db } = scope;
  const read = (tenantId: string, id: string, on: Db = db) =>
    on
      .selectFrom("onecode_code_lifecycle_entries")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .executeTakeFirst();

  const insertOnce = (entry: CodeLifecycleEntry) =>
    scope.atomic(async (tx) => {
      const row = lifecycleEntryToRow(entry);
      const inserted = await tx
        .insertInto("onecode_code_lifecycle_entries")
        .values(row)
        .onConflict((conflict) =>
          conflict
            .columns(["tenant_id", "package_id", "from_serial", "to_serial", "kind"])
            .where("restored_at", "is", null)
            .where("kind", "<>", "destroyed")
            .doNothing(),
        )
        .returningAll()
        .executeTakeFirst();
      if (inserted) {
        await bumpStatusVersion(tx, entry.tenantId, entry.range.packageId);
        return { outcome: "inserted" as const, entry: lifecycleEntryFromRow(inserted) };
      }
      const existing = await tx
        .selectFrom("onecode_code_lifecycle_entries")
        .selectAll()
        .where("tenant_id", "=", entry.tenantId)
        .where("package_id", "=", entry.range.packageId)
        .where("from_serial", "=", entry.range.fromSerial)
        .where("to_serial", "=", entry.range.toSerial)
        .where("kind", "=", entry.kind)
        .where("restored_at", "is", null)
        .executeTakeFirst();
      return existing
        ? { outcome: "exists" as const, entry: lifecycleEntryFromRow(existing) }
        : null;
    });

  return {
    async insertVoid(entry) {
      for (let attempt = 1; ; attempt++) {
        const result = await insertOnce(entry);
        if (result) return result;
        if (attempt >= INSERT_ATTEMPTS) {
          throw new Error(`lifecycle entry ${entry.id} kept colliding with entries being restored`);
        }
      }
    },

    async get(tenantId, id) {
      const row = await read(tenantId, id);
      return row ? lifecycleEntryFromRow(row) : null;
    },

    async list(tenantId, filter, page) {
      let query = db
        .selectFrom("onecode_code_lifecycle_entries")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (filter.kind !== undefined) query = query.where("kind", "=", filter.kind);
      if (filter.packageId !== undefined) query = query.where("package_id", "=", filter.packageId);
      if (filter.serial !== undefined) {
        query = query
          .where("from_serial", "<=", filter.serial)
          .where("to_serial", ">=", filter.serial);
      }
      if (filter.active !== undefined) {
        query = query.where("restored_at", filter.active ? "is" : "is not", null);
      }
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(lifecycleEntryFromRow);
    },

    restore: (tenantId, id, by, at) =>
      scope.atomic(async (tx) => {
        const restored = await tx
          .updateTable("onecode_code_lifecycle_entries")
          .set({ restored_by: by, restored_at: at })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .where("restored_at", "is", null)
          .where("kind", "<>", "destroyed")
          .returningAll()
          .executeTakeFirst();
        if (restored) {
          await bumpStatusVersion(tx, tenantId, restored.package_id);
          return { outcome: "restored", entry: lifecycleEntryFromRow(restored) };
        }
        const current = await read(tenantId, id, tx);
        if (!current) return { outcome: "not_found" };
        return { outcome: "not_restorable", entry: lifecycleEntryFromRow(current) };
      }),

    async statusOf(tenantId, packageId, serial) {
      const { rows } = await sql<CodeStatusColumns>`
        SELECT s.* FROM (SELECT ${tenantId}::text AS t, ${packageId}::text AS p, ${serial}::int AS n) k
        ${sql.raw(codeStatusLateral("k.t", "k.p", "k.n"))}
      `.execute(db);
      return rows[0] ? codeStatusFromRow(rows[0]) : null;
    },

    async statusVersions(tenantId, packageIds) {
      if (packageIds.length === 0) return {};
      const rows = await db
        .selectFrom("onecode_code_package_versions")
        .select(["package_id", "status_version"])
        .where("tenant_id", "=", tenantId)
        .where("package_id", "in", packageIds)
        .where("status_version", ">", 0)
        .execute();
      return Object.fromEntries(rows.map((row) => [row.package_id, Number(row.status_version)]));
    },
  };
}
