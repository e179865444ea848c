import { describe, expect, it } from "vitest";
import type { CodePackage } from "../codes/code-package.js";
import { codeRangeOf } from "./code-subtree.js";

const pkg = (overrides: Partial<CodePackage>) =>
  ({
    id: "pkg_x",
    codeType: "single",
    ratio: null,
    quantity: 10,
    associated: true,
    ...overrides,
  }) as CodePackage;

const range = (fromSerial: number, toSerial: number) => ({
  packageId: "pkg_x",
  fromSerial,
  toSerial,
});

describe("the serial range beneath a scanned code", () => {
  it("two-level 1:10: an outer code covers its unit, an inner code itself", () => {
    const twoLevel = pkg({ codeType: "two-level", ratio: { innerPerOuter: 10 }, quantity: 3 });
    expect(codeRangeOf(twoLevel, { serial: 1 })).toEqual(range(1, 11));
    expect(codeRangeOf(twoLevel, { serial: 12 })).toEqual(range(12, 22));
    expect(codeRangeOf(twoLevel, { serial: 13 })).toEqual(range(13, 13));
    expect(codeRangeOf(twoLevel, { serial: 33 })).toEqual(range(33, 33));
  });

  it("three-level 1:2:20: outer covers 23 codes, a middle itself and its 10 inner codes", () => {
    const threeLevel = pkg({
      codeType: "three-level",
      ratio: { middlePerOuter: 2, innerPerOuter: 20 },
      quantity: 2,
    });
    expect(codeRangeOf(threeLevel, { serial: 1 })).toEqual(range(1, 23));
    expect(codeRangeOf(threeLevel, { serial: 2 })).toEqual(range(2, 12));
    expect(codeRangeOf(threeLevel, { serial: 13 })).toEqual(range(13, 23));
    expect(codeRangeOf(threeLevel, { serial: 24 })).toEqual(range(24, 46));
    expect(codeRangeOf(threeLevel, { serial: 36 })).toEqual(range(36, 46));
    expect(codeRangeOf(threeLevel, { serial: 14 })).toEqual(range(14, 14));
  });

  it("covers only the code itself without recorded links, and for single codes", () => {
    const unassociated = pkg({
      codeType: "two-level",
      ratio: { innerPerOuter: 10 },
      associated: false,
    });
    expect(codeRangeOf(unassociated, { serial: 1 })).toEqual(range(1, 1));
    expect(codeRangeOf(pkg({ associated: false }), { serial: 5 })).toEqual(range(5, 5));
  });
});
