import type { Money } from "../kernel/money.js";

/** The event a paid-out distributor withdrawal records (emitted by the distribution module). */
export const WITHDRAWAL_PAID = "withdrawal.paid";
/** The event a stored-value card charge records (emitted by the stored-value cards module). */
export const STORED_VALUE_CHARGED = "stored_value.charged";
/** The event a SKU take that leaves stock at or below its threshold records. */
export const SKU_STOCK_LOW = "sku.stock_low";

/** Payload of `withdrawal.paid`: who is told, and how much was paid out. */
export interface WithdrawalPaidPayload {
  /** The withdrawal's id. */
  readonly withdrawalId: string;
  /** The payee's mobile number, as the module stores it. */
  readonly phone: string;
  /** What was paid out, integer minor units. */
  readonly amount: Money;
}

/** Payload of `stored_value.charged`: the card holder's phone, the charge and the balance after it. */
export interface StoredValueChargedPayload {
  /** The stored-value card's id. */
  readonly cardId: string;
  /** The card holder's mobile number. */
  readonly phone: string;
  /** What was charged (topped up) onto the card, integer minor units. */
  readonly amount: Money;
  /** The card's balance after the charge. */
  readonly balance: Money;
}

/** Payload of `sku.stock_low`: the SKU whose stock fell to or below its threshold. */
export interface SkuStockLowPayload {
  readonly skuId: string;
  readonly productId: string;
  /** The SKU's code. */
  readonly code: string;
  /** Units left after the take. */
  readonly stock: number;
  /** The SKU's low-stock threshold. */
  readonly threshold: number;
}

/** Payload of `order.shipped`: the shipment that left. */
export interface OrderShippedPayload {
  readonly shipmentId: string;
}

/** Payload of `order.refund_succeeded`: the refund the provider confirmed. */
export interface OrderRefundSucceededPayload {
  readonly refundId: string;
  readonly amount: Money;
  readonly afterSaleId: string | null;
}

/**
 * An amount of minor units as the yuan text templates show, two decimals
 * and no grouping: `12990` gives `129.90`, `-5` gives `-0.05`. Integer
 * arithmetic only.
 */
export function formatMinorUnits(amount: number): string {
  const sign = amount < 0 ? "-" : "";
  const magnitude = Math.abs(amount);
  return `${sign}${Math.floor(magnitude / 100)}.${String(magnitude % 100).padStart(2, "0")}`;
}
