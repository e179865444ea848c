/** One SKU of a presale: its price and the virtual stock it may sell. */
export interface PresaleItem {
  readonly skuId: string;
  /** Minor units per unit, ≤ the SKU's list price when the presale was created. */
  readonly price: number;
  /** Units the presale may sell, whatever the SKU's real stock (oversell up to it). */
  readonly virtualStock: number;
}

/** When presale goods are delivered: from a fixed local date, or N days after payment. */
export type PresaleDelivery =
  | { readonly kind: "date"; readonly date: string }
  | { readonly kind: "after_payment"; readonly days: number };

/**
 * A presale (预售): the buyer pays in full now and the goods are delivered
 * later (from a date, or N days after payment). Units come from the
 * presale's virtual stock, not the SKU's. One presale of a tenant runs at a
 * time.
 */
export interface Presale {
  readonly tenantId: string;
  /** `pre_…` from the ids port. */
  readonly id: string;
  readonly name: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly items: readonly PresaleItem[];
  readonly delivery: PresaleDelivery;
  readonly stoppedAt: string | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
