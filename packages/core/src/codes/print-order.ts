import { DEFAULT_CURRENCY, type Money } from "../kernel/money.js";

/** Print finish: `plain` (明码) or `scratch` (刮刮银: inner codes under a scratch-off coating, outer codes plain). */
export type PrintFinish = "plain" | "scratch";

/** Print order status: `pending` (待印码) → `printing` → `shipped` (with a tracking number). */
export type PrintOrderStatus = "pending" | "printing" | "shipped";

/** Where printed labels are sent. */
export interface PrintRecipient {
  readonly name: string;
  readonly phone: string;
  readonly address: string;
}

/**
 * One tier of the inner-code price: applies when the order's inner-code
 * count is at least `from` and below `below` (`null`: no upper bound). The
 * whole count is charged either a `flat` amount or `unitPrice` per code.
 */
export type PrintPriceTier =
  | { readonly from: number; readonly below: number | null; readonly flat: number }
  | { readonly from: number; readonly below: number | null; readonly unitPrice: number };

/**
 * The print price table, amounts in minor units. Packaging codes (outer and
 * middle) cost `packagingUnitPrice` each; item-level codes (inner, or the
 * codes of single packages) are priced by the tier their total count falls in.
 */
export interface PrintPriceTable {
  readonly currency: string;
  readonly packagingUnitPrice: number;
  /** Contiguous tiers from 0 upwards, the last one unbounded. */
  readonly itemTiers: readonly PrintPriceTier[];
}

/**
 * The default table (domain §1.5): packaging codes 0.12 each; item codes a
 * flat 3000.00 below 30,000, then 0.12 each up to 1,000,000, 0.10 each up to
 * 5,000,000 and 0.09 each from 5,000,000.
 */
export const DEFAULT_PRINT_PRICES: PrintPriceTable = Object.freeze({
  currency: DEFAULT_CURRENCY,
  packagingUnitPrice: 12,
  itemTiers: Object.freeze([
    { from: 0, below: 30_000, flat: 300_000 },
    { from: 30_000, below: 1_000_000, unitPrice: 12 },
    { from: 1_000_000, below: 5_000_000, unitPrice: 10 },
    { from: 5_000_000, below: null, unitPrice: 9 },
  ]),
});

/** The computed price of a print order, every line explained. */
export interface PrintQuote {
  readonly packagingCodes: number;
  readonly itemCodes: number;
  readonly packagingPrice: Money;
  readonly itemPrice: Money;
  /** The tier the item-code count fell in. */
  readonly itemTier: PrintPriceTier | null;
  readonly total: Money;
}

/** A print order (印码订单). Immutable once created, apart from its status. */
export interface PrintOrder {
  readonly id: string;
  readonly tenantId: string;
  readonly packageIds: readonly string[];
  readonly finish: PrintFinish;
  readonly recipient: PrintRecipient;
  readonly quote: PrintQuote;
  readonly status: PrintOrderStatus;
  /** Set when shipped. */
  readonly trackingNumber: string | null;
  readonly courier: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input of `printOrders.create` and `printOrders.quote`. */
export interface NewPrintOrderInput {
  /** 1-50 succeeded packages of the tenant, all with serial numbers. */
  readonly packageIds: readonly string[];
  readonly finish: PrintFinish;
  readonly recipient: PrintRecipient;
}

/** Input of `printOrders.advance`. */
export type PrintOrderTransition =
  | { readonly to: "printing" }
  | { readonly to: "shipped"; readonly trackingNumber: string; readonly courier?: string };
