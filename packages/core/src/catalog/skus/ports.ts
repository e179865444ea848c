import type { Money } from "../../kernel/money.js";
import type { ReservationLine, Sku, SkuSettings, SpecDimension, StockReservation } from "./sku.js";

/** Result of {@link SkuRepository.insert}. */
export type SkuInsertion = { readonly outcome: "inserted" } | { readonly outcome: "code_taken" };

/** The fields {@link SkuRepository.update} changes: those present, and `updatedAt`. */
export interface SkuChanges {
  readonly code?: string;
  readonly price?: Money;
  readonly weightGrams?: number;
  readonly lowStockThreshold?: number | null;
  /** A staff count: the stock becomes this, whatever it was. */
  readonly stock?: number;
  readonly updatedAt: string;
}

/** Result of {@link SkuRepository.update}. */
export type SkuUpdate =
  /** `before` is the SKU as the change found it (read atomically with the write), `sku` after it. */
  | { readonly outcome: "updated"; readonly before: Sku; readonly sku: Sku }
  /** Another SKU of the tenant has the new code; nothing changed. */
  | { readonly outcome: "code_taken" }
  | { readonly outcome: "not_found" };

/** Result of {@link SkuRepository.take}. */
export type StockTake =
  | { readonly outcome: "taken"; readonly stock: number }
  /** Fewer than asked are left; nothing was taken. */
  | { readonly outcome: "insufficient"; readonly stock: number }
  | { readonly outcome: "not_found" };

/** Result of {@link SkuRepository.reserve}. */
export type StockReserve =
  /** Every line was taken; `stocks` holds each SKU's stock afterwards. */
  | { readonly outcome: "reserved"; readonly stocks: Readonly<Record<string, number>> }
  /** A line could not be taken (the first found); nothing was taken. */
  | {
      readonly outcome: "insufficient";
      readonly skuId: string;
      readonly stock: number;
    }
  | { readonly outcome: "sku_not_found"; readonly skuId: string }
  /** A reservation with this id exists already; nothing was taken again. */
  | { readonly outcome: "already_exists"; readonly reservation: StockReservation };

/** Result of {@link SkuRepository.release} and {@link SkuRepository.commit}. */
export type ReservationChange =
  | { readonly outcome: "changed"; readonly reservation: StockReservation }
  /** The reservation is not held (released or committed already); nothing changed. */
  | { readonly outcome: "not_held"; readonly reservation: StockReservation }
  | { readonly outcome: "not_found" };

/**
 * Storage of SKUs, their products' SKU settings, stock and stock
 * reservations, scoped by tenant. Stock lives here (not in hot state) so
 * that conservation can be read back from the database: every change of
 * stock is one atomic conditional write and stock never goes below zero.
 */
export interface SkuRepository {
  /** Stores a product's SKU settings, replacing earlier ones. */
  saveSettings(settings: SkuSettings): Promise<void>;
  /**
   * Stores `settings` only if the product's stored dimensions are still
   * `expected` (`null`: only if the product has no settings yet), as one
   * compare-and-set; returns whether it stored. Two concurrent
   * configurations of one product that read the same dimensions cannot both
   * succeed, so they cannot both add SKUs.
   */
  replaceSettings(
    settings: SkuSettings,
    expected: readonly SpecDimension[] | null,
  ): Promise<boolean>;
  /** The product's SKU settings, or `null` when none were saved. */
  getSettings(tenantId: string, productId: string): Promise<SkuSettings | null>;
  /** Stores a new SKU; refuses (writing nothing) a code another SKU of the tenant has. */
  insert(sku: Sku): Promise<SkuInsertion>;
  /** The SKU, or `null` when the tenant has none with this id. */
  get(tenantId: string, id: string): Promise<Sku | null>;
  /** The product's SKUs, ordered by id. */
  listByProduct(tenantId: string, productId: string): Promise<Sku[]>;
  /**
   * Changes the given fields of the SKU and returns it as it was and as it
   * is, both from the one atomic write (so a concurrent take is either
   * before `before` or after `sku`); refuses (changing nothing) a code
   * another SKU of the tenant has.
   */
  update(tenantId: string, skuId: string, changes: SkuChanges): Promise<SkuUpdate>;
  /** Takes `quantity` units if at least that many are left, atomically. */
  take(tenantId: string, skuId: string, quantity: number): Promise<StockTake>;
  /** Adds `quantity` units and returns the new stock, or `null` for an unknown SKU. */
  give(tenantId: string, skuId: string, quantity: number): Promise<number | null>;
  /** Staff sets the stock (a count); returns the updated SKU, or `null` for an unknown SKU. */
  setStock(tenantId: string, skuId: string, stock: number, at: string): Promise<Sku | null>;
  /**
   * Takes every line or none, and records the reservation `reservationId`
   * as held, in one atomic step. A known id takes nothing again.
   */
  reserve(
    tenantId: string,
    reservationId: string,
    lines: readonly ReservationLine[],
    at: string,
  ): Promise<StockReserve>;
  /** Gives a held reservation's units back and marks it released, exactly once under concurrency. */
  release(tenantId: string, reservationId: string, at: string): Promise<ReservationChange>;
  /** Marks a held reservation sold (its units stay taken), exactly once. */
  commit(tenantId: string, reservationId: string, at: string): Promise<ReservationChange>;
  /** The reservation, or `null`. */
  getReservation(tenantId: string, reservationId: string): Promise<StockReservation | null>;
}

/** The SKU part of the storage port. */
export interface SkuRepositories {
  readonly skus: SkuRepository;
}
