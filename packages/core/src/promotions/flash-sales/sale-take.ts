import type { GateReceipt } from "../../ports/gates.js";

/**
 * What an order took from a flash sale or a presale through a hot-state
 * gate, recorded in the order's transaction so the take can be given back
 * exactly once when the order closes unpaid.
 */
export interface SaleTake {
  readonly tenantId: string;
  readonly orderId: string;
  readonly kind: "flash_sale" | "presale";
  /** The flash sale's or presale's id. */
  readonly saleId: string;
  readonly customerId: string;
  /** Units per SKU the gate took. */
  readonly items: readonly { readonly skuId: string; readonly quantity: number }[];
  readonly receipt: GateReceipt;
  /** What the order was promised when placed (a presale's delivery rule); `{}` for a flash sale. */
  readonly terms: Readonly<Record<string, unknown>>;
  /** When the take was given back (the order closed unpaid), or `null`. */
  readonly returnedAt: string | null;
  readonly createdAt: string;
}
