import { OneCodeError } from "../kernel/errors.js";
import type { Order, OrderState } from "./order.js";

/**
 * Everything that moves an order, each with the states it may start from.
 * One table, read by every use case, so no path changes an order from a
 * state the contract does not allow.
 */
export const ORDER_ACTIONS = Object.freeze({
  /** A succeeded charge: `unpaid → to_ship`. */
  pay: ["unpaid"],
  /** Timeout or cancellation before payment: `unpaid → closed`. */
  close_unpaid: ["unpaid"],
  /** Staff change the price (改价). */
  change_price: ["unpaid"],
  /** Send some or all remaining units (`to_ship`, or `to_ship → shipped` once every unit left). */
  ship: ["to_ship"],
  /** Staff hand a pickup or in-store order over (核销): `to_ship → completed`. */
  verify: ["to_ship"],
  /** The buyer confirms receipt, or the auto-complete timer fires: `shipped → completed`. */
  complete: ["shipped"],
  /** The courier reports a parcel signed for (logistics only). */
  mark_signed: ["shipped", "completed"],
  /** The buyer asks to cancel a paid order (退单申请). */
  request_cancellation: ["to_ship", "shipped"],
  /** Staff reject or accept the buyer's cancellation request; accepting closes the order. */
  decide_cancellation: ["to_ship", "shipped"],
  /** Staff cancel a paid order themselves (商家主动退单): `→ closed`. */
  close_paid: ["to_ship", "shipped"],
  /** Money goes back through the payment port (closed: a payment that arrived after closing). */
  refund: ["to_ship", "shipped", "completed", "closed"],
  /** The buyer opens an after-sales request (售后). */
  open_after_sale: ["to_ship", "shipped", "completed"],
} as const satisfies Record<string, readonly OrderState[]>);

/** A name of {@link ORDER_ACTIONS}. */
export type OrderAction = keyof typeof ORDER_ACTIONS;

/** Whether `action` may start from the order's current state. */
export function orderAllows(order: Pick<Order, "state">, action: OrderAction): boolean {
  return (ORDER_ACTIONS[action] as readonly OrderState[]).includes(order.state);
}

/**
 * Throws `INVALID_STATE_TRANSITION` (naming the order, its state, the
 * action and the states it needs) unless the order may take `action`.
 */
export function assertOrderAllows(order: Pick<Order, "id" | "state">, action: OrderAction): void {
  if (orderAllows(order, action)) return;
  const required = ORDER_ACTIONS[action].join(" or ");
  throw new OneCodeError(
    "INVALID_STATE_TRANSITION",
    `order ${order.id} is ${order.state}; ${action} needs it ${required}`,
    { id: order.id, from: order.state, to: action, required },
  );
}
