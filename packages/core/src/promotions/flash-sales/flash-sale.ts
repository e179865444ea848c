/** One SKU of a flash sale: its price, its own stock and the per-person limit. */
export interface FlashSaleItem {
  readonly skuId: string;
  /** Minor units per unit, ≤ the SKU's list price when the sale was created. */
  readonly price: number;
  /** Units the sale sells of the SKU in all (the sale's own stock). */
  readonly stock: number;
  /** Units one buyer may buy of the SKU in this sale. */
  readonly perPersonLimit: number;
}

/**
 * A flash sale (秒杀): special prices of some SKUs inside a window, each
 * with its own stock and per-person limit. Units are taken when an order
 * is placed and given back when it closes unpaid.
 */
export interface FlashSale {
  readonly tenantId: string;
  /** `fls_…` from the ids port. */
  readonly id: string;
  readonly name: string;
  /** ISO-8601: the sale runs from `startsAt` (inclusive) to `endsAt` (exclusive). */
  readonly startsAt: string;
  readonly endsAt: string;
  /** Distinct SKUs, at least one. */
  readonly items: readonly FlashSaleItem[];
  /** Minutes the buyer has to pay (default 30); the order closes unpaid after it. */
  readonly payWithinMinutes: number;
  /** Subscribers are reminded this many minutes before the start; `null`: no reminder. */
  readonly remindMinutesBefore: number | null;
  /** When staff stopped it early, or `null`. */
  readonly stoppedAt: string | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Where a flash sale (or presale) is at an instant. */
export type TimedSaleState = "scheduled" | "running" | "ended" | "stopped";

/** The state of a sale window at `at`: `stopped` wins, then the window decides. */
export function timedSaleState(
  sale: { readonly startsAt: string; readonly endsAt: string; readonly stoppedAt: string | null },
  atMs: number,
): TimedSaleState {
  if (sale.stoppedAt !== null) return "stopped";
  if (atMs < Date.parse(sale.startsAt)) return "scheduled";
  return atMs < Date.parse(sale.endsAt) ? "running" : "ended";
}

/** Whether two windows `[startsAt, endsAt)` share an instant. */
export function windowsOverlap(
  a: { readonly startsAt: string; readonly endsAt: string },
  b: { readonly startsAt: string; readonly endsAt: string },
): boolean {
  return (
    Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt)
  );
}

/** A consumer's request to be reminded before a flash sale starts (by SMS). */
export interface FlashSaleReminder {
  readonly tenantId: string;
  readonly saleId: string;
  readonly customerId: string;
  /** The mobile number the reminder goes to. */
  readonly phone: string;
  readonly createdAt: string;
}
