import { describe, expect, it } from "vitest";
import { createOneCode } from "../create-one-code.js";
import { isOneCodeError } from "../kernel/errors.js";
import { DEFAULT_PRINT_PRICES, type PrintPriceTable } from "./print-order.js";
import { quotePrint } from "./print-pricing.js";

const itemPrice = (itemCodes: number) =>
  quotePrint(DEFAULT_PRINT_PRICES, { packagingCodes: 0, itemCodes }).itemPrice.amount;

describe("print prices", () => {
  it("charge item codes by the half-open tier their count falls in", () => {
    expect(itemPrice(1)).toBe(300_000);
    expect(itemPrice(29_999)).toBe(300_000);
    expect(itemPrice(30_000)).toBe(30_000 * 12);
    expect(itemPrice(999_999)).toBe(999_999 * 12);
    expect(itemPrice(1_000_000)).toBe(1_000_000 * 10);
    expect(itemPrice(4_999_999)).toBe(4_999_999 * 10);
    expect(itemPrice(5_000_000)).toBe(5_000_000 * 9);
  });

  it("charge packaging codes per code and add everything up, explaining each part", () => {
    const quote = quotePrint(DEFAULT_PRINT_PRICES, { packagingCodes: 1_100, itemCodes: 30_000 });
    expect(quote).toEqual({
      packagingCodes: 1_100,
      itemCodes: 30_000,
      packagingPrice: { amount: 13_200, currency: "CNY" },
      itemPrice: { amount: 360_000, currency: "CNY" },
      itemTier: { from: 30_000, below: 1_000_000, unitPrice: 12 },
      total: { amount: 373_200, currency: "CNY" },
    });
    expect(quotePrint(DEFAULT_PRINT_PRICES, { packagingCodes: 3, itemCodes: 0 })).toMatchObject({
      itemTier: null,
      itemPrice: { amount: 0 },
      total: { amount: 36 },
    });
  });

  it("use a configured table, and refuse a table with gaps", () => {
    const table: PrintPriceTable = {
      currency: "USD",
      packagingUnitPrice: 5,
      itemTiers: [
        { from: 0, below: 100, flat: 1_000 },
        { from: 100, below: null, unitPrice: 7 },
      ],
    };
    expect(quotePrint(table, { packagingCodes: 2, itemCodes: 100 }).total).toEqual({
      amount: 710,
      currency: "USD",
    });
    expect(() => createOneCode({ codes: { printPrices: table } })).not.toThrow();
    const gap = {
      ...table,
      itemTiers: [
        { from: 0, below: 100, flat: 1_000 },
        { from: 101, below: null, unitPrice: 7 },
      ],
    };
    const unbounded = { ...table, itemTiers: [{ from: 0, below: 100, flat: 1 }] };
    for (const [bad, field] of [
      [gap, "codes.printPrices.itemTiers.1.from"],
      [unbounded, "codes.printPrices.itemTiers.0.below"],
      [{ ...table, packagingUnitPrice: 0.5 }, "codes.printPrices.packagingUnitPrice"],
    ] as const) {
      try {
        createOneCode({ codes: { printPrices: bad } });
        expect.unreachable();
      } catch (error) {
        expect(isOneCodeError(error, "VALIDATION_FAILED")).toBe(true);
        expect(
          (error as { details: { issues: { field: string }[] } }).details.issues[0]?.field,
        ).toBe(field);
      }
    }
  });
});
