import type { Product, ProductDeletion, ProductInsertion, ProductRepository } from "@onecode/core";
import { sql } from "kysely";
import { countFromColumn } from "../database.js";
import { productFromRow } from "./row-mapping.js";
import { FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION } from "./sql-errors.js";
import type { StatementScope } from "./statement-scope.js";

/** The partial unique index that keeps GTINs unique per tenant (migration 0001). */
const GTIN_INDEX = "onecode_products_gtin_key";

/** How often a delete is retried after a racing code package insert committed under it. */
const DELETE_ATTEMPTS = 3;

/** Products in `onecode_products`; every statement is scoped by tenant. */
export function productRepository(scope: StatementScope): ProductRepository {
  const { db } = scope;
  return {
    insert: (product) => insertProduct(db, product),

    async get(tenantId, id) {
      const row = await db
        .selectFrom("onecode_products")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? productFromRow(row) : null;
    },

    async list(tenantId, filter, page) {
      let query = db.selectFrom("onecode_products").selectAll().where("tenant_id", "=", tenantId);
      if (filter.merchantId !== undefined)
        query = query.where("merchant_id", "=", filter.merchantId);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(productFromRow);
    },

    async update(tenantId, id, changes) {
      // Only a GTIN change can collide with another product, so only then is a savepoint paid for.
      const result = await scope.tolerate(
        (db) =>
          db
            .updateTable("onecode_products")
            .set({
              ...(changes.name !== undefined && { name: changes.name }),
              ...(changes.images !== undefined && { images: [...changes.images] }),
              ...(changes.specification !== undefined && { specification: changes.specification }),
              ...(changes.description !== undefined && { description: changes.description }),
              ...(changes.gtin !== undefined && { gtin: changes.gtin }),
              updated_at: changes.updatedAt,
            })
            .where("tenant_id", "=", tenantId)
            .where("id", "=", id)
            .returningAll()
            .executeTakeFirst(),
        changes.gtin === undefined ? [] : [UNIQUE_VIOLATION],
      );
      if (!result.ok) {
        if (result.error.constraint !== GTIN_INDEX) {
          throw new Error(
            `product ${id}: unexpected unique violation on ${result.error.constraint}`,
          );
        }
        return { outcome: "gtin_taken" };
      }
      return result.value
        ? { outcome: "updated", product: productFromRow(result.value) }
        : { outcome: "not_found" };
    },

    async delete(tenantId, id) {
      for (let attempt = 1; ; attempt++) {
        const result = await scope.tolerate(
          (db) => deleteUnlessCodesBound(db, tenantId, id),
          [FOREIGN_KEY_VIOLATION],
        );
        if (result.ok) return result.value;
        if (attempt === DELETE_ATTEMPTS) {
          throw new Error(
            `product ${id} could not be deleted: code packages or trace batches kept being created for it`,
          );
        }
      }
    },

    async adjustBoundCodes(tenantId, id, delta) {
      if (!Number.isSafeInteger(delta)) {
        throw new RangeError(`bound code delta for ${id} must be a safe integer, got ${delta}`);
      }
      const { rows } = await sql<{ count: string | bigint | null; found: boolean }>`
        WITH adjusted AS (
          UPDATE onecode_products
          SET bound_code_count = bound_code_count + ${delta}::bigint
          WHERE tenant_id = ${tenantId} AND id = ${id}
            AND bound_code_count + ${delta}::bigint >= 0
          RETURNING bound_code_count
        )
        SELECT
          (SELECT bound_code_count FROM adjusted) AS count,
          EXISTS (SELECT 1 FROM onecode_products WHERE tenant_id = ${tenantId} AND id = ${id}) AS found
      `.execute(db);
      const row = rows[0];
      if (row?.count !== null && row?.count !== undefined) return countFromColumn(row.count);
      // A non-negative delta can only miss a product that does not exist (or was just deleted).
      if (row?.found && delta < 0) {
        throw new RangeError(`bound code count of ${id} cannot go below zero`);
      }
      return null;
    },
  };
}

/**
 * One statement: the product is inserted only if its merchant exists, and the
 * merchant row stays key-share locked until commit, so a concurrent merchant
 * delete either waits for this insert or has already removed the merchant
 * (then nothing is inserted). A GTIN held by another product of the tenant,
 * even by an uncommitted insert, makes `ON CONFLICT DO NOTHING` skip the
 * insert; no error is raised, so a caller's transaction stays usable.
 */
async function insertProduct(
  db: StatementScope["db"],
  product: Product,
): Promise<ProductInsertion> {
  const { rows } = await sql<{ merchant_found: number; inserted: number }>`
    WITH merchant AS (
      SELECT id FROM onecode_merchants
      WHERE tenant_id = ${product.tenantId} AND id = ${product.merchantId}
      FOR KEY SHARE
    ), inserted AS (
      INSERT INTO onecode_products (
        tenant_id, id, merchant_id, name, images, specification, description, gtin,
        bound_code_count, created_at, updated_at
      )
      SELECT
        ${product.tenantId}::text, ${product.id}::text, merchant.id, ${product.name}::text,
        ${[...product.images]}::text[], ${product.specification}::text,
        ${product.description}::text, ${product.gtin}::text, ${product.boundCodeCount}::bigint,
        ${product.createdAt}::timestamptz, ${product.updatedAt}::timestamptz
      FROM merchant
      ON CONFLICT (tenant_id, gtin) WHERE gtin IS NOT NULL DO NOTHING
      RETURNING 1
    )
    SELECT
      (SELECT count(*) FROM merchant)::int AS merchant_found,
      (SELECT count(*) FROM inserted)::int AS inserted
  `.execute(db);
  const row = rows[0];
  if (!row || row.merchant_found === 0) return { outcome: "merchant_not_found" };
  return row.inserted > 0 ? { outcome: "inserted" } : { outcome: "gtin_taken" };
}

/**
 * One statement: lock the product (reading its latest bound-code count after
 * any concurrent adjustment commits) and delete it only when that count is 0
 * and no code package or trace batch names it. A package or batch insert that
 * committed while this waited for the lock fails the delete's foreign key
 * (23503) instead; the caller retries with a fresh snapshot that counts it. A
 * product kept by packages or batches alone is reported as `has_codes` too,
 * with its bound-code count as stored.
 */
async function deleteUnlessCodesBound(
  db: StatementScope["db"],
  tenantId: string,
  id: string,
): Promise<ProductDeletion> {
  const { rows } = await sql<{
    bound_code_count: string | bigint;
    package_count: number;
    batch_count: number;
    deleted: number;
  }>`
    WITH target AS (
      SELECT id, bound_code_count FROM onecode_products
      WHERE tenant_id = ${tenantId} AND id = ${id}
      FOR UPDATE
    ), named AS (
      SELECT
        (SELECT count(*) FROM onecode_code_packages
          WHERE tenant_id = ${tenantId} AND product_id = ${id})::int AS packages,
        (SELECT count(*) FROM onecode_trace_batches
          WHERE tenant_id = ${tenantId} AND product_id = ${id})::int AS batches
    ), deleted AS (
      DELETE FROM onecode_products p
      USING target, named
      WHERE p.tenant_id = ${tenantId} AND p.id = target.id
        AND target.bound_code_count = 0 AND named.packages = 0 AND named.batches = 0
      RETURNING p.id
    )
    SELECT target.bound_code_count, named.packages AS package_count,
      named.batches AS batch_count, (SELECT count(*) FROM deleted)::int AS deleted
    FROM target, named
  `.execute(db);
  const row = rows[0];
  if (!row) return { outcome: "not_found" };
  if (row.deleted > 0) return { outcome: "deleted" };
  return {
    outcome: "has_codes",
    boundCodeCount: countFromColumn(row.bound_code_count),
    codePackageCount: row.package_count,
    traceBatchCount: row.batch_count,
  };
}
