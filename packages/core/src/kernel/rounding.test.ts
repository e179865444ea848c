import { describe, expect, it } from "vitest";
import { checkRoundingMode, type RoundingMode, roundMinorUnits } from "./rounding.js";

describe("roundMinorUnits", () => {
  const cases: [string, RoundingMode, number][] = [
    ["0.5", "half_up", 1], // 0.005 yuan → 0.01
    ["0.49", "half_up", 0],
    ["-0.5", "half_up", -1],
    ["711.5", "half_up", 712],
    ["0.2", "up", 1], // "at least 1"
    ["5", "up", 5],
    ["-0.2", "up", -1],
    ["9.8", "down", 9], // points truncate
    ["-9.8", "down", -9],
    ["7119.9", "drop_fen", 7110],
    ["9", "drop_fen", 0],
    ["7199", "drop_jiao", 7100],
    ["99.99", "drop_jiao", 0],
  ];
  it.each(cases)("rounds %s by %s to %d", (value, mode, expected) => {
    expect(roundMinorUnits(value, mode)).toBe(expected);
  });

  it("reads a number as the decimal it prints as, so float errors made upstream stay visible", () => {
    expect(roundMinorUnits("14.5", "half_up")).toBe(15);
    // 0.145 × 100 prints as 14.499999999999998: pass decimal strings, not float products
    expect(roundMinorUnits(0.145 * 100, "half_up")).toBe(14);
  });

  it("refuses unknown modes and bad amounts naming the field and rule", () => {
    expect(() => roundMinorUnits("1", "nearest" as RoundingMode)).toThrow(
      /rounding must be one of/,
    );
    expect(() => roundMinorUnits("1.2.3", "down", "price")).toThrow(
      /price must be a finite decimal/,
    );
    expect(() => roundMinorUnits("1e30", "down")).toThrow(/safe integer range/);
    expect(() => checkRoundingMode("floor", "settings.rounding")).toThrow(/settings\.rounding/);
  });
});
