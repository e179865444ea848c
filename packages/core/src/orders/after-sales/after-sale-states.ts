import { OneCodeError } from "../../kernel/errors.js";
import type { AfterSale, AfterSaleKind, AfterSaleState } from "./after-sale.js";

type KindStates = { readonly [K in AfterSaleKind]?: readonly AfterSaleState[] };

/**
 * Everything that moves an after-sales request, per kind, with the states
 * it may start from; a kind an action does not name cannot take it. One
 * table, read by every use case, so no path moves a request from a state
 * its flow does not allow:
 *
 * - `refund_only`: `applied → approved → refunding → refunded` (approval
 *   goes straight on to `refunding`), or `applied → rejected`;
 * - `return_and_refund`: `applied → approved → returning` (the buyer's
 *   tracking) `→ received` (the merchant confirms the goods) `→ refunding →
 *   refunded` (confirming goes straight on to `refunding`);
 * - `exchange`: `applied → approved → returning → received → reshipped`;
 * - every kind: `withdrawn` by the buyer from `applied` or `approved`.
 */
export const AFTER_SALE_ACTIONS = Object.freeze({
  /** Staff agree (同意): refund only goes on to `refunding`, the return kinds wait for the goods. */
  approve: { refund_only: ["applied"], return_and_refund: ["applied"], exchange: ["applied"] },
  /** Staff refuse (驳回): `→ rejected`. */
  reject: { refund_only: ["applied"], return_and_refund: ["applied"], exchange: ["applied"] },
  /** The buyer gives up, until the goods are on their way back: `→ withdrawn`. */
  withdraw: {
    refund_only: ["applied", "approved"],
    return_and_refund: ["applied", "approved"],
    exchange: ["applied", "approved"],
  },
  /** The buyer sends the goods back with the courier and tracking number: `approved → returning`. */
  ship_back: { return_and_refund: ["approved"], exchange: ["approved"] },
  /** The merchant confirms the goods came back as described: `→ received` (`→ refunding` for refunds). */
  confirm_return: { return_and_refund: ["returning"], exchange: ["returning"] },
  /** The merchant sends the replacement with its courier and tracking number: `received → reshipped`. */
  reship: { exchange: ["received"] },
  /** The order refund paying it succeeded: `refunding → refunded`. */
  settle_refund: { refund_only: ["refunding"], return_and_refund: ["refunding"] },
} as const satisfies Record<string, KindStates>);

/** A name of {@link AFTER_SALE_ACTIONS}. */
export type AfterSaleAction = keyof typeof AFTER_SALE_ACTIONS;

/** The states a request stays open in: it holds its order lines and its refund amount. */
export const OPEN_AFTER_SALE_STATES: readonly AfterSaleState[] = Object.freeze([
  "applied",
  "approved",
  "returning",
  "received",
  "refunding",
]);

/** The states `action` may start from for `kind` (none when the kind cannot take it). */
export function afterSaleActionStates(
  kind: AfterSaleKind,
  action: AfterSaleAction,
): readonly AfterSaleState[] {
  return (AFTER_SALE_ACTIONS[action] as KindStates)[kind] ?? [];
}

/** Whether `action` may start from the request's kind and current state. */
export function afterSaleAllows(
  afterSale: Pick<AfterSale, "kind" | "state">,
  action: AfterSaleAction,
): boolean {
  return afterSaleActionStates(afterSale.kind, action).includes(afterSale.state);
}

/**
 * Throws `INVALID_STATE_TRANSITION` (naming the request, its kind and
 * state, the action and the states it needs) unless the request may take
 * `action`.
 */
export function assertAfterSaleAllows(
  afterSale: Pick<AfterSale, "id" | "kind" | "state">,
  action: AfterSaleAction,
): void {
  if (afterSaleAllows(afterSale, action)) return;
  const states = afterSaleActionStates(afterSale.kind, action);
  const required = states.length > 0 ? states.join(" or ") : `another kind than ${afterSale.kind}`;
  throw new OneCodeError(
    "INVALID_STATE_TRANSITION",
    `after-sales request ${afterSale.id} (${afterSale.kind}) is ${afterSale.state}; ${action} needs it ${required}`,
    { id: afterSale.id, from: afterSale.state, to: action, required },
  );
}
