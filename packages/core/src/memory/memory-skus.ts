import type { ReservationChange, SkuRepository } from "../catalog/skus/ports.js";
import { mergedReservationLines } from "../catalog/skus/reservation-lines.js";
import type { Sku, SkuSettings, SpecDimension, StockReservation } from "../catalog/skus/sku.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";

/** The memory tables behind {@link memorySkuRepository}. */
export class MemorySkuTables {
  readonly skus = new MemoryTable<Sku>();
  readonly settings = new MemoryTable<SkuSettings & { readonly id: string }>();
  readonly reservations = new MemoryTable<StockReservation>();
}

/** The dimensions as plain JSON, for comparing two lists by value. */
const dimensionsJson = (dimensions: readonly SpecDimension[]) =>
  JSON.stringify(dimensions.map(({ name, values }) => ({ name, values })));

/**
 * The memory SKU repository. Calls are serialized by the memory storage and
 * no method awaits between its check and its write, so each is atomic.
 */
export function memorySkuRepository(tables: MemorySkuTables, undo: UndoLog | null): SkuRepository {
  const { skus, settings, reservations } = tables;
  const withStock = (sku: Sku, stock: number, at = sku.updatedAt) => {
    const updated = { ...sku, stock, updatedAt: at };
    skus.put(updated, undo);
    return updated;
  };
  const changeHeld = (
    tenantId: string,
    id: string,
    status: "released" | "committed",
    at: string,
  ): ReservationChange => {
    const reservation = reservations.get(tenantId, id);
    if (!reservation) return { outcome: "not_found" };
    if (reservation.status !== "held") return { outcome: "not_held", reservation };
    if (status === "released") {
      for (const line of reservation.lines) {
        const sku = skus.get(tenantId, line.skuId);
        if (sku) withStock(sku, sku.stock + line.quantity);
      }
    }
    const changed = { ...reservation, status, updatedAt: at };
    reservations.put(changed, undo);
    return { outcome: "changed", reservation: changed };
  };
  return {
    async saveSettings(saved) {
      settings.put({ ...saved, id: saved.productId }, undo);
    },
    async replaceSettings(saved, expected) {
      const row = settings.get(saved.tenantId, saved.productId);
      const matches =
        expected === null
          ? row === null
          : row !== null && dimensionsJson(row.dimensions) === dimensionsJson(expected);
      if (!matches) return false;
      settings.put({ ...structuredClone(saved), id: saved.productId }, undo);
      return true;
    },
    async getSettings(tenantId, productId) {
      const row = settings.get(tenantId, productId);
      if (!row) return null;
      const { id: _id, ...saved } = row;
      return saved;
    },
    async insert(sku) {
      if (skus.some(sku.tenantId, (row) => row.code === sku.code).length > 0) {
        return { outcome: "code_taken" };
      }
      skus.put(sku, undo);
      return { outcome: "inserted" };
    },
    async get(tenantId, id) {
      return skus.get(tenantId, id);
    },
    async listByProduct(tenantId, productId) {
      return skus
        .some(tenantId, (row) => row.productId === productId)
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((row) => structuredClone(row));
    },
    async update(tenantId, skuId, changes) {
      const before = skus.get(tenantId, skuId);
      if (!before) return { outcome: "not_found" };
      const { code } = changes;
      if (
        code !== undefined &&
        skus.some(tenantId, (row) => row.code === code && row.id !== skuId).length > 0
      ) {
        return { outcome: "code_taken" };
      }
      const sku: Sku = {
        ...before,
        ...(code !== undefined && { code }),
        ...(changes.price !== undefined && { price: changes.price }),
        ...(changes.weightGrams !== undefined && { weightGrams: changes.weightGrams }),
        ...(changes.lowStockThreshold !== undefined && {
          lowStockThreshold: changes.lowStockThreshold,
        }),
        ...(changes.stock !== undefined && { stock: changes.stock }),
        updatedAt: changes.updatedAt,
      };
      skus.put(sku, undo);
      return { outcome: "updated", before, sku: structuredClone(sku) };
    },
    async take(tenantId, skuId, quantity) {
      const sku = skus.get(tenantId, skuId);
      if (!sku) return { outcome: "not_found" };
      if (sku.stock < quantity) return { outcome: "insufficient", stock: sku.stock };
      return { outcome: "taken", stock: withStock(sku, sku.stock - quantity).stock };
    },
    async give(tenantId, skuId, quantity) {
      const sku = skus.get(tenantId, skuId);
      return sku ? withStock(sku, sku.stock + quantity).stock : null;
    },
    async setStock(tenantId, skuId, stock, at) {
      const sku = skus.get(tenantId, skuId);
      return sku ? withStock(sku, stock, at) : null;
    },
    async reserve(tenantId, reservationId, lines, at) {
      const existing = reservations.get(tenantId, reservationId);
      if (existing) return { outcome: "already_exists", reservation: existing };
      const merged = mergedReservationLines(lines);
      const found: Sku[] = [];
      for (const line of merged) {
        const sku = skus.get(tenantId, line.skuId);
        if (!sku) return { outcome: "sku_not_found", skuId: line.skuId };
        if (sku.stock < line.quantity) {
          return { outcome: "insufficient", skuId: sku.id, stock: sku.stock };
        }
        found.push(sku);
      }
      const stocks: Record<string, number> = {};
      merged.forEach((line, i) => {
        const sku = found[i] as Sku;
        stocks[sku.id] = withStock(sku, sku.stock - line.quantity).stock;
      });
      reservations.put(
        {
          tenantId,
          id: reservationId,
          status: "held",
          lines: merged,
          createdAt: at,
          updatedAt: at,
        },
        undo,
      );
      return { outcome: "reserved", stocks };
    },
    async release(tenantId, reservationId, at) {
      return changeHeld(tenantId, reservationId, "released", at);
    },
    async commit(tenantId, reservationId, at) {
      return changeHeld(tenantId, reservationId, "committed", at);
    },
    async getReservation(tenantId, reservationId) {
      return reservations.get(tenantId, reservationId);
    },
  };
}
