import type { MerchantDeletion, MerchantRepository } from "@onecode/core";
import { sql } from "kysely";
import { merchantFromRow, merchantToRow } from "./row-mapping.js";
import { FOREIGN_KEY_VIOLATION } from "./sql-errors.js";
import type { StatementScope } from "./statement-scope.js";

/** How often a delete is retried after a racing product, rule or package insert committed under it. */
const DELETE_ATTEMPTS = 3;

/** Merchants in `onecode_merchants`; every statement is scoped by tenant. */
export function merchantRepository(scope: StatementScope): MerchantRepository {
  const { db } = scope;
  return {
    async insert(merchant) {
      await db.insertInto("onecode_merchants").values(merchantToRow(merchant)).execute();
    },

    async get(tenantId, id) {
      const row = await db
        .selectFrom("onecode_merchants")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? merchantFromRow(row) : null;
    },

    async list(tenantId, page) {
      let query = db.selectFrom("onecode_merchants").selectAll().where("tenant_id", "=", tenantId);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(merchantFromRow);
    },

    async update(tenantId, id, changes) {
      const row = await db
        .updateTable("onecode_merchants")
        .set({
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.remark !== undefined && { remark: changes.remark }),
          ...(changes.urlPrefixes !== undefined && { url_prefixes: [...changes.urlPrefixes] }),
          updated_at: changes.updatedAt,
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirst();
      return row ? merchantFromRow(row) : null;
    },

    async delete(tenantId, id) {
      for (let attempt = 1; ; attempt++) {
        const result = await scope.tolerate(
          (db) => deleteUnlessOwning(db, tenantId, id),
          [FOREIGN_KEY_VIOLATION],
        );
        if (result.ok) return result.value;
        if (attempt === DELETE_ATTEMPTS) {
          throw new Error(
            `merchant ${id} could not be deleted: products or codes kept being inserted for it`,
          );
        }
      }
    },
  };
}

/**
 * One statement: lock the merchant, count its products, code rules and code
 * packages, delete it when there are none. A product, rule or package insert
 * that committed while this statement waited for the lock is invisible to
 * the counts but not to the foreign keys, which then fail the delete
 * (23503); the caller retries, and the retry's fresh snapshot counts it.
 */
async function deleteUnlessOwning(
  db: StatementScope["db"],
  tenantId: string,
  id: string,
): Promise<MerchantDeletion> {
  const { rows } = await sql<{
    found: number;
    product_count: number;
    rule_count: number;
    package_count: number;
    deleted: number;
  }>`
    WITH target AS (
      SELECT id FROM onecode_merchants
      WHERE tenant_id = ${tenantId} AND id = ${id}
      FOR UPDATE
    ), owned AS (
      SELECT
        (SELECT count(*) FROM onecode_products
          WHERE tenant_id = ${tenantId} AND merchant_id = ${id})::int AS products,
        (SELECT count(*) FROM onecode_code_rules
          WHERE tenant_id = ${tenantId} AND merchant_id = ${id})::int AS rules,
        (SELECT count(*) FROM onecode_code_packages
          WHERE tenant_id = ${tenantId} AND merchant_id = ${id})::int AS packages
    ), deleted AS (
      DELETE FROM onecode_merchants m
      USING target, owned
      WHERE m.tenant_id = ${tenantId} AND m.id = target.id
        AND owned.products = 0 AND owned.rules = 0 AND owned.packages = 0
      RETURNING m.id
    )
    SELECT
      (SELECT count(*) FROM target)::int AS found,
      owned.products AS product_count,
      owned.rules AS rule_count,
      owned.packages AS package_count,
      (SELECT count(*) FROM deleted)::int AS deleted
    FROM owned
  `.execute(db);
  const row = rows[0];
  if (!row || row.found === 0) return { outcome: "not_found" };
  if (row.deleted > 0) return { outcome: "deleted" };
  if (row.product_count > 0) return { outcome: "has_products", productCount: row.product_count };
  return {
    outcome: "has_codes",
    codeRuleCount: row.rule_count,
    codePackageCount: row.package_count,
  };
}
