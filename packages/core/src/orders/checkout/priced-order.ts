import { OneCodeError } from "../../kernel/errors.js";
import { type Money, money } from "../../kernel/money.js";
import type { OrderAdjustment, OrderLine } from "../order.js";
import type { PricingLine, PricingResult } from "./order-pricing.js";

/** The money fields of a priced order. */
export interface PricedOrder {
  readonly lines: OrderLine[];
  readonly goodsTotal: Money;
  readonly adjustments: readonly OrderAdjustment[];
  readonly shipping: Money;
  readonly total: Money;
}

const sourceKey = (adjustment: OrderAdjustment) =>
  `${adjustment.source.kind}\u0000${adjustment.source.id ?? ""}\u0000${adjustment.label}`;

/** A pricing function broke its contract: a programming error of the host's pricing, not bad input. */
function pricingBroken(rule: string): OneCodeError<"VALIDATION_FAILED"> {
  return new OneCodeError(
    "VALIDATION_FAILED",
    `the pricing function's answer breaks a rule: ${rule}`,
    {
      issues: [{ field: "pricing", rule: "pricing_contract", message: rule }],
    },
  );
}

/**
 * Builds the order's lines and totals from the pricing answer, checking it:
 * one priced line per line, every amount in `currency`, no line or shipping
 * below zero, and each order-level adjustment equal to the sum of its line
 * shares, so the lines add up exactly to the total.
 */
export function pricedOrder(
  lines: readonly (PricingLine & { readonly stockPolicy: OrderLine["stockPolicy"] })[],
  result: PricingResult,
  currency: string,
): PricedOrder {
  const inCurrency = (amount: Money, what: string) => {
    if (amount.currency !== currency || !Number.isSafeInteger(amount.amount)) {
      throw pricingBroken(`${what} must be whole minor units of ${currency}`);
    }
  };
  if (result.lines.length !== lines.length) throw pricingBroken("one priced line per order line");
  const shares = new Map<string, number>();
  const built = lines.map((line, index): OrderLine => {
    const priced = result.lines[index];
    if (priced?.lineId !== line.lineId)
      throw pricingBroken("priced lines in the order's line order");
    const listAmount = line.sku.price.amount * line.quantity;
    let amount = listAmount;
    for (const adjustment of priced.adjustments) {
      inCurrency(adjustment.amount, `the adjustment "${adjustment.label}"`);
      amount += adjustment.amount.amount;
      const key = sourceKey(adjustment);
      shares.set(key, (shares.get(key) ?? 0) + adjustment.amount.amount);
    }
    if (amount < 0) throw pricingBroken(`line ${line.lineId} must not go below zero`);
    const own = priced.ownStockUnits ?? 0;
    if (!Number.isSafeInteger(own) || own < 0 || own > line.quantity) {
      throw pricingBroken(`line ${line.lineId}'s ownStockUnits must be 0 to its quantity`);
    }
    return {
      lineId: line.lineId,
      productId: line.sku.productId,
      skuId: line.sku.id,
      skuCode: line.sku.code,
      title: line.productTitle,
      spec: line.sku.spec,
      quantity: line.quantity,
      unitPrice: line.sku.price,
      weightGrams: line.sku.weightGrams,
      adjustments: priced.adjustments,
      amount: money(amount, currency),
      shippedQuantity: 0,
      stockPolicy: line.stockPolicy,
      ...(own > 0 && { ownStockUnits: own }),
    };
  });
  for (const adjustment of result.adjustments) {
    inCurrency(adjustment.amount, `the adjustment "${adjustment.label}"`);
    const key = sourceKey(adjustment);
    if (shares.get(key) !== adjustment.amount.amount) {
      throw pricingBroken(
        `the adjustment "${adjustment.label}" must equal the sum of its line shares`,
      );
    }
    shares.delete(key);
  }
  if (shares.size > 0)
    throw pricingBroken("every line adjustment must belong to an order adjustment");
  inCurrency(result.shipping, "shipping");
  if (result.shipping.amount < 0) throw pricingBroken("shipping must not go below zero");
  const goods = built.reduce((sum, line) => sum + line.unitPrice.amount * line.quantity, 0);
  const linesTotal = built.reduce((sum, line) => sum + line.amount.amount, 0);
  return {
    lines: built,
    goodsTotal: money(goods, currency),
    adjustments: result.adjustments,
    shipping: result.shipping,
    total: money(linesTotal + result.shipping.amount, currency),
  };
}
