import type { Money } from "../../kernel/money.js";

/** When a product's stock is reserved: when the order is created, or when it is paid. */
export type StockPolicy = "reserve_on_create" | "reserve_on_pay";

/** One spec dimension of a product (规格), e.g. `{ name: "colour", values: ["red", "blue"] }`. */
export interface SpecDimension {
  readonly name: string;
  readonly values: readonly string[];
}

/**
 * A product's SKU settings: its spec dimensions (0 to 3) and its stock
 * policy. Kept beside the product so the product record keeps its fields.
 */
export interface SkuSettings {
  readonly tenantId: string;
  readonly productId: string;
  readonly policy: StockPolicy;
  readonly dimensions: readonly SpecDimension[];
  readonly updatedAt: string;
}

/**
 * A stock keeping unit: one combination of the product's spec values (none
 * for a product without specs), with its own price, stock, weight and code.
 */
export interface Sku {
  readonly tenantId: string;
  readonly id: string;
  readonly productId: string;
  /** Unique within the tenant. */
  readonly code: string;
  /** Dimension name → value; empty for the default SKU of a product without specs. */
  readonly spec: Readonly<Record<string, string>>;
  /** In the tenant's currency, integer minor units. */
  readonly price: Money;
  /** Units on hand, never negative. */
  readonly stock: number;
  readonly weightGrams: number;
  /** A take that leaves stock at or below this raises `sku.stock_low`; `null` for none. */
  readonly lowStockThreshold: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One line of a stock reservation. */
export interface ReservationLine {
  readonly skuId: string;
  readonly quantity: number;
}

/** The state of a reservation: holding its units, sold, or given back. */
export type ReservationStatus = "held" | "committed" | "released";

/** A stock reservation, kept so that its release happens exactly once. */
export interface StockReservation {
  readonly tenantId: string;
  readonly id: string;
  readonly status: ReservationStatus;
  readonly lines: readonly ReservationLine[];
  readonly createdAt: string;
  readonly updatedAt: string;
}
