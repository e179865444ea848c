import type {
  LimitedDiscount,
  LimitedDiscountItem,
  LimitedDiscountRecurrence,
  LimitedDiscountRepository,
  LimitedDiscountTake,
  LimitedDiscountTakeOutcome,
} from "@onecode/core";
import { type Kysely, type Selectable, sql } from "kysely";
import {
  countFromColumn,
  type LimitedDiscountItemsTable,
  type LimitedDiscountsTable,
  type LimitedDiscountTakesTable,
  type OneCodeDatabase,
} from "../database.js";
import { isoTimestamp } from "./row-mapping.js";
import { RollBack, type StatementScope } from "./statement-scope.js";

function itemFromRow(row: Selectable<LimitedDiscountItemsTable>): LimitedDiscountItem {
  return {
    skuId: row.sku_id,
    productId: row.product_id,
    rate: row.rate,
    amount: row.amount === null ? null : countFromColumn(row.amount),
    stock: countFromColumn(row.stock),
    sold: countFromColumn(row.sold),
  };
}

function discountFromRow(
  row: Selectable<LimitedDiscountsTable>,
  items: readonly LimitedDiscountItem[],
): LimitedDiscount {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    name: row.name,
    kind: row.kind as LimitedDiscount["kind"],
    rounding: row.rounding as LimitedDiscount["rounding"],
    startsAt: isoTimestamp(row.starts_at),
    endsAt: isoTimestamp(row.ends_at),
    recurrence: (row.recurrence ?? null) as LimitedDiscountRecurrence | null,
    limit:
      row.limit_mode === null || row.limit_quantity === null
        ? null
        : {
            mode: row.limit_mode as "lose_all" | "first_n" | "refuse",
            quantity: countFromColumn(row.limit_quantity),
          },
    items,
    state: row.state as LimitedDiscount["state"],
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

function takeFromRow(row: Selectable<LimitedDiscountTakesTable>): LimitedDiscountTake {
  return {
    tenantId: row.tenant_id,
    orderId: row.order_id,
    discountId: row.discount_id,
    customerId: row.customer_id,
    lines: row.lines as LimitedDiscountTake["lines"],
    status: row.status as LimitedDiscountTake["status"],
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The discounts of the rows, with their items in position order. */
async function withItems(
  db: Kysely<OneCodeDatabase>,
  tenantId: string,
  rows: readonly Selectable<LimitedDiscountsTable>[],
): Promise<LimitedDiscount[]> {
  if (rows.length === 0) return [];
  const items = await db
    .selectFrom("onecode_limited_discount_items")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where(
      "discount_id",
      "in",
      rows.map((row) => row.id),
    )
    .orderBy("position")
    .execute();
  return rows.map((row) =>
    discountFromRow(row, items.filter((item) => item.discount_id === row.id).map(itemFromRow)),
  );
}

/** Adds `sign × units` of each line to the items' sold units and the buyer's counts. */
async function moveUnits(db: Kysely<OneCodeDatabase>, take: LimitedDiscountTake, sign: 1 | -1) {
  for (const line of take.lines) {
    await db
      .updateTable("onecode_limited_discount_items")
      .set({ sold: sql`sold + ${sign * line.units}` })
      .where("tenant_id", "=", take.tenantId)
      .where("discount_id", "=", take.discountId)
      .where("sku_id", "=", line.skuId)
      .execute();
    await db
      .updateTable("onecode_limited_discount_buyers")
      .set({ units: sql`units + ${sign * line.units}` })
      .where("tenant_id", "=", take.tenantId)
      .where("discount_id", "=", take.discountId)
      .where("customer_id", "=", take.customerId)
      .where("sku_id", "=", line.skuId)
      .execute();
  }
}

/**
 * Time-limited discounts in `onecode_limited_discounts` and its items,
 * takes and buyers tables (migration 0026).
 */
export function limitedDiscountRepository(scope: StatementScope): LimitedDiscountRepository {
  const { db } = scope;
  return {
    /** One discount per SKU and time: a per-tenant advisory lock serializes the overlap check with the insert. */
    insert: (discount) =>
      scope.atomic(async (db) => {
        await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`onecode_limited_discounts:${discount.tenantId}`}, 0))`.execute(
          db,
        );
        const clash = await db
          .selectFrom("onecode_limited_discount_items as i")
          .innerJoin("onecode_limited_discounts as d", (join) =>
            join.onRef("d.tenant_id", "=", "i.tenant_id").onRef("d.id", "=", "i.discount_id"),
          )
          .select(["i.sku_id", "d.id"])
          .where("i.tenant_id", "=", discount.tenantId)
          .where(
            "i.sku_id",
            "in",
            discount.items.map((item) => item.skuId),
          )
          .where("d.state", "=", "active")
          .where(sql<boolean>`d.starts_at < ${discount.endsAt}::timestamptz`)
          .where(sql<boolean>`d.ends_at > ${discount.startsAt}::timestamptz`)
          .orderBy("d.id")
          .executeTakeFirst();
        if (clash)
          return { outcome: "sku_taken" as const, skuId: clash.sku_id, discountId: clash.id };
        await db
          .insertInto("onecode_limited_discounts")
          .values({
            tenant_id: discount.tenantId,
            id: discount.id,
            name: discount.name,
            kind: discount.kind,
            rounding: discount.rounding,
            starts_at: discount.startsAt,
            ends_at: discount.endsAt,
            recurrence: discount.recurrence === null ? null : JSON.stringify(discount.recurrence),
            limit_mode: discount.limit?.mode ?? null,
            limit_quantity: discount.limit?.quantity ?? null,
            state: discount.state,
            created_at: discount.createdAt,
            updated_at: discount.updatedAt,
          })
          .execute();
        await db
          .insertInto("onecode_limited_discount_items")
          .values(
            discount.items.map((item, position) => ({
              tenant_id: discount.tenantId,
              discount_id: discount.id,
              sku_id: item.skuId,
              position,
              product_id: item.productId,
              rate: item.rate,
              amount: item.amount,
              stock: item.stock,
              sold: item.sold,
            })),
          )
          .execute();
        return { outcome: "inserted" as const };
      }),
    async get(tenantId, id) {
      const rows = await db
        .selectFrom("onecode_limited_discounts")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .execute();
      return (await withItems(db, tenantId, rows))[0] ?? null;
    },
    async list(tenantId, { beforeId, limit }) {
      let query = db
        .selectFrom("onecode_limited_discounts")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (beforeId !== null) query = query.where("id", "<", beforeId);
      return withItems(db, tenantId, await query.orderBy("id", "desc").limit(limit).execute());
    },
    async end(tenantId, id, at) {
      const rows = await db
        .updateTable("onecode_limited_discounts")
        .set({ state: "ended", updated_at: at })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("state", "=", "active")
        .returningAll()
        .execute();
      return (await withItems(db, tenantId, rows))[0] ?? null;
    },
    async listRunning(tenantId, skuIds, at) {
      if (skuIds.length === 0) return [];
      const rows = await db
        .selectFrom("onecode_limited_discounts as d")
        .selectAll("d")
        .where("d.tenant_id", "=", tenantId)
        .where("d.state", "=", "active")
        .where(sql<boolean>`d.starts_at <= ${at}::timestamptz`)
        .where(sql<boolean>`d.ends_at > ${at}::timestamptz`)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom("onecode_limited_discount_items as i")
              .select("i.sku_id")
              .whereRef("i.tenant_id", "=", "d.tenant_id")
              .whereRef("i.discount_id", "=", "d.id")
              .where("i.sku_id", "in", [...skuIds]),
          ),
        )
        .orderBy("d.id")
        .execute();
      return withItems(db, tenantId, rows);
    },
    async boughtUnits(tenantId, discountId, customerId) {
      const rows = await db
        .selectFrom("onecode_limited_discount_buyers")
        .select(["sku_id", "units"])
        .where("tenant_id", "=", tenantId)
        .where("discount_id", "=", discountId)
        .where("customer_id", "=", customerId)
        .where("units", ">", 0)
        .execute();
      return Object.fromEntries(rows.map((row) => [row.sku_id, countFromColumn(row.units)]));
    },
    /**
     * All or nothing: the take row (its key makes a repeat a no-op), then per
     * line an UPDATE of the item conditional on the stock left and an upsert
     * of the buyer's count conditional on the limit; a refused line rolls
     * every statement back.
     */
    take: (take) =>
      scope.atomic<LimitedDiscountTakeOutcome>(async (db) => {
        const discount = await db
          .selectFrom("onecode_limited_discounts")
          .select(["limit_quantity"])
          .where("tenant_id", "=", take.tenantId)
          .where("id", "=", take.discountId)
          .executeTakeFirst();
        if (!discount) return { outcome: "not_found" };
        const limit =
          discount.limit_quantity === null ? null : countFromColumn(discount.limit_quantity);
        const inserted = await db
          .insertInto("onecode_limited_discount_takes")
          .values({
            tenant_id: take.tenantId,
            order_id: take.orderId,
            discount_id: take.discountId,
            customer_id: take.customerId,
            lines: JSON.stringify(take.lines),
            status: "held",
            created_at: take.createdAt,
            updated_at: take.updatedAt,
          })
          .onConflict((conflict) =>
            conflict.columns(["tenant_id", "order_id", "discount_id"]).doNothing(),
          )
          .returning("order_id")
          .executeTakeFirst();
        if (!inserted) return { outcome: "already_taken" };
        for (const line of take.lines) {
          const item = await db
            .updateTable("onecode_limited_discount_items")
            .set({ sold: sql`sold + ${line.units}` })
            .where("tenant_id", "=", take.tenantId)
            .where("discount_id", "=", take.discountId)
            .where("sku_id", "=", line.skuId)
            .where(sql<boolean>`sold + ${line.units} <= stock`)
            .returning("sold")
            .executeTakeFirst();
          if (!item) {
            const row = await db
              .selectFrom("onecode_limited_discount_items")
              .select(["stock", "sold"])
              .where("tenant_id", "=", take.tenantId)
              .where("discount_id", "=", take.discountId)
              .where("sku_id", "=", line.skuId)
              .executeTakeFirst();
            throw new RollBack<LimitedDiscountTakeOutcome>(
              row
                ? {
                    outcome: "stock_exhausted",
                    skuId: line.skuId,
                    left: countFromColumn(row.stock) - countFromColumn(row.sold),
                  }
                : { outcome: "not_found" },
            );
          }
          const counted = await sql<{ units: string }>`
            INSERT INTO onecode_limited_discount_buyers AS b (tenant_id, discount_id, customer_id, sku_id, units)
            SELECT ${take.tenantId}, ${take.discountId}, ${take.customerId}, ${line.skuId}, ${line.units}::bigint
            WHERE ${limit}::bigint IS NULL OR ${line.units}::bigint <= ${limit}::bigint
            ON CONFLICT (tenant_id, discount_id, customer_id, sku_id)
            DO UPDATE SET units = b.units + excluded.units
            WHERE ${limit}::bigint IS NULL OR b.units + excluded.units <= ${limit}::bigint
            RETURNING units
          `.execute(db);
          if (counted.rows.length === 0 && limit !== null) {
            const row = await db
              .selectFrom("onecode_limited_discount_buyers")
              .select("units")
              .where("tenant_id", "=", take.tenantId)
              .where("discount_id", "=", take.discountId)
              .where("customer_id", "=", take.customerId)
              .where("sku_id", "=", line.skuId)
              .executeTakeFirst();
            throw new RollBack<LimitedDiscountTakeOutcome>({
              outcome: "limit_exceeded",
              skuId: line.skuId,
              limit,
              bought: row ? countFromColumn(row.units) : 0,
            });
          }
        }
        return { outcome: "taken" };
      }),
    /** The UPDATE conditional on `status = 'held'` lets one caller give each take back. */
    release: (tenantId, orderId, at) =>
      scope.atomic(async (db) => {
        const rows = await db
          .updateTable("onecode_limited_discount_takes")
          .set({ status: "released", updated_at: at })
          .where("tenant_id", "=", tenantId)
          .where("order_id", "=", orderId)
          .where("status", "=", "held")
          .returningAll()
          .execute();
        for (const row of rows) await moveUnits(db, takeFromRow(row), -1);
        return rows.length;
      }),
    async takesOf(tenantId, orderId) {
      const rows = await db
        .selectFrom("onecode_limited_discount_takes")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("order_id", "=", orderId)
        .orderBy("discount_id")
        .execute();
      return rows.map(takeFromRow);
    },
  };
}
