import type {
  ProductionLineDeletion,
  ProductionRepository,
  ProductionTask,
  ProductionTaskChange,
  ProductionTaskStatus,
} from "@onecode/core";
import { type Selectable, sql } from "kysely";
import type { ProductionTasksTable } from "../trace-tables.js";
import { FOREIGN_KEY_VIOLATION } from "./sql-errors.js";
import type { StatementScope } from "./statement-scope.js";
import {
  productionLineFromRow,
  productionLineToRow,
  productionTaskFromRow,
  productionTaskToRow,
} from "./trace-row-mapping.js";

/** How often a line delete is retried after a racing task insert committed under it. */
const DELETE_ATTEMPTS = 3;

type Db = StatementScope["db"];
type TaskRow = Selectable<ProductionTasksTable>;

/**
 * Production lines and tasks in `onecode_production_lines` and
 * `onecode_production_tasks`; every statement is scoped by tenant. A task's
 * batch and line are foreign keys (RESTRICT), and every conditional change
 * is one statement whose condition is re-checked on the latest row.
 */
export function productionRepository(scope: StatementScope): ProductionRepository {
  const { db } = scope;
  const readTask = (tenantId: string, id: string) =>
    db
      .selectFrom("onecode_production_tasks")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .executeTakeFirst();
  /** The outcome of a conditional task change that changed nothing. */
  const refusal = async (
    tenantId: string,
    id: string,
    sealedFirst: boolean,
  ): Promise<ProductionTaskChange> => {
    const current = await readTask(tenantId, id);
    if (!current) return { outcome: "not_found" };
    if (sealedFirst && current.seal_sequence !== null) return { outcome: "sealed" };
    return { outcome: "wrong_status", status: current.status as ProductionTaskStatus };
  };
  const changed = (row: TaskRow): ProductionTaskChange => ({
    outcome: "updated",
    task: productionTaskFromRow(row),
  });

  return {
    async insertLine(line) {
      await db.insertInto("onecode_production_lines").values(productionLineToRow(line)).execute();
    },

    async getLine(tenantId, id) {
      const row = await db
        .selectFrom("onecode_production_lines")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? productionLineFromRow(row) : null;
    },

    async listLines(tenantId, page) {
      let query = db
        .selectFrom("onecode_production_lines")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(productionLineFromRow);
    },

    async updateLine(tenantId, line) {
      if (line.tenantId !== tenantId) return null;
      const row = await db
        .updateTable("onecode_production_lines")
        .set({
          name: line.name,
          line_code: line.lineCode,
          workshop: line.workshop,
          factory: line.factory,
          custom_fields: JSON.stringify(line.customFields),
          updated_at: line.updatedAt,
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", line.id)
        .returningAll()
        .executeTakeFirst();
      return row ? productionLineFromRow(row) : null;
    },

    async deleteLine(tenantId, id) {
      for (let attempt = 1; ; attempt++) {
        const result = await scope.tolerate(
          (db) => deleteLineWithoutTasks(db, tenantId, id),
          [FOREIGN_KEY_VIOLATION],
        );
        if (result.ok) return result.value;
        if (attempt === DELETE_ATTEMPTS) {
          throw new Error(`line ${id} could not be deleted: tasks kept being created on it`);
        }
      }
    },

    insertTask: (task) => insertTask(db, task),

    async getTask(tenantId, id) {
      const row = await readTask(tenantId, id);
      return row ? productionTaskFromRow(row) : null;
    },

    async listTasks(tenantId, filter, page) {
      let query = db
        .selectFrom("onecode_production_tasks")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (filter.batchId !== undefined) query = query.where("batch_id", "=", filter.batchId);
      if (filter.lineId !== undefined) query = query.where("line_id", "=", filter.lineId);
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(productionTaskFromRow);
    },

    async updateDraft(tenantId, task) {
      if (task.tenantId !== tenantId) return { outcome: "not_found" };
      const result = await updateDraft(db, task);
      if (result.row) return changed(result.row);
      const refused = await refusal(tenantId, task.id, false);
      if (refused.outcome !== "wrong_status" || refused.status !== "draft") return refused;
      // Still a draft: what refused the change is a missing batch or line.
      return { outcome: result.batchFound ? "line_not_found" : "batch_not_found" };
    },

    async setTaskStatus(tenantId, id, from, change) {
      const row = await db
        .updateTable("onecode_production_tasks")
        .set({
          status: change.status,
          line_snapshot: change.line === null ? null : JSON.stringify(change.line),
          updated_at: change.updatedAt,
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("status", "=", from)
        .returningAll()
        .executeTakeFirst();
      return row ? changed(row) : refusal(tenantId, id, false);
    },

    async deleteDraft(tenantId, id) {
      const row = await db
        .deleteFrom("onecode_production_tasks")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("status", "=", "draft")
        .returning("id")
        .executeTakeFirst();
      return row ? { outcome: "deleted" } : refusal(tenantId, id, false);
    },

    async markTaskSealed(tenantId, id, seal) {
      const row = await db
        .updateTable("onecode_production_tasks")
        .set({
          seal_sequence: seal.sequence,
          seal_hash: seal.hash,
          sealed_at: seal.sealedAt,
          updated_at: seal.sealedAt,
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("status", "=", "effective")
        .where("seal_sequence", "is", null)
        .returningAll()
        .executeTakeFirst();
      return row ? changed(row) : refusal(tenantId, id, true);
    },
  };
}

/**
 * One statement: the task is inserted only if its batch and line exist,
 * both key-share locked until commit (a racing delete of either waits, then
 * fails on the foreign key and retries, seeing the task).
 */
async function insertTask(
  db: Db,
  task: ProductionTask,
): Promise<
  { readonly outcome: "inserted" } | { readonly outcome: "batch_not_found" | "line_not_found" }
> {
  const row = productionTaskToRow(task);
  const { rows } = await sql<{ batch_found: number; line_found: number; inserted: number }>`
    WITH batch AS (
      SELECT id FROM onecode_trace_batches
      WHERE tenant_id = ${row.tenant_id} AND id = ${row.batch_id}
      FOR KEY SHARE
    ), line AS (
      SELECT id FROM onecode_production_lines
      WHERE tenant_id = ${row.tenant_id} AND id = ${row.line_id}
      FOR KEY SHARE
    ), inserted AS (
      INSERT INTO onecode_production_tasks (
        tenant_id, id, name, batch_id, line_id, person_in_charge, executed_at, custom_fields,
        status, line_snapshot, seal_sequence, seal_hash, sealed_at, created_at, updated_at
      )
      SELECT
        ${row.tenant_id}::text, ${row.id}::text, ${row.name}::text, batch.id, line.id,
        ${row.person_in_charge}::text, ${row.executed_at}::timestamptz,
        ${row.custom_fields}::jsonb, ${row.status}::text, ${row.line_snapshot}::jsonb,
        ${row.seal_sequence}::bigint, ${row.seal_hash}::text, ${row.sealed_at}::timestamptz,
        ${row.created_at}::timestamptz, ${row.updated_at}::timestamptz
      FROM batch, line
      RETURNING 1
    )
    SELECT
      (SELECT count(*) FROM batch)::int AS batch_found,
      (SELECT count(*) FROM line)::int AS line_found,
      (SELECT count(*) FROM inserted)::int AS inserted
  `.execute(db);
  const result = rows[0];
  if (result?.inserted) return { outcome: "inserted" };
  if (!result?.batch_found) return { outcome: "batch_not_found" };
  return { outcome: "line_not_found" };
}

/**
 * One statement: replaces a draft's editable fields only while it is a draft
 * and its (possibly new) batch and line exist, both key-share locked.
 */
async function updateDraft(
  db: Db,
  task: ProductionTask,
): Promise<{ row: TaskRow | undefined; batchFound: boolean }> {
  const row = productionTaskToRow(task);
  const { rows } = await sql<TaskRow & { batch_found: boolean; updated: boolean }>`
    WITH batch AS (
      SELECT id FROM onecode_trace_batches
      WHERE tenant_id = ${row.tenant_id} AND id = ${row.batch_id}
      FOR KEY SHARE
    ), line AS (
      SELECT id FROM onecode_production_lines
      WHERE tenant_id = ${row.tenant_id} AND id = ${row.line_id}
      FOR KEY SHARE
    ), updated AS (
      UPDATE onecode_production_tasks t
      SET name = ${row.name}::text, batch_id = batch.id, line_id = line.id,
        person_in_charge = ${row.person_in_charge}::text,
        executed_at = ${row.executed_at}::timestamptz, custom_fields = ${row.custom_fields}::jsonb,
        updated_at = ${row.updated_at}::timestamptz
      FROM batch, line
      WHERE t.tenant_id = ${row.tenant_id} AND t.id = ${row.id} AND t.status = 'draft'
      RETURNING t.*
    )
    SELECT EXISTS (SELECT 1 FROM batch) AS batch_found, updated.*
    FROM (SELECT 1) AS one LEFT JOIN updated ON true
  `.execute(db);
  const result = rows[0];
  if (!result) throw new Error("task update statement returned no row");
  const { batch_found: batchFound, ...changed } = result;
  return { row: changed.id === null ? undefined : (changed as TaskRow), batchFound };
}

/**
 * One statement: lock the line, count its tasks, delete it when there are
 * none; a task insert that committed while this waited for the lock fails
 * the delete's foreign key (23503) and the caller retries.
 */
async function deleteLineWithoutTasks(
  db: Db,
  tenantId: string,
  id: string,
): Promise<ProductionLineDeletion> {
  const { rows } = await sql<{ tasks: number; deleted: number }>`
    WITH target AS (
      SELECT id FROM onecode_production_lines WHERE tenant_id = ${tenantId} AND id = ${id} FOR UPDATE
    ), counts AS (
      SELECT count(*)::int AS tasks FROM onecode_production_tasks
      WHERE tenant_id = ${tenantId} AND line_id = ${id}
    ), deleted AS (
      DELETE FROM onecode_production_lines l
      USING target, counts
      WHERE l.tenant_id = ${tenantId} AND l.id = target.id AND counts.tasks = 0
      RETURNING l.id
    )
    SELECT counts.tasks, (SELECT count(*) FROM deleted)::int AS deleted FROM target, counts
  `.execute(db);
  const row = rows[0];
  if (!row) return { outcome: "not_found" };
  if (row.deleted > 0) return { outcome: "deleted" };
  return { outcome: "has_tasks", taskCount: row.tasks };
}
