import { money } from "../../kernel/money.js";
import { applyRate, zheRate } from "../../kernel/rates.js";
import { type RoundingMode, roundQuotient } from "../../kernel/rounding.js";
import type {
  LimitedDiscountItem,
  LimitedDiscountKind,
  LimitedDiscountRounding,
} from "./limited-discount.js";

const MODES: Readonly<Record<LimitedDiscountRounding, RoundingMode>> = Object.freeze({
  none: "half_up",
  drop_fen: "drop_fen",
  drop_jiao: "drop_jiao",
});

/**
 * The discounted unit price of `item` for a list price (minor units): the
 * rate's price rounded half up (or dropping fen / jiao), the list price
 * less the reduction, or the fixed price; never below zero nor above the
 * list price.
 *
 * @example
 * ```ts
 * discountedUnitPrice("rate", "none", { rate: "8.5", amount: null }, 1999, "CNY"); // 1699 (16.9915)
 * ```
 */
export function discountedUnitPrice(
  kind: LimitedDiscountKind,
  rounding: LimitedDiscountRounding,
  item: Pick<LimitedDiscountItem, "rate" | "amount">,
  listPrice: number,
  currency: string,
): number {
  const mode = MODES[rounding];
  let price: number;
  if (kind === "rate") {
    price = applyRate(money(listPrice, currency), zheRate(item.rate ?? ""), mode).amount;
  } else {
    const raw = kind === "reduction" ? listPrice - (item.amount ?? 0) : (item.amount ?? listPrice);
    price = Number(roundQuotient(BigInt(Math.max(0, raw)), 1n, mode));
  }
  return Math.min(listPrice, Math.max(0, price));
}
