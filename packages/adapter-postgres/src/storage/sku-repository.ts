import {
  money,
  type ReservationChange,
  type ReservationLine,
  type ReservationStatus,
  type Sku,
  type SkuRepository,
  type SkuUpdate,
  type SpecDimension,
  type StockPolicy,
  type StockReservation,
  type StockReserve,
} from "@onecode/core";
import { mergedReservationLines } from "@onecode/core/adapter-kit";
import { type Kysely, type Selectable, sql } from "kysely";
import {
  countFromColumn,
  type OneCodeDatabase,
  type SkuReservationsTable,
  type SkusTable,
} from "../database.js";
import { isoTimestamp } from "./row-mapping.js";
import { sqlErrorOf, UNIQUE_VIOLATION } from "./sql-errors.js";
import { RollBack, type StatementScope } from "./statement-scope.js";

function skuFromRow(row: Selectable<SkusTable>): Sku {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    productId: row.product_id,
    code: row.code,
    spec: row.spec as Record<string, string>,
    price: money(countFromColumn(row.price), row.currency),
    stock: countFromColumn(row.stock),
    weightGrams: countFromColumn(row.weight_grams),
    lowStockThreshold:
      row.low_stock_threshold === null ? null : countFromColumn(row.low_stock_threshold),
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

function reservationFromRow(row: Selectable<SkuReservationsTable>): StockReservation {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    status: row.status as ReservationStatus,
    lines: row.lines as ReservationLine[],
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** Takes `quantity` only if that many are left: the WHERE is the whole check, so it never goes negative. */
async function takeStock(
  db: Kysely<OneCodeDatabase>,
  tenantId: string,
  skuId: string,
  quantity: number,
): Promise<number | null> {
  const row = await db
    .updateTable("onecode_skus")
    .set({ stock: sql`stock - ${quantity}` })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", skuId)
    .where("stock", ">=", quantity)
    .returning("stock")
    .executeTakeFirst();
  return row ? countFromColumn(row.stock) : null;
}

async function stockOf(db: Kysely<OneCodeDatabase>, tenantId: string, skuId: string) {
  const row = await db
    .selectFrom("onecode_skus")
    .select("stock")
    .where("tenant_id", "=", tenantId)
    .where("id", "=", skuId)
    .executeTakeFirst();
  return row ? countFromColumn(row.stock) : null;
}

async function giveStock(
  db: Kysely<OneCodeDatabase>,
  tenantId: string,
  skuId: string,
  quantity: number,
): Promise<number | null> {
  const row = await db
    .updateTable("onecode_skus")
    .set({ stock: sql`stock + ${quantity}` })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", skuId)
    .returning("stock")
    .executeTakeFirst();
  return row ? countFromColumn(row.stock) : null;
}

/** SKUs, settings and reservations in `onecode_skus`, `onecode_sku_settings`, `onecode_sku_reservations`. */
export function skuRepository(scope: StatementScope): SkuRepository {
  const { db } = scope;
  // Inside a unit of work, reads go through its connection: the pool's may all be taken.
  const reservationIn = async (db: Kysely<OneCodeDatabase>, tenantId: string, id: string) => {
    const row = await db
      .selectFrom("onecode_sku_reservations")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? reservationFromRow(row) : null;
  };
  /**
   * Moves a held reservation to `status`: the UPDATE conditional on
   * `status = 'held'` lets exactly one of concurrent callers win, and the
   * winner gives the units back in the same unit of work when releasing.
   */
  const changeHeld = (
    tenantId: string,
    id: string,
    status: "released" | "committed",
    at: string,
  ): Promise<ReservationChange> =>
    scope.atomic<ReservationChange>(async (db) => {
      const row = await db
        .updateTable("onecode_sku_reservations")
        .set({ status, updated_at: at })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("status", "=", "held")
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        const reservation = await reservationIn(db, tenantId, id);
        return reservation
          ? { outcome: "not_held" as const, reservation }
          : { outcome: "not_found" as const };
      }
      const reservation = reservationFromRow(row);
      if (status === "released") {
        for (const line of reservation.lines) {
          await giveStock(db, tenantId, line.skuId, line.quantity);
        }
      }
      return { outcome: "changed" as const, reservation };
    });
  return {
    async saveSettings(settings) {
      await db
        .insertInto("onecode_sku_settings")
        .values({
          tenant_id: settings.tenantId,
          product_id: settings.productId,
          policy: settings.policy,
          dimensions: JSON.stringify(settings.dimensions),
          updated_at: settings.updatedAt,
        })
        .onConflict((conflict) =>
          conflict.columns(["tenant_id", "product_id"]).doUpdateSet({
            policy: (eb) => eb.ref("excluded.policy"),
            dimensions: (eb) => eb.ref("excluded.dimensions"),
            updated_at: (eb) => eb.ref("excluded.updated_at"),
          }),
        )
        .execute();
    },
    /** Compare-and-set: an insert that a stored row refuses, or an update conditional on the stored dimensions. */
    async replaceSettings(settings, expected) {
      const dimensions = JSON.stringify(settings.dimensions);
      if (expected === null) {
        const { rows } = await sql<{ product_id: string }>`
          INSERT INTO onecode_sku_settings (tenant_id, product_id, policy, dimensions, updated_at)
          VALUES (${settings.tenantId}, ${settings.productId}, ${settings.policy},
            ${dimensions}::jsonb, ${settings.updatedAt}::timestamptz)
          ON CONFLICT (tenant_id, product_id) DO NOTHING
          RETURNING product_id
        `.execute(db);
        return rows.length > 0;
      }
      const row = await db
        .updateTable("onecode_sku_settings")
        .set({ policy: settings.policy, dimensions, updated_at: settings.updatedAt })
        .where("tenant_id", "=", settings.tenantId)
        .where("product_id", "=", settings.productId)
        .where(sql<boolean>`dimensions = ${JSON.stringify(expected)}::jsonb`)
        .returning("product_id")
        .executeTakeFirst();
      return row !== undefined;
    },
    async getSettings(tenantId, productId) {
      const row = await db
        .selectFrom("onecode_sku_settings")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("product_id", "=", productId)
        .executeTakeFirst();
      if (!row) return null;
      return {
        tenantId: row.tenant_id,
        productId: row.product_id,
        policy: row.policy as StockPolicy,
        dimensions: row.dimensions as SpecDimension[],
        updatedAt: isoTimestamp(row.updated_at),
      };
    },
    /** A taken code is answered by ON CONFLICT on its constraint, so a caller's transaction stays usable. */
    async insert(sku) {
      const { rows } = await sql<{ id: string }>`
        INSERT INTO onecode_skus (
          tenant_id, id, product_id, code, spec, price, currency, stock, weight_grams,
          low_stock_threshold, created_at, updated_at
        ) VALUES (
          ${sku.tenantId}, ${sku.id}, ${sku.productId}, ${sku.code}, ${JSON.stringify(sku.spec)}::jsonb,
          ${sku.price.amount}, ${sku.price.currency}, ${sku.stock}, ${sku.weightGrams},
          ${sku.lowStockThreshold}, ${sku.createdAt}::timestamptz, ${sku.updatedAt}::timestamptz
        )
        ON CONFLICT ON CONSTRAINT onecode_skus_code_key DO NOTHING
        RETURNING id
      `.execute(db);
      return rows.length > 0 ? { outcome: "inserted" } : { outcome: "code_taken" };
    },
    async get(tenantId, id) {
      const row = await db
        .selectFrom("onecode_skus")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? skuFromRow(row) : null;
    },
    async listByProduct(tenantId, productId) {
      const rows = await db
        .selectFrom("onecode_skus")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("product_id", "=", productId)
        .orderBy("id")
        .execute();
      return rows.map(skuFromRow);
    },
    /**
     * The row is locked first, so `before` is what the update replaced; a
     * code another SKU has fails the UPDATE on its constraint, which rolls
     * back only this unit.
     */
    update(tenantId, skuId, changes) {
      return scope.atomic<SkuUpdate>(async (db) => {
        const locked = await db
          .selectFrom("onecode_skus")
          .selectAll()
          .where("tenant_id", "=", tenantId)
          .where("id", "=", skuId)
          .forUpdate()
          .executeTakeFirst();
        if (!locked) return { outcome: "not_found" };
        try {
          const row = await db
            .updateTable("onecode_skus")
            .set({
              ...(changes.code !== undefined && { code: changes.code }),
              ...(changes.price !== undefined && {
                price: changes.price.amount,
                currency: changes.price.currency,
              }),
              ...(changes.weightGrams !== undefined && { weight_grams: changes.weightGrams }),
              ...(changes.lowStockThreshold !== undefined && {
                low_stock_threshold: changes.lowStockThreshold,
              }),
              ...(changes.stock !== undefined && { stock: changes.stock }),
              updated_at: changes.updatedAt,
            })
            .where("tenant_id", "=", tenantId)
            .where("id", "=", skuId)
            .returningAll()
            .executeTakeFirstOrThrow();
          return { outcome: "updated", before: skuFromRow(locked), sku: skuFromRow(row) };
        } catch (error) {
          const sqlError = sqlErrorOf(error);
          if (
            sqlError?.code === UNIQUE_VIOLATION &&
            sqlError.constraint === "onecode_skus_code_key"
          ) {
            throw new RollBack<SkuUpdate>({ outcome: "code_taken" });
          }
          throw error;
        }
      });
    },
    async take(tenantId, skuId, quantity) {
      const stock = await takeStock(db, tenantId, skuId, quantity);
      if (stock !== null) return { outcome: "taken", stock };
      // Refused: read what is left (it may have changed since, which the answer does not promise otherwise).
      const left = await stockOf(db, tenantId, skuId);
      return left === null ? { outcome: "not_found" } : { outcome: "insufficient", stock: left };
    },
    give(tenantId, skuId, quantity) {
      return giveStock(db, tenantId, skuId, quantity);
    },
    async setStock(tenantId, skuId, stock, at) {
      const row = await db
        .updateTable("onecode_skus")
        .set({ stock, updated_at: at })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", skuId)
        .returningAll()
        .executeTakeFirst();
      return row ? skuFromRow(row) : null;
    },
    /**
     * One unit of work: the reservation row first (its primary key makes a
     * repeated id take nothing: concurrent twins wait on the row and see it),
     * then each line's conditional take in SKU id order (no deadlocks); a
     * refused line rolls everything back.
     */
    reserve(tenantId, reservationId, lines, at) {
      const merged = mergedReservationLines(lines);
      return scope.atomic<StockReserve>(async (db) => {
        const inserted = await sql<{ id: string }>`
          INSERT INTO onecode_sku_reservations (tenant_id, id, status, lines, created_at, updated_at)
          VALUES (${tenantId}, ${reservationId}, 'held', ${JSON.stringify(merged)}::jsonb,
            ${at}::timestamptz, ${at}::timestamptz)
          ON CONFLICT (tenant_id, id) DO NOTHING
          RETURNING id
        `.execute(db);
        if (inserted.rows.length === 0) {
          const reservation = await reservationIn(db, tenantId, reservationId);
          if (!reservation) throw new Error("sku reservation vanished after a conflicting insert");
          return { outcome: "already_exists" as const, reservation };
        }
        const stocks: Record<string, number> = {};
        for (const line of merged) {
          const stock = await takeStock(db, tenantId, line.skuId, line.quantity);
          if (stock !== null) {
            stocks[line.skuId] = stock;
            continue;
          }
          const left = await stockOf(db, tenantId, line.skuId);
          throw new RollBack(
            left === null
              ? { outcome: "sku_not_found" as const, skuId: line.skuId }
              : { outcome: "insufficient" as const, skuId: line.skuId, stock: left },
          );
        }
        return { outcome: "reserved" as const, stocks };
      });
    },
    release(tenantId, reservationId, at) {
      return changeHeld(tenantId, reservationId, "released", at);
    },
    commit(tenantId, reservationId, at) {
      return changeHeld(tenantId, reservationId, "committed", at);
    },
    getReservation(tenantId, reservationId) {
      return reservationIn(db, tenantId, reservationId);
    },
  };
}
