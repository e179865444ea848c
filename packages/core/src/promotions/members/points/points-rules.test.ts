import { describe, expect, it } from "vitest";
import { money } from "../../../kernel/money.js";
import { levelRanges } from "../levels/member-levels.js";
import { DEFAULT_MEMBER_SETTINGS, type MemberLevel } from "../member-records.js";
import {
  checkInPoints,
  earnedPoints,
  levelOf,
  nextStreak,
  orderExperience,
  redemptionOf,
} from "./points-rules.js";

const settings = { ...DEFAULT_MEMBER_SETTINGS, tenantId: "acme" };
const level = (id: string, threshold: number): MemberLevel => ({
  tenantId: "acme",
  id,
  name: id,
  threshold,
  discount: null,
  icon: null,
  isDefault: threshold === 0,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
});

describe("points rules", () => {
  it("earns list price × coefficient per line, truncated, with per-SKU overrides", () => {
    const line = (skuId: string, amount: number, quantity = 1) => ({
      skuId,
      unitPrice: money(amount, "CNY"),
      quantity,
    });
    expect(earnedPoints([line("a", 980)], settings)).toBe(9);
    expect(earnedPoints([line("a", 980, 3)], settings)).toBe(29);
    const custom = { ...settings, earnCoefficient: "0.5", skuCoefficients: { b: "2" } };
    expect(earnedPoints([line("a", 1990), line("b", 1990)], custom)).toBe(9 + 39);
    expect(earnedPoints([line("a", 99)], settings)).toBe(0);
  });

  it("gives experience rounded up, at least 1, none for nothing paid or a zero rate", () => {
    const ten = { ...settings, experiencePerYuan: "10" };
    expect(orderExperience(2, ten)).toBe(1);
    expect(orderExperience(1001, ten)).toBe(101);
    expect(orderExperience(0, ten)).toBe(0);
    expect(orderExperience(1000, { ...settings, experiencePerYuan: "0" })).toBe(0);
    expect(orderExperience(1, { ...settings, experiencePerYuan: "0.001" })).toBe(1);
  });

  it("counts streaks over consecutive local days and adds the 7/15/30-day bonuses", () => {
    expect(nextStreak(null, 0, "2026-05-01")).toBe(1);
    expect(nextStreak("2026-04-30", 6, "2026-05-01")).toBe(7);
    expect(nextStreak("2026-04-29", 6, "2026-05-01")).toBe(1);
    expect(nextStreak("2026-12-31", 29, "2027-01-01")).toBe(30);
    const bonuses = {
      ...settings,
      checkInDaily: 2,
      checkInBonuses: { day7: 10, day15: 20, day30: 50 },
    };
    expect([1, 7, 8, 15, 30, 31].map((day) => checkInPoints(day, bonuses))).toEqual([
      2, 12, 2, 22, 52, 2,
    ]);
  });

  it("finds the level a score reaches and each level's score range", () => {
    const levels = [level("default", 0), level("silver", 10), level("gold", 100)];
    expect(levelOf(levels, 0)?.id).toBe("default");
    expect(levelOf(levels, 99)?.id).toBe("silver");
    expect(levelOf(levels, 100)?.id).toBe("gold");
    expect(levelRanges(levels, ["silver"])).toEqual([{ min: 10, max: 100 }]);
    expect(levelRanges(levels, ["default", "gold"])).toEqual([
      { min: 0, max: 10 },
      { min: 100, max: null },
    ]);
    const tied = [level("default", 0), level("a", 10), level("b", 10)];
    expect(levelOf(tied, 10)?.id).toBe("b");
    expect(levelRanges(tied, ["a"])).toEqual([]);
  });

  it("offers redemption only when points are on, with a ratio and a cap", () => {
    expect(redemptionOf(settings)).toMatchObject({ points: 100, amount: 100 });
    expect(redemptionOf({ ...settings, pointsEnabled: false })).toBeNull();
    expect(redemptionOf({ ...settings, redeem: null })).toBeNull();
    expect(redemptionOf({ ...settings, redeemCapPercent: 0 })).toBeNull();
  });
});
