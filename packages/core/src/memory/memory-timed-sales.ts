import type { FlashSale, FlashSaleReminder } from "../promotions/flash-sales/flash-sale.js";
import { windowsOverlap } from "../promotions/flash-sales/flash-sale.js";
import type { SaleStop, TimedSaleRepositories } from "../promotions/flash-sales/ports.js";
import type { SaleTake } from "../promotions/flash-sales/sale-take.js";
import type { Presale } from "../promotions/presales/presale.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";

/** The memory tables of flash sales, presales, their takes and reminders. */
export class MemoryTimedSaleTables {
  readonly flashSales = new MemoryTable<FlashSale>();
  readonly presales = new MemoryTable<Presale>();
  /** `tenant NUL order NUL kind NUL sale` → take. */
  readonly takes = new Map<string, SaleTake>();
  /** `tenant NUL sale NUL customer` → reminder. */
  readonly reminders = new Map<string, FlashSaleReminder>();
}

const key = (...parts: string[]) => parts.join("\u0000");

function set<K, V>(map: Map<K, V>, k: K, value: V, undo: UndoLog | null): void {
  const previous = map.get(k);
  map.set(k, value);
  undo?.push(() => (previous === undefined ? map.delete(k) : map.set(k, previous)));
}

function isRunning(sale: FlashSale | Presale, at: string): boolean {
  const atMs = Date.parse(at);
  return (
    sale.stoppedAt === null && Date.parse(sale.startsAt) <= atMs && atMs < Date.parse(sale.endsAt)
  );
}

function stopIn<T extends FlashSale | Presale>(
  table: MemoryTable<T>,
  tenantId: string,
  id: string,
  at: string,
  undo: UndoLog | null,
): SaleStop<T> {
  const sale = table.get(tenantId, id);
  if (!sale) return { outcome: "not_found" };
  if (sale.stoppedAt !== null) return { outcome: "already_stopped", sale };
  const stopped = { ...sale, stoppedAt: at, version: sale.version + 1, updatedAt: at };
  table.put(stopped, undo);
  return { outcome: "stopped", sale: structuredClone(stopped) };
}

/** The memory repositories of flash sales and presales over `tables`, undoable in a transaction. */
export function memoryTimedSaleRepositories(
  tables: MemoryTimedSaleTables,
  undo: UndoLog | null,
): TimedSaleRepositories {
  return {
    flashSales: {
      async insert(sale) {
        const skuIds = new Set(sale.items.map((item) => item.skuId));
        const others = tables.flashSales
          .some(sale.tenantId, (other) => other.stoppedAt === null && windowsOverlap(other, sale))
          .sort((a, b) => (a.id < b.id ? -1 : 1));
        for (const other of others) {
          const shared = other.items.find((item) => skuIds.has(item.skuId));
          if (shared) return { outcome: "overlap", otherId: other.id, skuId: shared.skuId };
        }
        tables.flashSales.put(sale, undo);
        return { outcome: "inserted" };
      },
      async get(tenantId, id) {
        return tables.flashSales.get(tenantId, id);
      },
      async list(tenantId, page) {
        return tables.flashSales.list(tenantId, () => true, page.beforeId, page.limit);
      },
      async running(tenantId, at) {
        return tables.flashSales.list(tenantId, (sale) => isRunning(sale, at), null, 1000);
      },
      async open(tenantId, at, limit) {
        const atMs = Date.parse(at);
        return tables.flashSales
          .list(
            tenantId,
            (sale) => sale.stoppedAt === null && Date.parse(sale.endsAt) > atMs,
            null,
            Number.MAX_SAFE_INTEGER,
          )
          .sort((a, b) =>
            a.startsAt === b.startsAt ? (a.id < b.id ? -1 : 1) : a.startsAt < b.startsAt ? -1 : 1,
          )
          .slice(0, limit);
      },
      async stop(tenantId, id, at) {
        return stopIn(tables.flashSales, tenantId, id, at, undo);
      },
    },
    presales: {
      async insert(presale) {
        const other = tables.presales
          .some(presale.tenantId, (row) => row.stoppedAt === null && windowsOverlap(row, presale))
          .sort((a, b) => (a.id < b.id ? -1 : 1))[0];
        if (other) return { outcome: "overlap", otherId: other.id };
        tables.presales.put(presale, undo);
        return { outcome: "inserted" };
      },
      async get(tenantId, id) {
        return tables.presales.get(tenantId, id);
      },
      async list(tenantId, page) {
        return tables.presales.list(tenantId, () => true, page.beforeId, page.limit);
      },
      async running(tenantId, at) {
        return tables.presales.list(tenantId, (row) => isRunning(row, at), null, 1000);
      },
      async stop(tenantId, id, at) {
        return stopIn(tables.presales, tenantId, id, at, undo);
      },
    },
    saleTakes: {
      async insert(take) {
        const k = key(take.tenantId, take.orderId, take.kind, take.saleId);
        if (tables.takes.has(k)) return "exists";
        set(tables.takes, k, structuredClone(take), undo);
        return "inserted";
      },
      async ofOrder(tenantId, orderId) {
        return [...tables.takes.values()]
          .filter((take) => take.tenantId === tenantId && take.orderId === orderId)
          .sort((a, b) => key(a.kind, a.saleId).localeCompare(key(b.kind, b.saleId)))
          .map((take) => structuredClone(take));
      },
      async markReturned(tenantId, orderId, kind, saleId, at) {
        const k = key(tenantId, orderId, kind, saleId);
        const take = tables.takes.get(k);
        if (!take || take.returnedAt !== null) return false;
        set(tables.takes, k, { ...take, returnedAt: at }, undo);
        return true;
      },
    },
    flashSaleReminders: {
      async subscribe(reminder) {
        const k = key(reminder.tenantId, reminder.saleId, reminder.customerId);
        if (tables.reminders.has(k)) return "exists";
        set(tables.reminders, k, structuredClone(reminder), undo);
        return "subscribed";
      },
      async list(tenantId, saleId, afterCustomerId, limit) {
        return [...tables.reminders.values()]
          .filter(
            (row) =>
              row.tenantId === tenantId &&
              row.saleId === saleId &&
              (afterCustomerId === null || row.customerId > afterCustomerId),
          )
          .sort((a, b) => (a.customerId < b.customerId ? -1 : 1))
          .slice(0, limit)
          .map((row) => structuredClone(row));
      },
    },
  };
}
