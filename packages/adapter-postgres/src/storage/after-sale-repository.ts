import type { StorageRepositories } from "@onecode/core";
import { type RawBuilder, type SqlBool, sql } from "kysely";
import { accessCondition } from "./access-filter.js";
import { afterSaleChangeColumns, afterSaleFromRow } from "./order-row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

type AfterSaleRepository = StorageRepositories["afterSales"];
type AfterSaleFilter = Parameters<AfterSaleRepository["list"]>[1];

function filterConditions(filter: AfterSaleFilter): RawBuilder<SqlBool>[] {
  const conditions = [accessCondition(filter.access, { storeId: "store_id", ownerId: "owner_id" })];
  if (filter.orderId !== undefined) conditions.push(sql`order_id = ${filter.orderId}`);
  if (filter.customerId !== undefined) conditions.push(sql`customer_id = ${filter.customerId}`);
  if (filter.kinds !== undefined) conditions.push(sql`kind = ANY(${[...filter.kinds]}::text[])`);
  if (filter.states !== undefined) conditions.push(sql`state = ANY(${[...filter.states]}::text[])`);
  if (filter.createdFrom !== undefined) {
    conditions.push(sql`created_at >= ${filter.createdFrom}::timestamptz`);
  }
  if (filter.createdTo !== undefined) {
    conditions.push(sql`created_at < ${filter.createdTo}::timestamptz`);
  }
  return conditions;
}

/** After-sales requests in `onecode_after_sales`; every change is compare-and-set on `version`. */
export function afterSaleRepository({ db }: StatementScope): AfterSaleRepository {
  return {
    async insert(afterSale) {
      await db
        .insertInto("onecode_after_sales")
        .values({
          tenant_id: afterSale.tenantId,
          id: afterSale.id,
          order_id: afterSale.orderId,
          created_at: afterSale.createdAt,
          ...afterSaleChangeColumns(afterSale),
        })
        .execute();
    },
    async get(tenantId, id) {
      const row = await db
        .selectFrom("onecode_after_sales")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? afterSaleFromRow(row) : null;
    },
    /** The WHERE on `version` is the whole check, as for orders. */
    async update(afterSale, expectedVersion) {
      const result = await db
        .updateTable("onecode_after_sales")
        .set(afterSaleChangeColumns(afterSale))
        .where("tenant_id", "=", afterSale.tenantId)
        .where("id", "=", afterSale.id)
        .where("version", "=", expectedVersion)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async list(tenantId, filter, page) {
      let query = db
        .selectFrom("onecode_after_sales")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where(sql<SqlBool>`${sql.join(filterConditions(filter), sql` AND `)}`);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(afterSaleFromRow);
    },
  };
}
