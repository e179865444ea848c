import type {
  FlashSale,
  FlashSaleReminder,
  Presale,
  SaleStop,
  SaleTake,
  TimedSaleRepositories,
} from "@onecode/core";
import { type Kysely, type Selectable, sql } from "kysely";
import type { OneCodeDatabase, TimedSalesTable } from "../database.js";
import { isoTimestamp } from "./row-mapping.js";
import { RollBack, type StatementScope } from "./statement-scope.js";

/** The advisory-lock class of a tenant's sale inserts (overlap checks). */
const TIMED_SALE_LOCK_CLASS = 0x0c0de024;

// node-postgres and PGlite both hand jsonb back parsed; text is parsed in case a driver does not.
function parsed<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

const nullableIso = (value: Date | string | null) => (value === null ? null : isoTimestamp(value));

type Kind = "flash_sale" | "presale";

function base(row: Selectable<TimedSalesTable>) {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    name: row.name,
    startsAt: isoTimestamp(row.starts_at),
    endsAt: isoTimestamp(row.ends_at),
    stoppedAt: nullableIso(row.stopped_at),
    version: row.version,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

function flashFromRow(row: Selectable<TimedSalesTable>): FlashSale {
  const terms = parsed<{ payWithinMinutes: number; remindMinutesBefore: number | null }>(row.terms);
  return {
    ...base(row),
    items: parsed(row.items),
    payWithinMinutes: terms.payWithinMinutes,
    remindMinutesBefore: terms.remindMinutesBefore,
  };
}

function presaleFromRow(row: Selectable<TimedSalesTable>): Presale {
  return {
    ...base(row),
    items: parsed(row.items),
    delivery: parsed<{ delivery: Presale["delivery"] }>(row.terms).delivery,
  };
}

function rowOf(kind: Kind, sale: FlashSale | Presale, terms: object) {
  return {
    tenant_id: sale.tenantId,
    id: sale.id,
    kind,
    name: sale.name,
    starts_at: sale.startsAt,
    ends_at: sale.endsAt,
    sku_ids: sale.items.map((item) => item.skuId),
    items: JSON.stringify(sale.items),
    terms: JSON.stringify(terms),
    stopped_at: sale.stoppedAt,
    version: sale.version,
    created_at: sale.createdAt,
    updated_at: sale.updatedAt,
  };
}

function takeFromRow(row: Selectable<OneCodeDatabase["onecode_sale_takes"]>): SaleTake {
  return {
    tenantId: row.tenant_id,
    orderId: row.order_id,
    kind: row.kind,
    saleId: row.sale_id,
    customerId: row.customer_id,
    items: parsed(row.items),
    receipt: parsed(row.receipt),
    terms: parsed(row.terms),
    returnedAt: nullableIso(row.returned_at),
    createdAt: isoTimestamp(row.created_at),
  };
}

/** Overlapping sales of the kind (not stopped), oldest id first, after taking the tenant's lock. */
async function overlapping(
  db: Kysely<OneCodeDatabase>,
  kind: Kind,
  sale: FlashSale | Presale,
): Promise<Selectable<TimedSalesTable>[]> {
  await sql`SELECT pg_advisory_xact_lock(${TIMED_SALE_LOCK_CLASS}::int, hashtext(${sale.tenantId}::text || ':' || ${kind}::text))`.execute(
    db,
  );
  return db
    .selectFrom("onecode_timed_sales")
    .selectAll()
    .where("tenant_id", "=", sale.tenantId)
    .where("kind", "=", kind)
    .where("stopped_at", "is", null)
    .where("starts_at", "<", new Date(sale.endsAt))
    .where("ends_at", ">", new Date(sale.startsAt))
    .orderBy("id")
    .execute();
}

function saleRepository<T extends FlashSale | Presale>(
  { db, atomic }: StatementScope,
  kind: Kind,
  fromRow: (row: Selectable<TimedSalesTable>) => T,
) {
  const select = (tenantId: string) =>
    db
      .selectFrom("onecode_timed_sales")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("kind", "=", kind);
  return {
    insertRow: (sale: T, terms: object, conflict: (others: T[]) => object | null) =>
      atomic(async (tx) => {
        const others = (await overlapping(tx, kind, sale)).map(fromRow);
        const refusal = conflict(others);
        if (refusal) throw new RollBack(refusal);
        await tx
          .insertInto("onecode_timed_sales")
          .values(rowOf(kind, sale, terms))
          .execute();
        return { outcome: "inserted" as const };
      }),
    async get(tenantId: string, id: string): Promise<T | null> {
      const row = await select(tenantId).where("id", "=", id).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async list(tenantId: string, page: { beforeId: string | null; limit: number }): Promise<T[]> {
      let query = select(tenantId);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      return (await query.orderBy("id", "desc").limit(page.limit).execute()).map(fromRow);
    },
    async running(tenantId: string, at: string): Promise<T[]> {
      const rows = await select(tenantId)
        .where("stopped_at", "is", null)
        .where("starts_at", "<=", new Date(at))
        .where("ends_at", ">", new Date(at))
        .orderBy("id", "desc")
        .execute();
      return rows.map(fromRow);
    },
    async stop(tenantId: string, id: string, at: string): Promise<SaleStop<T>> {
      const row = await db
        .updateTable("onecode_timed_sales")
        .set({ stopped_at: at, updated_at: at, version: sql`version + 1` })
        .where("tenant_id", "=", tenantId)
        .where("kind", "=", kind)
        .where("id", "=", id)
        .where("stopped_at", "is", null)
        .returningAll()
        .executeTakeFirst();
      if (row) return { outcome: "stopped", sale: fromRow(row) };
      const current = await this.get(tenantId, id);
      return current ? { outcome: "already_stopped", sale: current } : { outcome: "not_found" };
    },
  };
}

/**
 * Flash sales and presales in `onecode_timed_sales`, their takes and
 * reminders. An insert takes a per-tenant, per-kind advisory lock, checks
 * the overlap and inserts in one transaction (a savepoint inside the
 * caller's), so concurrent overlapping inserts are serialized and only one
 * gets in; the other changes are single conditional statements.
 */
export function timedSaleRepositories(scope: StatementScope): TimedSaleRepositories {
  const { db } = scope;
  const flash = saleRepository(scope, "flash_sale", flashFromRow);
  const pre = saleRepository(scope, "presale", presaleFromRow);
  const flashSales: TimedSaleRepositories["flashSales"] = {
    async insert(sale) {
      const skuIds = new Set(sale.items.map((item) => item.skuId));
      return flash.insertRow(
        sale,
        { payWithinMinutes: sale.payWithinMinutes, remindMinutesBefore: sale.remindMinutesBefore },
        (others) => {
          for (const other of others) {
            const shared = other.items.find((item) => skuIds.has(item.skuId));
            if (shared) return { outcome: "overlap", otherId: other.id, skuId: shared.skuId };
          }
          return null;
        },
      ) as ReturnType<TimedSaleRepositories["flashSales"]["insert"]>;
    },
    get: flash.get,
    list: flash.list,
    running: flash.running,
    async open(tenantId, at, limit) {
      const rows = await db
        .selectFrom("onecode_timed_sales")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("kind", "=", "flash_sale")
        .where("stopped_at", "is", null)
        .where("ends_at", ">", new Date(at))
        .orderBy("starts_at")
        .orderBy("id")
        .limit(limit)
        .execute();
      return rows.map(flashFromRow);
    },
    stop: (tenantId, id, at) => flash.stop(tenantId, id, at),
  };
  const presales: TimedSaleRepositories["presales"] = {
    async insert(presale) {
      return pre.insertRow(presale, { delivery: presale.delivery }, (others) =>
        others[0] ? { outcome: "overlap", otherId: others[0].id } : null,
      ) as ReturnType<TimedSaleRepositories["presales"]["insert"]>;
    },
    get: pre.get,
    list: pre.list,
    running: pre.running,
    stop: (tenantId, id, at) => pre.stop(tenantId, id, at),
  };
  return {
    flashSales,
    presales,
    saleTakes: {
      async insert(take) {
        const rows = await db
          .insertInto("onecode_sale_takes")
          .values({
            tenant_id: take.tenantId,
            order_id: take.orderId,
            kind: take.kind,
            sale_id: take.saleId,
            customer_id: take.customerId,
            items: JSON.stringify(take.items),
            receipt: JSON.stringify(take.receipt),
            terms: JSON.stringify(take.terms),
            returned_at: take.returnedAt,
            created_at: take.createdAt,
          })
          .onConflict((conflict) => conflict.constraint("onecode_sale_takes_pkey").doNothing())
          .returning("order_id")
          .execute();
        return rows.length > 0 ? "inserted" : "exists";
      },
      async ofOrder(tenantId, orderId) {
        const rows = await db
          .selectFrom("onecode_sale_takes")
          .selectAll()
          .where("tenant_id", "=", tenantId)
          .where("order_id", "=", orderId)
          .orderBy("kind")
          .orderBy("sale_id")
          .execute();
        return rows.map(takeFromRow);
      },
      async markReturned(tenantId, orderId, kind, saleId, at) {
        const rows = await db
          .updateTable("onecode_sale_takes")
          .set({ returned_at: at })
          .where("tenant_id", "=", tenantId)
          .where("order_id", "=", orderId)
          .where("kind", "=", kind)
          .where("sale_id", "=", saleId)
          .where("returned_at", "is", null)
          .returning("order_id")
          .execute();
        return rows.length > 0;
      },
    },
    flashSaleReminders: {
      async subscribe(reminder: FlashSaleReminder) {
        const rows = await db
          .insertInto("onecode_flash_sale_reminders")
          .values({
            tenant_id: reminder.tenantId,
            sale_id: reminder.saleId,
            customer_id: reminder.customerId,
            phone: reminder.phone,
            created_at: reminder.createdAt,
          })
          .onConflict((conflict) =>
            conflict.constraint("onecode_flash_sale_reminders_pkey").doNothing(),
          )
          .returning("customer_id")
          .execute();
        return rows.length > 0 ? "subscribed" : "exists";
      },
      async list(tenantId, saleId, afterCustomerId, limit) {
        let query = db
          .selectFrom("onecode_flash_sale_reminders")
          .selectAll()
          .where("tenant_id", "=", tenantId)
          .where("sale_id", "=", saleId);
        if (afterCustomerId !== null) query = query.where("customer_id", ">", afterCustomerId);
        const rows = await query.orderBy("customer_id").limit(limit).execute();
        return rows.map((row) => ({
          tenantId: row.tenant_id,
          saleId: row.sale_id,
          customerId: row.customer_id,
          phone: row.phone,
          createdAt: isoTimestamp(row.created_at),
        }));
      },
    },
  };
}
