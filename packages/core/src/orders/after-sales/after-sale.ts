import type { Money } from "../../kernel/money.js";
import type { PostalAddress } from "../../ports/courier.js";

/** What the buyer asks for (售后类型): money back only, return the goods for money, or an exchange. */
export type AfterSaleKind = "refund_only" | "return_and_refund" | "exchange";

/** Every {@link AfterSaleKind}. */
export const AFTER_SALE_KINDS = Object.freeze([
  "refund_only",
  "return_and_refund",
  "exchange",
] as const);

/**
 * Where an after-sales request is. `applied → rejected`, or `applied →
 * approved`; then for goods coming back `approved → returning` (the buyer
 * entered the return's tracking) `→ received` (the merchant confirmed the
 * goods); then `refunding → refunded` (refund kinds) or `reshipped`
 * (exchange). `refund_only` goes `approved → refunding → refunded`. The
 * buyer may withdraw (`withdrawn`) until the goods are on their way back.
 */
export type AfterSaleState =
  | "applied"
  | "rejected"
  | "approved"
  | "returning"
  | "received"
  | "refunding"
  | "refunded"
  | "reshipped"
  | "withdrawn";

/** Every {@link AfterSaleState}. */
export const AFTER_SALE_STATES = Object.freeze([
  "applied",
  "rejected",
  "approved",
  "returning",
  "received",
  "refunding",
  "refunded",
  "reshipped",
  "withdrawn",
] as const);

/** A parcel of an after-sales request: the buyer's return or the merchant's re-shipment. */
export interface AfterSaleParcel {
  readonly courier: string;
  readonly trackingNumber: string;
  readonly at: string;
}

/** An after-sales request (售后单) on one order. */
export interface AfterSale {
  readonly tenantId: string;
  /** Sortable id from the ids port (`as_…`). */
  readonly id: string;
  readonly orderId: string;
  /** The buyer's account id (the order's customer). */
  readonly customerId: string;
  readonly kind: AfterSaleKind;
  readonly state: AfterSaleState;
  /** Bumped by every change; the adapters' compare-and-set key. */
  readonly version: number;
  /** The order lines and units concerned. */
  readonly items: readonly { readonly lineId: string; readonly quantity: number }[];
  /** What the buyer asks back (zero for an exchange); never more than the order has left to refund. */
  readonly refundAmount: Money;
  readonly reason: string;
  /** The buyer's description, or `null`. */
  readonly description: string | null;
  /** Links to the buyer's photos (凭证), at most 9. */
  readonly evidence: readonly string[];
  /** Whether the buyer has the goods (refund only: 货物状态). */
  readonly goodsReceived: boolean;
  /** Where the goods go back to, given by staff on approval (return and exchange). */
  readonly returnAddress: PostalAddress | null;
  readonly returnParcel: AfterSaleParcel | null;
  readonly reshipment: AfterSaleParcel | null;
  /** The order refund that pays it (`refunding` onwards), or `null`. */
  readonly refundId: string | null;
  /** Why staff rejected it, or `null`. */
  readonly rejectionReason: string | null;
  /** Actor id of the staff member who last decided on it, or `null`. */
  readonly decidedBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When it reached `rejected`, `refunded`, `reshipped` or `withdrawn`, or `null`. */
  readonly closedAt: string | null;
}
