import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { type ActivityInput, checkActivityInput } from "./activity-input.js";

function issues(input: unknown): Array<[string, string]> {
  try {
    checkActivityInput(input as ActivityInput);
  } catch (error) {
    return issuesOf(error);
  }
  return [];
}

describe("activity input", () => {
  it("defaults scope, audience and an open window, and keeps 折 rates as text", () => {
    const checked = checkActivityInput({
      name: " 9折 ",
      terms: { kind: "spend_discount", basis: "count", tiers: [{ threshold: 2, zhe: 9 }] },
    });
    expect(checked).toEqual({
      name: "9折",
      terms: { kind: "spend_discount", basis: "count", tiers: [{ threshold: 2, zhe: "9" }] },
      scope: { kind: "all" },
      audience: { kind: "everyone" },
      startsAt: null,
      endsAt: null,
    });
  });

  it("names thresholds out of order and a save above its threshold", () => {
    expect(
      issues({
        name: "x",
        terms: {
          kind: "spend_save",
          mode: "tiered",
          tiers: [
            { threshold: 5000, save: 1000 },
            { threshold: 5000, save: 6000 },
          ],
        },
      }),
    ).toEqual([
      ["terms.tiers.1.save", "save_within_threshold"],
      ["terms.tiers.1.threshold", "thresholds_ascending"],
    ]);
  });

  it("needs at least one tier, a rate in range and known delivery methods", () => {
    expect(issues({ name: "x", terms: { kind: "spend_save", mode: "tiered", tiers: [] } })).toEqual(
      [["terms.tiers", "min_items"]],
    );
    expect(
      issues({
        name: "x",
        terms: { kind: "spend_discount", basis: "amount", tiers: [{ threshold: 100, zhe: 10 }] },
      }),
    ).toEqual([["terms.tiers.0.zhe", "zhe_range"]]);
    expect(issues({ name: "x", terms: { kind: "free_shipping", methods: ["drone"] } })).toEqual([
      ["terms.methods.0", "one_of"],
    ]);
    expect(
      issues({ name: "x", terms: { kind: "free_shipping", excludedRegions: ["cn zj"] } }),
    ).toEqual([["terms.excludedRegions.0", "region_code"]]);
  });

  it("checks every-X-save-Y: save within every, cap at least save", () => {
    expect(
      issues({
        name: "x",
        terms: { kind: "spend_save", mode: "every", every: 100, save: 200, cap: 50 },
      }),
    ).toEqual([
      ["terms.save", "save_within_threshold"],
      ["terms.cap", "cap_below_save"],
    ]);
  });

  it("orders the window and reports every broken field at once", () => {
    expect(
      issues({
        name: "",
        terms: { kind: "gift_coupon", threshold: -1, couponId: "" },
        scope: { kind: "products", productIds: [] },
        audience: { kind: "levels", levelIds: [] },
        startsAt: "2026-06-01T00:00:00Z",
        endsAt: "2026-05-01T00:00:00Z",
      }),
    ).toEqual([
      ["name", "required"],
      ["terms.threshold", "non_negative_integer"],
      ["terms.couponId", "required"],
      ["scope.productIds", "min_items"],
      ["audience.levelIds", "min_items"],
      ["endsAt", "after_start"],
    ]);
    expect(issues({ name: "x", terms: { kind: "nope" }, startsAt: "tomorrow" })).toEqual([
      ["terms.kind", "one_of"],
      ["startsAt", "iso_datetime"],
    ]);
  });
});
