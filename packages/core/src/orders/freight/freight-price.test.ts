import { describe, expect, it } from "vitest";
import { freightTemplateRules } from "../../../testing/freight-fixtures.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { freightFor } from "./freight-price.js";

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("freightFor", () => {
  const template = freightTemplateRules();

  it("charges the first price up to the first weight, including an empty parcel", () => {
    for (const weightGrams of [0, 1, 999, 1000]) {
      expect(
        freightFor(template, { weightGrams, regionCode: "CN-BJ", deliveryMethod: "express" }),
      ).toEqual({ amount: 1000, currency: "CNY" });
    }
  });

  it("rounds a started additional step up to a whole step", () => {
    const at = (weightGrams: number) =>
      freightFor(template, { weightGrams, regionCode: "CN-BJ", deliveryMethod: "express" }).amount;
    expect(at(1001)).toBe(1300);
    expect(at(1500)).toBe(1300);
    expect(at(1501)).toBe(1600);
    expect(at(2300)).toBe(1900);
  });

  it("uses the region rule for a listed region and the default elsewhere", () => {
    const quote = { weightGrams: 2300, deliveryMethod: "express" } as const;
    expect(freightFor(template, { ...quote, regionCode: "CN-ZJ" }).amount).toBe(600 + 2 * 200);
    expect(freightFor(template, { ...quote, regionCode: "CN-SH" }).amount).toBe(1000);
    expect(freightFor(template, { ...quote, regionCode: "CN" }).amount).toBe(1900);
  });

  it("makes self pickup free when the template offers it, whatever the region", () => {
    expect(
      freightFor(template, {
        weightGrams: 9000,
        regionCode: "CN-XZ",
        deliveryMethod: "self_pickup",
      }),
    ).toEqual({ amount: 0, currency: "CNY" });
  });

  it("refuses self pickup the template does not offer", () => {
    const error = caught(() =>
      freightFor(
        { ...template, id: "ft1", selfPickup: false },
        { weightGrams: 100, regionCode: "CN-ZJ", deliveryMethod: "self_pickup" },
      ),
    );
    expect(isOneCodeError(error, "SELF_PICKUP_NOT_OFFERED")).toBe(true);
    expect((error as { details: unknown }).details).toEqual({ templateId: "ft1" });
  });

  it("refuses a region the template does not deliver to", () => {
    const error = caught(() =>
      freightFor(
        { ...template, id: "ft1" },
        { weightGrams: 100, regionCode: "CN-XZ", deliveryMethod: "express" },
      ),
    );
    expect(isOneCodeError(error, "REGION_NOT_DELIVERED")).toBe(true);
    expect((error as { details: unknown }).details).toEqual({
      regionCode: "CN-XZ",
      templateId: "ft1",
    });
  });

  it("names every broken rule of the input", () => {
    const error = caught(() =>
      freightFor(template, {
        weightGrams: 1.5,
        regionCode: "zhejiang",
        deliveryMethod: "drone",
      } as never),
    );
    if (!isOneCodeError(error, "VALIDATION_FAILED")) throw error;
    expect(error.details.issues.map((issue) => [issue.field, issue.rule])).toEqual([
      ["weightGrams", "integer"],
      ["regionCode", "max_length"],
      ["deliveryMethod", "one_of"],
    ]);
    const negative = caught(() =>
      freightFor(template, { weightGrams: -1, regionCode: "cn-zj", deliveryMethod: "express" }),
    );
    if (!isOneCodeError(negative, "VALIDATION_FAILED")) throw negative;
    expect(negative.details.issues.map((issue) => [issue.field, issue.rule])).toEqual([
      ["weightGrams", "range"],
      ["regionCode", "region_code"],
    ]);
  });

  it("refuses a price beyond the safe integer range rather than round it", () => {
    const huge = {
      ...template,
      regionRules: [],
      pricing: {
        firstWeightGrams: 1,
        firstPrice: 0,
        additionalWeightGrams: 1,
        additionalPrice: 1_000_000_000,
      },
    };
    const error = caught(() =>
      freightFor(huge, { weightGrams: 1_000_000_000, regionCode: "CN", deliveryMethod: "express" }),
    );
    if (!isOneCodeError(error, "VALIDATION_FAILED")) throw error;
    expect(error.details.issues[0]?.rule).toBe("overflow");
  });
});
