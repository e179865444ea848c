import type { Presale } from "../presales/presale.js";
import type { FlashSale, FlashSaleReminder } from "./flash-sale.js";
import type { SaleTake } from "./sale-take.js";

/** A page of sales: newest id first, before `beforeId`. */
export interface SalePage {
  readonly beforeId: string | null;
  readonly limit: number;
}

/** Result of {@link FlashSaleRepository.insert}. */
export type FlashSaleInsert =
  | { readonly outcome: "inserted" }
  /** A flash sale that is not stopped, with an overlapping window, holds `skuId`. */
  | { readonly outcome: "overlap"; readonly otherId: string; readonly skuId: string };

/** Result of a sale's `stop`. */
export type SaleStop<T> =
  | { readonly outcome: "stopped"; readonly sale: T }
  | { readonly outcome: "not_found" }
  /** Stopped before: unchanged. */
  | { readonly outcome: "already_stopped"; readonly sale: T };

/** Flash sales, stored. */
export interface FlashSaleRepository {
  /**
   * Stores a new flash sale unless a flash sale of the tenant that is not
   * stopped, whose window overlaps, holds one of its SKUs: atomic, so two
   * concurrent inserts never both pass.
   */
  insert(sale: FlashSale): Promise<FlashSaleInsert>;
  get(tenantId: string, id: string): Promise<FlashSale | null>;
  list(tenantId: string, page: SalePage): Promise<FlashSale[]>;
  /** The sales not stopped whose window contains `at`. */
  running(tenantId: string, at: string): Promise<FlashSale[]>;
  /** The sales not stopped that have not ended at `at` (running or to come), soonest start first, at most `limit`. */
  open(tenantId: string, at: string, limit: number): Promise<FlashSale[]>;
  /** Sets `stoppedAt` (and bumps `version`) once. */
  stop(tenantId: string, id: string, at: string): Promise<SaleStop<FlashSale>>;
}

/** Result of {@link PresaleRepository.insert}. */
export type PresaleInsert =
  | { readonly outcome: "inserted" }
  | { readonly outcome: "overlap"; readonly otherId: string };

/** Presales, stored. */
export interface PresaleRepository {
  /**
   * Stores a new presale unless another presale of the tenant that is not
   * stopped has an overlapping window (one presale runs at a time): atomic.
   */
  insert(presale: Presale): Promise<PresaleInsert>;
  get(tenantId: string, id: string): Promise<Presale | null>;
  list(tenantId: string, page: SalePage): Promise<Presale[]>;
  running(tenantId: string, at: string): Promise<Presale[]>;
  stop(tenantId: string, id: string, at: string): Promise<SaleStop<Presale>>;
}

/** The gate takes of orders from flash sales and presales. */
export interface SaleTakeRepository {
  /** Stores a take; one per order, kind and sale (`exists` when stored before, unchanged). */
  insert(take: SaleTake): Promise<"inserted" | "exists">;
  /** The order's takes, by kind then sale id. */
  ofOrder(tenantId: string, orderId: string): Promise<SaleTake[]>;
  /** Sets `returnedAt` once: true the first time, false when returned before or unknown. */
  markReturned(
    tenantId: string,
    orderId: string,
    kind: SaleTake["kind"],
    saleId: string,
    at: string,
  ): Promise<boolean>;
}

/** Who asked to be reminded of a flash sale. */
export interface FlashSaleReminderRepository {
  /** One subscription per sale and customer: `exists` (unchanged) when subscribed before. */
  subscribe(reminder: FlashSaleReminder): Promise<"subscribed" | "exists">;
  /** Subscribers of the sale by customer id, after `afterCustomerId`. */
  list(
    tenantId: string,
    saleId: string,
    afterCustomerId: string | null,
    limit: number,
  ): Promise<FlashSaleReminder[]>;
}

/** The repositories of flash sales and presales. */
export interface TimedSaleRepositories {
  readonly flashSales: FlashSaleRepository;
  readonly presales: PresaleRepository;
  readonly saleTakes: SaleTakeRepository;
  readonly flashSaleReminders: FlashSaleReminderRepository;
}
