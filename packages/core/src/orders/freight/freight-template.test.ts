import { describe, expect, it } from "vitest";
import { freightTemplateRules } from "../../../testing/freight-fixtures.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { checkFreightTemplate } from "./freight-template.js";

function issuesOf(input: unknown): [string, string][] {
  try {
    checkFreightTemplate(input);
  } catch (error) {
    if (!isOneCodeError(error, "VALIDATION_FAILED")) throw error;
    return error.details.issues.map((issue) => [issue.field, issue.rule]);
  }
  throw new Error("expected VALIDATION_FAILED");
}

describe("checkFreightTemplate", () => {
  it("accepts a valid template, trims its text and freezes it", () => {
    const rules = checkFreightTemplate({ ...freightTemplateRules(), name: "  Standard parcel " });
    expect(rules).toEqual(freightTemplateRules());
    expect(Object.isFrozen(rules.regionRules[0]?.pricing)).toBe(true);
  });

  it("names every broken field and rule at once", () => {
    expect(
      issuesOf({
        name: "",
        courier: 3,
        currency: "cny",
        pricing: {
          firstWeightGrams: 0,
          firstPrice: -1,
          additionalWeightGrams: 2.5,
          additionalPrice: "3",
        },
        regionRules: [{ regionCodes: [], pricing: null }],
        undeliveredRegions: ["Tibet"],
        selfPickup: "yes",
      }),
    ).toEqual([
      ["name", "required"],
      ["courier", "required"],
      ["currency", "iso_4217"],
      ["pricing.firstWeightGrams", "range"],
      ["pricing.firstPrice", "range"],
      ["pricing.additionalWeightGrams", "integer"],
      ["pricing.additionalPrice", "integer"],
      ["regionRules.0.regionCodes", "min_items"],
      ["regionRules.0.pricing", "required"],
      ["regionRules.0.pricing.firstWeightGrams", "integer"],
      ["regionRules.0.pricing.firstPrice", "integer"],
      ["regionRules.0.pricing.additionalWeightGrams", "integer"],
      ["regionRules.0.pricing.additionalPrice", "integer"],
      ["undeliveredRegions.0", "region_code"],
      ["selfPickup", "required"],
    ]);
  });

  it("refuses a region priced twice, refused twice, or both priced and refused", () => {
    const template = freightTemplateRules();
    expect(
      issuesOf({
        ...template,
        regionRules: [
          ...template.regionRules,
          { regionCodes: ["CN-ZJ"], pricing: template.pricing },
        ],
        undeliveredRegions: ["CN-XZ", "CN-XZ", "CN-SH"],
      }),
    ).toEqual([
      ["regionRules.1.regionCodes.0", "duplicate_region"],
      ["undeliveredRegions.1", "duplicate_region"],
      ["undeliveredRegions.2", "priced_and_undelivered"],
    ]);
  });

  it("refuses a non-object", () => {
    expect(issuesOf(null)[0]).toEqual(["name", "required"]);
  });
});
