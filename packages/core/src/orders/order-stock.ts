import type { ReservationLine } from "../catalog/skus/sku.js";
import type { StorageRepositories } from "../ports/storage.js";
import type { Order } from "./order.js";

/** The reservation ids of an order: its `reserve_on_create` lines, then those taken at payment. */
export function reservationIdsOf(orderId: string): readonly [string, string] {
  return [orderId, `${orderId}.pay`];
}

/** The order's lines taken at payment (`reserve_on_pay`), as reservation lines. */
export function payTimeLines(order: Order): ReservationLine[] {
  return order.lines
    .filter((line) => line.stockPolicy === "reserve_on_pay")
    .map((line) => ({ skuId: line.skuId, quantity: line.quantity }));
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

/** Marks every unit the order holds as sold (the goods left), at most once per reservation. */
export async function commitOrderStock(
  tx: StorageRepositories,
  order: Order,
  at: string,
): Promise<Order["stock"]> {
  if (order.stock !== "held") return order.stock;
  for (const id of reservationIdsOf(order.id)) await tx.skus.commit(order.tenantId, id, at);
  return "committed";
}
