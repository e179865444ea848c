import type { ReservationLine } from "../catalog/skus/sku.js";
import type { StorageRepositories } from "../ports/storage.js";
import type { Order, OrderLine } from "./order.js";

/** Units of the line that take the SKU's stock: all but those a promotion's own stock covers. */
export function skuStockUnits(line: Pick<OrderLine, "quantity" | "ownStockUnits">): number {
  return line.quantity - (line.ownStockUnits ?? 0);
}

/** The reservation ids of an order: its `reserve_on_create` lines, then those taken at payment. */
export function reservationIdsOf(orderId: string): readonly [string, string] {
  return [orderId, `${orderId}.pay`];
}

/** The order's lines taken at payment (`reserve_on_pay`), as reservation lines. */
export function payTimeLines(order: Order): ReservationLine[] {
  return order.lines
    .filter((line) => line.stockPolicy === "reserve_on_pay" && skuStockUnits(line) > 0)
    .map((line) => ({ skuId: line.skuId, quantity: skuStockUnits(line) }));
}

/**
 * Gives back every unit the order holds, in its transaction: each
 * reservation is released at most once however often this runs, so a
 * repeated close returns nothing twice.
 */
export async function releaseOrderStock(
  tx: StorageRepositories,
  order: Order,
  at: string,
): Promise<Order["stock"]> {
  if (order.stock !== "held") return order.stock;
  for (const id of reservationIdsOf(order.id)) await tx.skus.release(order.tenantId, id, at);
  return "released";
}

/** The order's stock state once its goods left: `committed`, unless it was given back. */
export function committedStock(stock: Order["stock"]): Order["stock"] {
  return stock === "released" ? "released" : "committed";
}

/**
 * Marks the order's held reservations sold (the goods left), in the
 * caller's transaction. A reservation it never took (`not_found`) or one
 * already committed or released (`not_held`) changes nothing, so this is
 * safe to repeat.
 */
export async function commitOrderStock(
  tx: StorageRepositories,
  order: Pick<Order, "tenantId" | "id">,
  at: string,
): Promise<void> {
  for (const id of reservationIdsOf(order.id)) await tx.skus.commit(order.tenantId, id, at);
}
