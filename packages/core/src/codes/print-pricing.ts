import { invalidField } from "../kernel/errors.js";
import { addMoney, money } from "../kernel/money.js";
import type { CodePackage } from "./code-package.js";
import { packageLayout } from "./package-layout.js";
import type { PrintPriceTable, PrintPriceTier, PrintQuote } from "./print-order.js";

/** Codes to print, split the way the price table charges them. */
export interface PrintCounts {
  /** Outer and middle codes. */
  readonly packagingCodes: number;
  /** Inner codes and the codes of single packages. */
  readonly itemCodes: number;
}

/** Packaging and item-level codes of a generated package. */
export function printCountsOf(pkg: CodePackage): PrintCounts {
  if (pkg.source === "uploaded") return { packagingCodes: 0, itemCodes: pkg.total };
  const { counts } = packageLayout(pkg.codeType, pkg.ratio, pkg.quantity);
  return { packagingCodes: counts.outer + counts.middle, itemCodes: counts.inner + counts.item };
}

const isAmount = (value: unknown) =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

/**
 * Throws `VALIDATION_FAILED` unless the table is usable: non-negative integer
 * amounts, tiers contiguous from 0 (each `from` is the previous `below`) and
 * only the last one unbounded.
 */
export function checkPrintPriceTable(table: PrintPriceTable): void {
  const field = "codes.printPrices";
  money(0, table?.currency, `${field}.currency`);
  if (!isAmount(table.packagingUnitPrice)) {
    throw invalidField(
      `${field}.packagingUnitPrice`,
      "amount",
      `${field}.packagingUnitPrice must be a non-negative integer of minor units`,
    );
  }
  const tiers = table.itemTiers ?? [];
  if (tiers.length === 0)
    throw invalidField(
      `${field}.itemTiers`,
      "min_items",
      `${field}.itemTiers must list at least one tier`,
    );
  let expectedFrom = 0;
  tiers.forEach((tier, index) => {
    const at = `${field}.itemTiers.${index}`;
    const last = index === tiers.length - 1;
    const price = "flat" in tier ? tier.flat : tier.unitPrice;
    if (tier.from !== expectedFrom) {
      throw invalidField(`${at}.from`, "contiguous", `${at}.from must be ${expectedFrom}`);
    }
    if (
      last ? tier.below !== null : !(isAmount(tier.below) && (tier.below as number) > tier.from)
    ) {
      throw invalidField(
        `${at}.below`,
        "tier_bound",
        last
          ? `${at}.below must be null (the last tier is unbounded)`
          : `${at}.below must be an integer above from`,
      );
    }
    if (!isAmount(price)) {
      throw invalidField(at, "amount", `${at} must have a non-negative integer flat or unitPrice`);
    }
    expectedFrom = tier.below ?? 0;
  });
}

/** The tier `count` item codes fall in: `from <= count < below`. */
export function tierFor(table: PrintPriceTable, count: number): PrintPriceTier {
  const tier = table.itemTiers.find(
    (candidate) => count >= candidate.from && (candidate.below === null || count < candidate.below),
  );
  if (!tier) throw new RangeError(`no print price tier covers ${count} codes`);
  return tier;
}

/**
 * Prices a print run: packaging codes at the unit price, item codes by the
 * tier their count falls in (a flat amount or a price per code). No item
 * codes cost nothing and have no tier.
 *
 * @example
 * ```ts
 * quotePrint(DEFAULT_PRINT_PRICES, { packagingCodes: 100, itemCodes: 30_000 }).total.amount;
 * // 100 × 12 + 30,000 × 12 = 361,200 fen (3,612.00 yuan)
 * ```
 */
export function quotePrint(table: PrintPriceTable, counts: PrintCounts): PrintQuote {
  const { currency } = table;
  const packagingPrice = money(counts.packagingCodes * table.packagingUnitPrice, currency);
  const itemTier = counts.itemCodes > 0 ? tierFor(table, counts.itemCodes) : null;
  const itemAmount =
    itemTier === null
      ? 0
      : "flat" in itemTier
        ? itemTier.flat
        : counts.itemCodes * itemTier.unitPrice;
  const itemPrice = money(itemAmount, currency);
  return {
    packagingCodes: counts.packagingCodes,
    itemCodes: counts.itemCodes,
    packagingPrice,
    itemPrice,
    itemTier,
    total: addMoney(packagingPrice, itemPrice),
  };
}
