import type { StorageRepositories } from "@onecode/core";
import { type RawBuilder, type SqlBool, sql } from "kysely";
import { accessCondition } from "./access-filter.js";
import {
  ORDER_COLUMNS,
  type Order,
  orderChangeColumns,
  orderFromRow,
} from "./order-row-mapping.js";
import { orderStatistics } from "./order-statistics.js";
import type { StatementScope } from "./statement-scope.js";

type OrderRepository = StorageRepositories["orders"];
type OrderFilter = Parameters<OrderRepository["list"]>[1];

const anyOf = (column: string, values: readonly string[]) =>
  sql<SqlBool>`${sql.ref(column)} = ANY(${[...values]}::text[])`;
const instantAtLeast = (column: string, at: string) =>
  sql<SqlBool>`${sql.ref(column)} >= ${at}::timestamptz`;
const instantBefore = (column: string, at: string) =>
  sql<SqlBool>`${sql.ref(column)} < ${at}::timestamptz`;

/**
 * The WHERE conditions of `filter` (the tenant aside), each on an indexed
 * column where one helps: the line arrays through their GIN indexes, times
 * and dates through their btree indexes.
 */
function filterConditions(filter: OrderFilter): RawBuilder<SqlBool>[] {
  const conditions = [accessCondition(filter.access, { storeId: "store_id", ownerId: "owner_id" })];
  const add = (condition: RawBuilder<SqlBool>) => conditions.push(condition);
  if (filter.states !== undefined) add(anyOf("state", filter.states));
  if (filter.logisticsStates !== undefined) add(anyOf("logistics_state", filter.logisticsStates));
  if (filter.deliveryMethods !== undefined) add(anyOf("delivery_method", filter.deliveryMethods));
  if (filter.customerId !== undefined) add(sql`customer_id = ${filter.customerId}`);
  if (filter.productId !== undefined) add(sql`product_ids @> ARRAY[${filter.productId}]::text[]`);
  if (filter.skuId !== undefined) add(sql`sku_ids @> ARRAY[${filter.skuId}]::text[]`);
  if (filter.channel !== undefined) add(sql`channel = ${filter.channel}`);
  if (filter.number !== undefined) add(sql`number = ${filter.number}`);
  if (filter.cancellationRequested !== undefined) {
    add(sql`cancellation_requested = ${filter.cancellationRequested}`);
  }
  if (filter.createdFrom !== undefined) add(instantAtLeast("created_at", filter.createdFrom));
  if (filter.createdTo !== undefined) add(instantBefore("created_at", filter.createdTo));
  if (filter.paidFrom !== undefined) add(instantAtLeast("paid_at", filter.paidFrom));
  if (filter.paidTo !== undefined) add(instantBefore("paid_at", filter.paidTo));
  if (filter.shippedFrom !== undefined) add(instantAtLeast("shipped_at", filter.shippedFrom));
  if (filter.shippedTo !== undefined) add(instantBefore("shipped_at", filter.shippedTo));
  if (filter.shipOnFrom !== undefined) add(sql`ship_on >= ${filter.shipOnFrom}::date`);
  if (filter.shipOnTo !== undefined) add(sql`ship_on <= ${filter.shipOnTo}::date`);
  return conditions;
}

/** Orders in `onecode_orders`, keyed by tenant and id; every change is compare-and-set on `version`. */
export function orderRepository(scope: StatementScope): OrderRepository {
  const { db } = scope;
  const selected = () => db.selectFrom("onecode_orders").select(ORDER_COLUMNS);
  const findOne = async (
    tenantId: string,
    column: "id" | "number" | "verification_code",
    value: string,
  ) => {
    const row = await selected()
      .where("tenant_id", "=", tenantId)
      .where(column, "=", value)
      .executeTakeFirst();
    return row ? orderFromRow(row) : null;
  };
  const matching = (tenantId: string, filter: OrderFilter) =>
    db
      .selectFrom("onecode_orders")
      .where("tenant_id", "=", tenantId)
      .where(sql<SqlBool>`${sql.join(filterConditions(filter), sql` AND `)}`);
  return {
    /**
     * ON CONFLICT DO NOTHING answers a taken number or code without an error
     * (a caller's transaction stays usable, concurrent twins wait for each
     * other); the conflicting row is then read to say which one it was.
     */
    async insert(order: Order) {
      const inserted = await db
        .insertInto("onecode_orders")
        .values({
          tenant_id: order.tenantId,
          id: order.id,
          number: order.number,
          created_at: order.createdAt,
          ...orderChangeColumns(order),
        })
        .onConflict((conflict) => conflict.doNothing())
        .returning("id")
        .executeTakeFirst();
      if (inserted) return { outcome: "inserted" };
      const code = order.verification?.code ?? null;
      const taken = await db
        .selectFrom("onecode_orders")
        .select(sql<boolean>`bool_or(number = ${order.number})`.as("number_taken"))
        .select(sql<boolean>`bool_or(verification_code = ${code})`.as("code_taken"))
        .where("tenant_id", "=", order.tenantId)
        .where((eb) => eb.or([eb("number", "=", order.number), eb("verification_code", "=", code)]))
        .executeTakeFirstOrThrow();
      if (taken.number_taken) return { outcome: "number_taken" };
      if (taken.code_taken) return { outcome: "verification_code_taken" };
      throw new Error(`order ${order.id} is already stored`);
    },
    get: (tenantId, id) => findOne(tenantId, "id", id),
    getByNumber: (tenantId, number) => findOne(tenantId, "number", number),
    getByVerificationCode: (tenantId, code) => findOne(tenantId, "verification_code", code),
    /** The WHERE on `version` is the whole check: of concurrent updaters one matches, the others wait and then match nothing. */
    async update(order, expectedVersion) {
      const result = await db
        .updateTable("onecode_orders")
        .set(orderChangeColumns(order))
        .where("tenant_id", "=", order.tenantId)
        .where("id", "=", order.id)
        .where("version", "=", expectedVersion)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async list(tenantId, filter, page) {
      let query = matching(tenantId, filter).select(ORDER_COLUMNS);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(orderFromRow);
    },
    async countByState(tenantId, filter) {
      const rows = await matching(tenantId, filter)
        .select(["state", sql<string | number>`count(*)`.as("orders")])
        .groupBy("state")
        .execute();
      return Object.fromEntries(rows.map((row) => [row.state, Number(row.orders)]));
    },
    statistics: (tenantId, query) => orderStatistics(db, tenantId, query),
  };
}
