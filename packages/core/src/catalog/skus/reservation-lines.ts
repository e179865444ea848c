import type { ReservationLine } from "./sku.js";

/**
 * The lines with one entry per SKU (quantities of repeated SKUs summed),
 * ordered by SKU id. Adapters take stock in this order, so two concurrent
 * reservations over the same SKUs lock them in the same order and never
 * deadlock.
 */
export function mergedReservationLines(lines: readonly ReservationLine[]): ReservationLine[] {
  const quantities = new Map<string, number>();
  for (const line of lines) {
    quantities.set(line.skuId, (quantities.get(line.skuId) ?? 0) + line.quantity);
  }
  return [...quantities]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([skuId, quantity]) => ({ skuId, quantity }));
}
