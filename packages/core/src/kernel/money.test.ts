import { describe, expect, it } from "vitest";
import { isOneCodeError } from "./errors.js";
import {
  addMoney,
  allocateMoney,
  money,
  multiplyMoney,
  reduceMoney,
  subtractMoney,
  sumMoney,
} from "./money.js";

describe("money", () => {
  it("refuses fractional or unsafe amounts and bad currencies, naming the field", () => {
    for (const bad of [1.5, Number.NaN, 2 ** 53]) {
      try {
        money(bad, "CNY");
        expect.unreachable();
      } catch (error) {
        expect(isOneCodeError(error, "VALIDATION_FAILED")).toBe(true);
        expect(
          (error as { details: { issues: { field: string }[] } }).details.issues[0]?.field,
        ).toBe("amount");
      }
    }
    expect(() => money(1, "cny")).toThrow(/ISO 4217/);
  });

  it("never assumes a currency: a missing one is refused", () => {
    expect(() => money(1, undefined as unknown as string)).toThrow(/ISO 4217/);
    expect(() => sumMoney([])).toThrow(/currency is required/);
  });

  it("takes a fixed reduction off a price without going below 0.00", () => {
    expect(reduceMoney(money(4000, "CNY"), money(1500, "CNY"))).toEqual(money(2500, "CNY"));
    expect(reduceMoney(money(1000, "CNY"), money(1500, "CNY"))).toEqual(money(0, "CNY"));
    expect(() => reduceMoney(money(1, "CNY"), money(1, "USD"))).toThrow(/cannot combine/);
  });

  it("adds and subtracts within one currency only", () => {
    expect(addMoney(money(6000, "CNY"), money(4000, "CNY"))).toEqual(money(10_000, "CNY"));
    expect(subtractMoney(money(100, "CNY"), money(250, "CNY"))).toEqual(money(-150, "CNY"));
    expect(sumMoney([money(1, "CNY"), money(2, "CNY"), money(3, "CNY")])).toEqual(money(6, "CNY"));
    expect(sumMoney([], "USD")).toEqual(money(0, "USD"));
    expect(() => addMoney(money(1, "CNY"), money(1, "USD"))).toThrow(/cannot combine CNY with USD/);
  });

  it("multiplies by an exact decimal rate, rounding half-up to the fen", () => {
    expect(multiplyMoney(money(7900, "CNY"), 0.9).amount).toBe(7110);
    expect(multiplyMoney(money(1, "CNY"), 0.5).amount).toBe(1);
    expect(multiplyMoney(money(1, "CNY"), "0.49").amount).toBe(0);
    expect(multiplyMoney(money(3, "CNY"), 0.5).amount).toBe(2);
    expect(multiplyMoney(money(-1, "CNY"), 0.5).amount).toBe(-1);
    // 0.1 + 0.2 style float noise must not leak in: 1.15 is read as exactly 115/100.
    expect(multiplyMoney(money(100, "CNY"), 1.15).amount).toBe(115);
    expect(multiplyMoney(money(333, "CNY"), 1e-2).amount).toBe(3);
    expect(multiplyMoney(money(12_345, "CNY"), "1.5e1").amount).toBe(185_175);
  });

  it("reproduces the member-discount step of the pricing example to the fen", () => {
    // 79.00 at a gold member's 90% is 71.10 (domain §4.4).
    expect(multiplyMoney(money(7900, "CNY"), 0.9)).toEqual(money(7110, "CNY"));
    expect(multiplyMoney(money(4000, "CNY"), 0.9)).toEqual(money(3600, "CNY"));
  });

  it("refuses rates that are not finite decimals", () => {
    expect(() => multiplyMoney(money(1, "CNY"), Number.POSITIVE_INFINITY)).toThrow(
      /finite decimal/,
    );
    expect(() => multiplyMoney(money(1, "CNY"), "abc", "discount")).toThrow(
      /discount must be a finite decimal/,
    );
  });

  it("allocates a discount across lines without losing or inventing a fen", () => {
    expect(allocateMoney(money(1000, "CNY"), [1, 1, 1]).map((m) => m.amount)).toEqual([
      334, 333, 333,
    ]);
    expect(allocateMoney(money(1500, "CNY"), [6000, 4000]).map((m) => m.amount)).toEqual([
      900, 600,
    ]);
    expect(allocateMoney(money(1, "CNY"), [5000, 5000]).map((m) => m.amount)).toEqual([1, 0]);
    expect(allocateMoney(money(100, "CNY"), [0, 0]).map((m) => m.amount)).toEqual([50, 50]);
    expect(allocateMoney(money(-7, "CNY"), [1, 2]).map((m) => m.amount)).toEqual([-2, -5]);
    for (let total = 0; total < 200; total += 7) {
      const parts = allocateMoney(money(total, "CNY"), [333, 1, 999, 17]);
      expect(parts.reduce((sum, part) => sum + part.amount, 0)).toBe(total);
    }
  });

  it("refuses negative or fractional weights", () => {
    expect(() => allocateMoney(money(1, "CNY"), [])).toThrow(/at least one line/);
    expect(() => allocateMoney(money(1, "CNY"), [1, -1])).toThrow(/weights\.1/);
  });
});
