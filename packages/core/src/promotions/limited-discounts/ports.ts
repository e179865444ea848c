import type { LimitedDiscount, LimitedDiscountTake } from "./limited-discount.js";

/** Result of {@link LimitedDiscountRepository.insert}. */
export type LimitedDiscountInsertion =
  | { readonly outcome: "inserted" }
  /** An active discount whose validity overlaps contains `skuId`; nothing was stored. */
  | { readonly outcome: "sku_taken"; readonly skuId: string; readonly discountId: string };

/** Result of {@link LimitedDiscountRepository.take}. */
export type LimitedDiscountTakeOutcome =
  | { readonly outcome: "taken" }
  /** The order took from this discount already; nothing was taken again. */
  | { readonly outcome: "already_taken" }
  /** Fewer discounted units are left than asked; nothing was taken. */
  | { readonly outcome: "stock_exhausted"; readonly skuId: string; readonly left: number }
  /** The buyer would pass the per-person limit; nothing was taken. */
  | {
      readonly outcome: "limit_exceeded";
      readonly skuId: string;
      readonly limit: number;
      readonly bought: number;
    }
  | { readonly outcome: "not_found" };

/**
 * Storage of time-limited discounts, their sold units and each buyer's
 * counted units, scoped by tenant. Inserting (the overlap rule), taking
 * (own stock and per-person limit) and releasing are each one atomic step.
 */
export interface LimitedDiscountRepository {
  /**
   * Stores a new discount unless an `active` discount whose validity
   * overlaps contains one of its SKUs, as one atomic step: of two concurrent
   * inserts sharing a SKU and time, one is refused.
   */
  insert(discount: LimitedDiscount): Promise<LimitedDiscountInsertion>;
  /** The discount, or `null`. */
  get(tenantId: string, id: string): Promise<LimitedDiscount | null>;
  /** The tenant's discounts, newest first, up to `limit`, those with an id below `beforeId`. */
  list(
    tenantId: string,
    options: { readonly beforeId: string | null; readonly limit: number },
  ): Promise<LimitedDiscount[]>;
  /** Ends an `active` discount (compare-and-set); `null` when unknown or ended already. */
  end(tenantId: string, id: string, at: string): Promise<LimitedDiscount | null>;
  /** Active discounts whose validity contains `at` and that list one of `skuIds`. */
  listRunning(tenantId: string, skuIds: readonly string[], at: string): Promise<LimitedDiscount[]>;
  /** Units of each SKU the customer holds under the discount (takes not released), by SKU id. */
  boughtUnits(
    tenantId: string,
    discountId: string,
    customerId: string,
  ): Promise<Readonly<Record<string, number>>>;
  /**
   * Takes the lines' units from the discount's own stock and counts them
   * for the buyer, all or nothing, refusing to pass either the stock or
   * the discount's per-person limit; records the take under the order.
   */
  take(take: LimitedDiscountTake): Promise<LimitedDiscountTakeOutcome>;
  /** Gives back every held take of the order (stock and count), exactly once; returns how many. */
  release(tenantId: string, orderId: string, at: string): Promise<number>;
  /** The order's takes. */
  takesOf(tenantId: string, orderId: string): Promise<LimitedDiscountTake[]>;
}

/** The time-limited discount part of the storage port. */
export interface LimitedDiscountRepositories {
  readonly limitedDiscounts: LimitedDiscountRepository;
}
