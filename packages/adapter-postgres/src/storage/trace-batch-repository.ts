import type {
  PackageBinding,
  PackageUnbinding,
  TraceBatch,
  TraceBatchChanges,
  TraceBatchDeletion,
  TraceBatchInsertion,
  TraceBatchRepository,
  TraceBatchStatus,
} from "@onecode/core";
import { SEALED_BATCH_FIELDS } from "@onecode/core/adapter-kit";
import { type Selectable, sql } from "kysely";
import type { TraceBatchesTable } from "../trace-tables.js";
import { type BatchedLookups, type LocationRow, locationFromRow } from "./batched-lookups.js";
import { codeStatusLateral } from "./lifecycle-row-mapping.js";
import { FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION } from "./sql-errors.js";
import type { StatementScope } from "./statement-scope.js";
import { traceBatchFromRow, traceBatchToRow } from "./trace-row-mapping.js";

/** The unique key of batch numbers (migration 0004). */
const NUMBER_KEY = "onecode_trace_batches_number_key";

/** How often a statement is retried after a concurrent commit changed what it had checked. */
const ATTEMPTS = 3;

type Db = StatementScope["db"];
type BatchRow = Selectable<TraceBatchesTable>;

/** Batch columns of a statement that returns the changed batch beside facts of its own. */
type Changed<Facts> = Facts & Partial<BatchRow> & { readonly id: string | null };

function changedBatch(row: Partial<BatchRow> & { id: string | null }): TraceBatch | null {
  return row.id === null ? null : traceBatchFromRow(row as BatchRow);
}

/**
 * Trace batches in `onecode_trace_batches` and their package bindings in
 * `onecode_trace_batch_packages`; every statement is scoped by tenant. Each
 * conditional change is one statement that locks the batch row, so binds,
 * unbinds, status changes, seals and deletes of one batch are serialised by
 * the database and each sees the others' committed results. With `lookups`,
 * `locateCode` (a consumer scan of a code not seen before) shares a
 * statement with the other look-ups of its event-loop turn.
 */
export function traceBatchRepository(
  scope: StatementScope,
  lookups?: BatchedLookups,
): TraceBatchRepository {
  const { db } = scope;
  const read = async (tenantId: string, id: string) =>
    db
      .selectFrom("onecode_trace_batches")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .executeTakeFirst();

  return {
    insert: (batch) => insertBatch(db, batch),

    async get(tenantId, id) {
      const row = await read(tenantId, id);
      return row ? traceBatchFromRow(row) : null;
    },

    async list(tenantId, filter, page) {
      let query = db
        .selectFrom("onecode_trace_batches")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (filter.merchantId !== undefined)
        query = query.where("merchant_id", "=", filter.merchantId);
      if (filter.productId !== undefined) query = query.where("product_id", "=", filter.productId);
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      if (filter.batchNumber !== undefined)
        query = query.where("batch_number", "=", filter.batchNumber);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(traceBatchFromRow);
    },

    async update(tenantId, id, changes) {
      const result = await scope.tolerate(
        (db) => updateUnlessSealed(db, tenantId, id, changes),
        changes.batchNumber === undefined ? [] : [UNIQUE_VIOLATION],
      );
      if (!result.ok) {
        if (result.error.constraint !== NUMBER_KEY) {
          throw new Error(`batch ${id}: unexpected unique violation on ${result.error.constraint}`);
        }
        return { outcome: "batch_number_taken" };
      }
      if (result.value) return { outcome: "updated", batch: traceBatchFromRow(result.value) };
      const current = await read(tenantId, id);
      return current ? { outcome: "sealed" } : { outcome: "not_found" };
    },

    async setStatus(tenantId, id, from, to, updatedAt) {
      const row =
        from.length === 0
          ? undefined
          : await db
              .updateTable("onecode_trace_batches")
              .set((eb) => ({
                status: to,
                // The first activation is kept: freezing and re-activating do not move it.
                ...(to === "active" && {
                  activated_at: sql<
                    string | null
                  >`coalesce(activated_at, ${updatedAt}::timestamptz)`,
                }),
                updated_at: updatedAt,
                version: eb("version", "+", 1),
              }))
              .where("tenant_id", "=", tenantId)
              .where("id", "=", id)
              .where("status", "in", [...from])
              .returningAll()
              .executeTakeFirst();
      if (row) return { outcome: "updated", batch: traceBatchFromRow(row) };
      const current = await read(tenantId, id);
      if (!current) return { outcome: "not_found" };
      return { outcome: "wrong_status", status: current.status as TraceBatchStatus };
    },

    async delete(tenantId, id) {
      for (let attempt = 1; ; attempt++) {
        const result = await scope.tolerate(
          (db) => deleteUnreferenced(db, tenantId, id),
          [FOREIGN_KEY_VIOLATION],
        );
        if (result.ok) return result.value;
        if (attempt === ATTEMPTS) {
          throw new Error(`batch ${id} could not be deleted: packages or tasks kept being added`);
        }
      }
    },

    async bindPackage(tenantId, batchId, packageId, at) {
      for (let attempt = 1; ; attempt++) {
        const outcome = await bind(db, tenantId, batchId, packageId, at);
        if (outcome !== null) return outcome;
        if (attempt === ATTEMPTS) {
          throw new Error(`package ${packageId} could not be bound: its binding kept changing`);
        }
      }
    },

    async unbindPackage(tenantId, batchId, packageId, at) {
      return unbind(db, tenantId, batchId, packageId, at);
    },

    async listPackages(tenantId, batchId) {
      const rows = await db
        .selectFrom("onecode_trace_batch_packages")
        .select("package_id")
        .where("tenant_id", "=", tenantId)
        .where("batch_id", "=", batchId)
        .orderBy("position")
        .execute();
      return rows.map((row) => row.package_id);
    },

    async locateCode(tenantId, code) {
      if (lookups) return lookups.locateCode(tenantId, code);
      const { rows } = await sql<LocationRow>`
        SELECT c.package_id, c.serial, b.batch_id, v.status_version, s.*
        FROM onecode_codes c
        LEFT JOIN onecode_trace_batch_packages b
          ON b.tenant_id = c.tenant_id AND b.package_id = c.package_id
        LEFT JOIN onecode_code_package_versions v
          ON v.tenant_id = c.tenant_id AND v.package_id = c.package_id
        ${sql.raw(codeStatusLateral("c.tenant_id", "c.package_id", "c.serial", "v.status_version"))}
        WHERE c.tenant_id = ${tenantId} AND c.code = ${code}
      `.execute(db);
      return rows[0] ? locationFromRow(rows[0]) : null;
    },

    async batchOfPackage(tenantId, packageId) {
      const row = await db
        .selectFrom("onecode_trace_batch_packages")
        .select("batch_id")
        .where("tenant_id", "=", tenantId)
        .where("package_id", "=", packageId)
        .executeTakeFirst();
      return row?.batch_id ?? null;
    },

    async markSealed(tenantId, id, seal, product, expectedVersion) {
      const row = await db
        .updateTable("onecode_trace_batches")
        .set((eb) => ({
          seal_sequence: seal.sequence,
          seal_hash: seal.hash,
          sealed_at: seal.sealedAt,
          sealed_product: JSON.stringify(product),
          updated_at: seal.sealedAt,
          version: eb("version", "+", 1),
        }))
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("seal_sequence", "is", null)
        .where("version", "=", expectedVersion)
        .returningAll()
        .executeTakeFirst();
      if (row) return { outcome: "updated", batch: traceBatchFromRow(row) };
      const current = await read(tenantId, id);
      if (!current) return { outcome: "not_found" };
      if (current.seal_sequence !== null) return { outcome: "sealed" };
      return { outcome: "version_changed", version: current.version };
    },
  };
}

/**
 * One statement: the batch is inserted only if its product exists in the
 * tenant, which stays key-share locked until commit (a racing product delete
 * waits, then fails on the foreign key and retries). A batch number the
 * tenant already uses, even in an uncommitted insert, makes `ON CONFLICT DO
 * NOTHING` skip the insert without an error, so a caller's transaction stays
 * usable.
 */
async function insertBatch(db: Db, batch: TraceBatch): Promise<TraceBatchInsertion> {
  const row = traceBatchToRow(batch);
  const { rows } = await sql<{ product_found: number; inserted: number }>`
    WITH product AS (
      SELECT id FROM onecode_products
      WHERE tenant_id = ${row.tenant_id} AND id = ${row.product_id}
      FOR KEY SHARE
    ), inserted AS (
      INSERT INTO onecode_trace_batches (
        tenant_id, id, batch_number, merchant_id, product_id, production_date, shelf_life_days,
        expiry_date, remark, custom_fields, template, count_alert, status, activated_at, code_count,
        seal_sequence, seal_hash, sealed_at, sealed_product, version, created_at, updated_at
      )
      SELECT
        ${row.tenant_id}::text, ${row.id}::text, ${row.batch_number}::text,
        ${row.merchant_id}::text, product.id, ${row.production_date}::text,
        ${row.shelf_life_days}::int, ${row.expiry_date}::text, ${row.remark}::text,
        ${row.custom_fields}::jsonb, ${row.template}::jsonb, ${row.count_alert}::jsonb,
        ${row.status}::text, ${row.activated_at}::timestamptz,
        ${row.code_count}::bigint, ${row.seal_sequence}::bigint, ${row.seal_hash}::text,
        ${row.sealed_at}::timestamptz, ${row.sealed_product}::jsonb, ${row.version}::int,
        ${row.created_at}::timestamptz, ${row.updated_at}::timestamptz
      FROM product
      ON CONFLICT ON CONSTRAINT onecode_trace_batches_number_key DO NOTHING
      RETURNING 1
    )
    SELECT
      (SELECT count(*) FROM product)::int AS product_found,
      (SELECT count(*) FROM inserted)::int AS inserted
  `.execute(db);
  const result = rows[0];
  if (!result?.product_found) return { outcome: "product_not_found" };
  return result.inserted > 0 ? { outcome: "inserted" } : { outcome: "batch_number_taken" };
}

/** Whether a change touches a field a seal freezes (core's `SEALED_BATCH_FIELDS`). */
function touchesTraceFields(changes: TraceBatchChanges): boolean {
  return SEALED_BATCH_FIELDS.some((field) => changes[field] !== undefined);
}

/**
 * One conditional update: applies the changes and increments `version`
 * unless the batch is sealed and the changes touch its trace fields. The
 * seal is re-checked on the latest row version, so a seal committed while
 * this waited for the row lock refuses the change.
 */
async function updateUnlessSealed(
  db: Db,
  tenantId: string,
  id: string,
  changes: TraceBatchChanges,
): Promise<BatchRow | undefined> {
  let query = db
    .updateTable("onecode_trace_batches")
    .set((eb) => ({
      ...(changes.batchNumber !== undefined && { batch_number: changes.batchNumber }),
      ...(changes.productionDate !== undefined && { production_date: changes.productionDate }),
      ...(changes.shelfLifeDays !== undefined && { shelf_life_days: changes.shelfLifeDays }),
      ...(changes.expiryDate !== undefined && { expiry_date: changes.expiryDate }),
      ...(changes.remark !== undefined && { remark: changes.remark }),
      ...(changes.customFields !== undefined && {
        custom_fields: JSON.stringify(changes.customFields),
      }),
      ...(changes.template !== undefined && { template: JSON.stringify(changes.template) }),
      ...(changes.countAlert !== undefined && {
        count_alert: changes.countAlert === null ? null : JSON.stringify(changes.countAlert),
      }),
      updated_at: changes.updatedAt,
      version: eb("version", "+", 1),
    }))
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id);
  if (touchesTraceFields(changes)) query = query.where("seal_sequence", "is", null);
  return query.returningAll().executeTakeFirst();
}

/**
 * One statement: lock the batch, count the packages bound to it and the
 * tasks naming it, delete it when there are none. A bind or task insert that
 * committed while this waited for the lock is invisible to the counts but
 * not to the foreign keys, which then fail the delete (23503); the caller
 * retries with a fresh snapshot that counts it.
 */
async function deleteUnreferenced(
  db: Db,
  tenantId: string,
  id: string,
): Promise<TraceBatchDeletion> {
  const { rows } = await sql<{ packages: number; tasks: number; deleted: number }>`
    WITH target AS (
      SELECT id FROM onecode_trace_batches WHERE tenant_id = ${tenantId} AND id = ${id} FOR UPDATE
    ), counts AS (
      SELECT
        (SELECT count(*) FROM onecode_trace_batch_packages
          WHERE tenant_id = ${tenantId} AND batch_id = ${id})::int AS packages,
        (SELECT count(*) FROM onecode_production_tasks
          WHERE tenant_id = ${tenantId} AND batch_id = ${id})::int AS tasks
    ), deleted AS (
      DELETE FROM onecode_trace_batches b
      USING target, counts
      WHERE b.tenant_id = ${tenantId} AND b.id = target.id AND counts.packages = 0 AND counts.tasks = 0
      RETURNING b.id
    )
    SELECT counts.packages, counts.tasks, (SELECT count(*) FROM deleted)::int AS deleted
    FROM target, counts
  `.execute(db);
  const row = rows[0];
  if (!row) return { outcome: "not_found" };
  if (row.deleted > 0) return { outcome: "deleted" };
  if (row.packages > 0) return { outcome: "has_packages", packageCount: row.packages };
  return { outcome: "has_tasks", taskCount: row.tasks };
}

/**
 * One statement: lock the batch (latest version), key-share lock the
 * package, and insert the binding only when the batch is inactive and
 * unsealed and the package succeeded; the binding's primary key lets one
 * package be bound once (a concurrent bind of it waits, then skips). The
 * batch's `codeCount` and `version` change in the same statement. `null`
 * when a binding that blocked this one was gone again by the time it was
 * looked up: the caller retries.
 */
async function bind(
  db: Db,
  tenantId: string,
  batchId: string,
  packageId: string,
  at: string,
): Promise<PackageBinding | null> {
  const { rows } = await sql<
    Changed<{
      batch_status: string | null;
      batch_sealed: boolean | null;
      package_status: string | null;
    }>
  >`
    WITH batch AS (
      SELECT id, status, seal_sequence IS NOT NULL AS sealed FROM onecode_trace_batches
      WHERE tenant_id = ${tenantId} AND id = ${batchId}
      FOR NO KEY UPDATE
    ), pkg AS (
      SELECT id, status, total FROM onecode_code_packages
      WHERE tenant_id = ${tenantId} AND id = ${packageId}
      FOR KEY SHARE
    ), bound AS (
      INSERT INTO onecode_trace_batch_packages (tenant_id, package_id, batch_id, code_count, bound_at)
      SELECT ${tenantId}::text, pkg.id, batch.id, pkg.total, ${at}::timestamptz
      FROM batch, pkg
      WHERE NOT batch.sealed AND batch.status = 'inactive' AND pkg.status = 'succeeded'
      ON CONFLICT (tenant_id, package_id) DO NOTHING
      RETURNING code_count
    ), updated AS (
      UPDATE onecode_trace_batches b
      SET code_count = b.code_count + bound.code_count, version = b.version + 1,
        updated_at = ${at}::timestamptz
      FROM bound
      WHERE b.tenant_id = ${tenantId} AND b.id = ${batchId}
      RETURNING b.*
    )
    SELECT
      (SELECT status FROM batch) AS batch_status,
      (SELECT sealed FROM batch) AS batch_sealed,
      (SELECT status FROM pkg) AS package_status,
      updated.*
    FROM (SELECT 1) AS one LEFT JOIN updated ON true
  `.execute(db);
  const row = rows[0];
  if (!row) throw new Error("bind statement returned no row");
  const batch = changedBatch(row);
  if (batch) return { outcome: "bound", batch };
  if (row.batch_status === null) return { outcome: "batch_not_found" };
  if (row.package_status === null) return { outcome: "package_not_found" };
  if (row.batch_sealed) return { outcome: "sealed" };
  if (row.batch_status !== "inactive") {
    return { outcome: "wrong_status", status: row.batch_status as TraceBatchStatus };
  }
  if (row.package_status !== "succeeded") return { outcome: "package_not_ready" };
  const holder = await db
    .selectFrom("onecode_trace_batch_packages")
    .select("batch_id")
    .where("tenant_id", "=", tenantId)
    .where("package_id", "=", packageId)
    .executeTakeFirst();
  return holder ? { outcome: "already_bound", batchId: holder.batch_id } : null;
}

/**
 * One statement: lock the batch, delete the binding only when the batch is
 * inactive and unsealed, and take the bound count back off the batch
 * (`version` increments) in the same statement.
 */
async function unbind(
  db: Db,
  tenantId: string,
  batchId: string,
  packageId: string,
  at: string,
): Promise<PackageUnbinding> {
  const { rows } = await sql<
    Changed<{ batch_status: string | null; batch_sealed: boolean | null; was_bound: boolean }>
  >`
    WITH batch AS (
      SELECT id, status, seal_sequence IS NOT NULL AS sealed FROM onecode_trace_batches
      WHERE tenant_id = ${tenantId} AND id = ${batchId}
      FOR NO KEY UPDATE
    ), removed AS (
      DELETE FROM onecode_trace_batch_packages p
      USING batch
      WHERE p.tenant_id = ${tenantId} AND p.package_id = ${packageId} AND p.batch_id = batch.id
        AND NOT batch.sealed AND batch.status = 'inactive'
      RETURNING p.code_count
    ), updated AS (
      UPDATE onecode_trace_batches b
      SET code_count = b.code_count - removed.code_count, version = b.version + 1,
        updated_at = ${at}::timestamptz
      FROM removed
      WHERE b.tenant_id = ${tenantId} AND b.id = ${batchId}
      RETURNING b.*
    )
    SELECT
      (SELECT status FROM batch) AS batch_status,
      (SELECT sealed FROM batch) AS batch_sealed,
      EXISTS (
        SELECT 1 FROM onecode_trace_batch_packages
        WHERE tenant_id = ${tenantId} AND package_id = ${packageId} AND batch_id = ${batchId}
      ) AS was_bound,
      updated.*
    FROM (SELECT 1) AS one LEFT JOIN updated ON true
  `.execute(db);
  const row = rows[0];
  if (!row) throw new Error("unbind statement returned no row");
  const batch = changedBatch(row);
  if (batch) return { outcome: "unbound", batch };
  // A binding a concurrent unbind removed while this waited for the batch lock: not bound (any more).
  if (row.batch_status === null || !row.was_bound) return { outcome: "not_bound" };
  if (row.batch_sealed) return { outcome: "sealed" };
  if (row.batch_status !== "inactive") {
    return { outcome: "wrong_status", status: row.batch_status as TraceBatchStatus };
  }
  return { outcome: "not_bound" };
}
