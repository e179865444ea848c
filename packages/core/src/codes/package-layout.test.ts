import { describe, expect, it } from "vitest";
import type { CodeLevel, CodeType, PackagingRatio } from "./code-package.js";
import { type LevelCounts, packageLayout } from "./package-layout.js";

/** Serial-by-serial enumeration of a package, the slow obvious way. */
function enumerate(codeType: CodeType, ratio: PackagingRatio | null, units: number) {
  const rows: Array<{ level: CodeLevel; parent: number | null }> = [];
  for (let unit = 0; unit < units; unit++) {
    if (codeType === "single") {
      rows.push({ level: "item", parent: null });
      continue;
    }
    const outer = rows.length + 1;
    rows.push({ level: "outer", parent: null });
    if (codeType === "two-level") {
      for (let i = 0; i < (ratio?.innerPerOuter ?? 0); i++)
        rows.push({ level: "inner", parent: outer });
      continue;
    }
    const middles = ratio?.middlePerOuter ?? 1;
    for (let m = 0; m < middles; m++) {
      const middle = rows.length + 1;
      rows.push({ level: "middle", parent: outer });
      for (let i = 0; i < (ratio?.innerPerOuter ?? 0) / middles; i++) {
        rows.push({ level: "inner", parent: middle });
      }
    }
  }
  return rows;
}

describe("package layout", () => {
  it("places two-level codes outer first, each followed by its inner codes", () => {
    const layout = packageLayout("two-level", { innerPerOuter: 3 }, 2);
    expect(layout.total).toBe(8);
    expect(Array.from({ length: 8 }, (_, i) => layout.levelOf(i + 1))).toEqual([
      "outer",
      "inner",
      "inner",
      "inner",
      "outer",
      "inner",
      "inner",
      "inner",
    ]);
    expect(Array.from({ length: 8 }, (_, i) => layout.parentOf(i + 1))).toEqual([
      null,
      1,
      1,
      1,
      null,
      5,
      5,
      5,
    ]);
  });

  it("places three-level codes outer, then each middle followed by its inner codes (1:2:4)", () => {
    const layout = packageLayout("three-level", { middlePerOuter: 2, innerPerOuter: 4 }, 2);
    expect(layout.unitSize).toBe(7);
    expect(layout.counts).toEqual({ item: 0, outer: 2, middle: 4, inner: 8 });
    expect(
      Array.from({ length: 14 }, (_, i) => [layout.levelOf(i + 1), layout.parentOf(i + 1)]),
    ).toEqual([
      ["outer", null],
      ["middle", 1],
      ["inner", 2],
      ["inner", 2],
      ["middle", 1],
      ["inner", 5],
      ["inner", 5],
      ["outer", null],
      ["middle", 8],
      ["inner", 9],
      ["inner", 9],
      ["middle", 8],
      ["inner", 12],
      ["inner", 12],
    ]);
  });

  it("matches a serial-by-serial enumeration for many shapes", () => {
    const shapes: Array<[CodeType, PackagingRatio | null, number]> = [
      ["single", null, 5],
      ["two-level", { innerPerOuter: 1 }, 4],
      ["two-level", { innerPerOuter: 10 }, 3],
      ["three-level", { middlePerOuter: 1, innerPerOuter: 1 }, 3],
      ["three-level", { middlePerOuter: 2, innerPerOuter: 20 }, 3],
      ["three-level", { middlePerOuter: 5, innerPerOuter: 5 }, 2],
      ["three-level", { middlePerOuter: 3, innerPerOuter: 12 }, 4],
    ];
    for (const [codeType, ratio, units] of shapes) {
      const layout = packageLayout(codeType, ratio, units);
      const rows = enumerate(codeType, ratio, units);
      expect(layout.total).toBe(rows.length);
      const before: LevelCounts = { item: 0, outer: 0, middle: 0, inner: 0 };
      rows.forEach((row, index) => {
        const serial = index + 1;
        expect(layout.levelOf(serial)).toBe(row.level);
        expect(layout.parentOf(serial)).toBe(row.parent);
        expect(layout.countsBefore(serial)).toEqual(before);
        before[row.level]++;
      });
      expect(before).toEqual(layout.counts);
    }
  });

  it("computes the totals of the domain's examples", () => {
    expect(packageLayout("two-level", { innerPerOuter: 10 }, 100).total).toBe(1100);
    expect(packageLayout("three-level", { middlePerOuter: 2, innerPerOuter: 20 }, 100).total).toBe(
      2300,
    );
    expect(packageLayout("single", null, 1_000_000).counts.item).toBe(1_000_000);
  });
});
