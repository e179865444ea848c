import { describe, expect, it } from "vitest";
import { isOneCodeError } from "./errors.js";
import { money } from "./money.js";
import {
  applyRate,
  exchangeRatio,
  factorRate,
  moneyToUnits,
  percentRate,
  unitsToMoney,
  zheRate,
} from "./rates.js";

const cny = (amount: number) => money(amount, "CNY");

function issueOf(run: () => unknown): { field: string; rule: string } | undefined {
  try {
    run();
  } catch (error) {
    if (isOneCodeError(error, "VALIDATION_FAILED")) return error.details.issues[0];
    throw error;
  }
  return undefined;
}

describe("rates", () => {
  it("applies a 折 rate: 8.5 折 pays 85%, 0.1 折 pays 1%, 9.99 折 pays 99.9%", () => {
    expect(applyRate(cny(10_000), zheRate("8.5"), "half_up")).toEqual(cny(8500));
    expect(applyRate(cny(10_000), zheRate(0.1), "half_up")).toEqual(cny(100));
    expect(applyRate(cny(10_000), zheRate("9.99"), "half_up")).toEqual(cny(9990));
    expect(applyRate(cny(7915), zheRate("8.8"), "drop_fen")).toEqual(cny(6960)); // exact 6965.2
    expect(applyRate(cny(7915), zheRate("8.8"), "drop_jiao")).toEqual(cny(6900));
  });

  it("refuses 折 rates outside 0.1–9.99 or finer than two decimals", () => {
    expect(issueOf(() => zheRate("0.09", "discount.rate"))).toMatchObject({
      field: "discount.rate",
      rule: "zhe_range",
    });
    expect(issueOf(() => zheRate(10))).toMatchObject({ rule: "zhe_range" });
    expect(issueOf(() => zheRate("8.555"))).toMatchObject({ rule: "zhe_precision" });
    expect(issueOf(() => zheRate("8.50"))).toBeUndefined();
    expect(issueOf(() => zheRate("eight"))).toMatchObject({ rule: "decimal" });
  });

  it("applies percentages and factors exactly, as the worked example of domain §4.4", () => {
    expect(applyRate(cny(4000), percentRate(90), "half_up")).toEqual(cny(3600));
    expect(applyRate(cny(7900), factorRate("0.9"), "half_up")).toEqual(cny(7110));
    expect(applyRate(cny(333), percentRate("12.5"), "half_up")).toEqual(cny(42)); // 41.625
    expect(applyRate(cny(333), percentRate("12.5"), "down")).toEqual(cny(41));
    expect(issueOf(() => percentRate(101))).toMatchObject({
      field: "percent",
      rule: "percent_range",
    });
    expect(issueOf(() => percentRate(-1))).toMatchObject({ rule: "percent_range" });
    expect(issueOf(() => factorRate("-0.1", "level.discount"))).toMatchObject({
      field: "level.discount",
      rule: "non_negative",
    });
  });

  it("converts points and money at a ratio such as 100 points = 1.00", () => {
    const ratio = exchangeRatio(100, cny(100));
    expect(unitsToMoney(250, ratio, "down")).toEqual(cny(250));
    expect(moneyToUnits(cny(980), exchangeRatio(1, cny(100)), "down")).toBe(9);
    expect(unitsToMoney(10, exchangeRatio(1, cny(100)), "down")).toEqual(cny(1000));
    expect(() => moneyToUnits(money(1, "USD"), ratio, "down")).toThrow(/cannot convert USD/);
    expect(issueOf(() => exchangeRatio(0, cny(100), "points.ratio"))).toMatchObject({
      field: "points.ratio.units",
      rule: "positive_integer",
    });
    expect(issueOf(() => exchangeRatio(100, cny(0)))).toMatchObject({
      field: "ratio.worth",
      rule: "positive_amount",
    });
  });
});
