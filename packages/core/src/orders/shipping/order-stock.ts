import type { StorageRepositories } from "../../ports/storage.js";
import type { Order, OrderStockState } from "../order.js";

/**
 * The stock reservations an order may hold: `<id>` (taken at creation for
 * `reserve_on_create` lines) and `<id>.pay` (taken at payment for the others).
 */
export function orderReservationIds(orderId: string): readonly string[] {
  return [orderId, `${orderId}.pay`];
}

/** The order's stock state once its goods left: `committed`, unless it was given back. */
export function committedStock(stock: OrderStockState): OrderStockState {
  return stock === "released" ? "released" : "committed";
}

/**
 * Marks the order's held reservations sold, in the caller's transaction.
 * A reservation it never took (`not_found`) or one already committed or
 * released (`not_held`) changes nothing, so this is safe to repeat.
 */
export async function commitOrderStock(
  tx: StorageRepositories,
  order: Pick<Order, "tenantId" | "id">,
  at: string,
): Promise<void> {
  for (const reservationId of orderReservationIds(order.id)) {
    await tx.skus.commit(order.tenantId, reservationId, at);
  }
}
