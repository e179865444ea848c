import { describe, expect, it } from "vitest";
import { codePackageRecord } from "../../../testing/fixtures.js";
import type { CodeRecord } from "../../codes/code-package.js";
import { parseDigitalLink, serialTokenOf } from "./digital-link.js";
import { compareCodePoints } from "./epcis-event-hash.js";
import { epcOf, gs1Naming, printedLink, serialsInTextOrder, sortedEpcs } from "./gs1-naming.js";

const GTIN = "6901234567892";
const PREFIX = "https://t.acme.example/c/";
const BATCH = { batchNumber: "20260401-A", expiryDate: "2027-04-01" };

/** A three-level package of `units` outer units (1:2:4), outer codes on SSCCs, middle codes on a case GTIN. */
function threeLevel(units: number) {
  return codePackageRecord("acme", "mer_1", "rule_1", {
    codeType: "three-level",
    ratio: { middlePerOuter: 2, innerPerOuter: 4 },
    quantity: units,
    total: units * 7,
    packagingKeys: {
      outer: { kind: "sscc", extensionDigit: 3, companyPrefix: "6901234", firstReference: 41 },
      middle: { kind: "gtin", gtin: "16901234567899" },
    },
  });
}

const record = (pkg: { id: string }, serial: number, level: CodeRecord["level"]): CodeRecord => ({
  tenantId: "acme",
  code: `CODE${serial}`,
  packageId: pkg.id,
  serial,
  level,
  parentSerial: null,
  url: null,
});

describe("GS1 naming of a package's codes", () => {
  it("walks serials in the order of their base-36 text", () => {
    for (const total of [1, 35, 36, 37, 1295, 1296, 1297, 50_000]) {
      const expected = Array.from({ length: total }, (_, i) => i + 1).sort((a, b) =>
        compareCodePoints(a.toString(36), b.toString(36)),
      );
      expect([...serialsInTextOrder(total)]).toEqual(expected);
    }
  });

  it("generates every level's EPCs in ascending order without reading a code", () => {
    const pkg = threeLevel(300); // 2,100 codes: serials up to three base-36 digits
    const naming = gs1Naming(pkg, { gtin: GTIN, prefix: PREFIX, batch: BATCH });
    const all = Array.from({ length: pkg.total }, (_, i) => epcOf(naming, i + 1));
    expect([...sortedEpcs(naming, ["outer", "middle", "inner"])]).toEqual(
      [...all].sort(compareCodePoints),
    );
    expect(new Set(all).size).toBe(pkg.total);
    const inner = [...sortedEpcs(naming, ["inner"])];
    expect(inner).toHaveLength(1200);
    expect(inner.every((epc) => epc.startsWith(`https://id.gs1.org/01/0${GTIN}/21/`))).toBe(true);
  });

  it("names items by the product's GTIN, cases by their own GTIN and pallets by SSCC", () => {
    const pkg = threeLevel(2);
    const naming = gs1Naming(pkg, { gtin: GTIN, prefix: PREFIX, batch: BATCH });
    const token = serialTokenOf(pkg.id);
    expect(epcOf(naming, 1)).toBe("https://id.gs1.org/00/369012340000000413");
    expect(epcOf(naming, 8)).toBe("https://id.gs1.org/00/369012340000000420");
    expect(epcOf(naming, 2)).toBe(`https://id.gs1.org/01/16901234567899/21/${token}-2`);
    expect(epcOf(naming, 3)).toBe(`https://id.gs1.org/01/0${GTIN}/21/${token}-3`);
    expect(printedLink(naming, record(pkg, 3, "inner"))).toBe(
      `https://t.acme.example/01/0${GTIN}/10/20260401-A/21/${token}-3?17=270401&oc=CODE3`,
    );
    expect(printedLink(naming, record(pkg, 2, "middle"))).toBe(
      `https://t.acme.example/01/16901234567899/10/20260401-A/21/${token}-2?17=270401&oc=CODE2`,
    );
    expect(printedLink(naming, record(pkg, 1, "outer"))).toBe(
      "https://t.acme.example/00/369012340000000413?oc=CODE1",
    );
    expect(parseDigitalLink(printedLink(naming, record(pkg, 1, "outer")))?.sscc).toBe(
      "369012340000000413",
    );
  });

  it("prints no lot for a batch number outside AI 10, and keeps code URLs for levels without a key", () => {
    const pkg = codePackageRecord("acme", "mer_1", "rule_1", {
      codeType: "two-level",
      ratio: { innerPerOuter: 2 },
      quantity: 1,
      total: 3,
    });
    const naming = gs1Naming(pkg, {
      gtin: GTIN,
      prefix: PREFIX,
      batch: { batchNumber: "批次 2026", expiryDate: null },
    });
    expect(naming).toMatchObject({ lot: null, lotOmitted: "charset", expiry: null });
    expect(printedLink(naming, record(pkg, 2, "inner"))).toBe(
      `https://t.acme.example/01/0${GTIN}/21/${naming.token}-2?oc=CODE2`,
    );
    expect(printedLink(naming, record(pkg, 1, "outer"))).toBe(`${PREFIX}CODE1`);
    expect(epcOf(naming, 1)).toBe(`https://t.acme.example/epc/${naming.token}-1`);
  });
});
