import { describe, expect, it } from "vitest";
import { canonicalGs1Uri } from "../trace/gs1/gs1-uri.js";
import {
  gs1Date,
  isIndicatorVariant,
  isValidGln,
  isValidSscc,
  lotOf,
  ssccOf,
  ssccReferenceCapacity,
} from "./gs1-keys.js";

describe("GS1 keys", () => {
  it("checks GLNs and SSCCs by length and mod-10 check digit", () => {
    expect(isValidGln("4012345000009")).toBe(true);
    expect(isValidGln("4012345000008")).toBe(false);
    expect(isValidGln("401234500000")).toBe(false);
    expect(isValidSscc("140123451122233341")).toBe(true);
    expect(isValidSscc("140123451122233342")).toBe(false);
  });

  it("builds SSCCs from extension digit, company prefix and serial reference", () => {
    const base = { extensionDigit: 1, companyPrefix: "4012345" };
    expect(ssccOf(base, 112223334)).toBe("140123451122233341");
    expect(ssccOf({ extensionDigit: 0, companyPrefix: "6901234" }, 1)).toBe("069012340000000016");
    expect(ssccReferenceCapacity("4012345")).toBe(1_000_000_000);
    expect(() => ssccOf(base, 1_000_000_000)).toThrow(RangeError);
  });

  it("accepts a packaging GTIN only as an indicator-digit variant of the product's", () => {
    // 06901234567892 with indicator 1: body 1690123456789, check digit 9.
    expect(isIndicatorVariant("16901234567899", "6901234567892")).toBe(true);
    expect(isIndicatorVariant("96901234567896", "6901234567892")).toBe(false);
    expect(isIndicatorVariant("06901234567892", "6901234567892")).toBe(false);
    expect(isIndicatorVariant("16901234567882", "6901234567892")).toBe(false);
    expect(isIndicatorVariant("16901234567898", "6901234567892")).toBe(false);
  });

  it("writes GS1 dates as YYMMDD and batch numbers as AI 10 lots only when they fit", () => {
    expect(gs1Date("2027-04-01")).toBe("270401");
    expect(() => gs1Date("2027-4-1")).toThrow(RangeError);
    expect(lotOf("20260401-A")).toEqual({ lot: "20260401-A", omitted: null });
    expect(lotOf("x".repeat(21))).toEqual({ lot: null, omitted: "length" });
    expect(lotOf("批次 1")).toEqual({ lot: null, omitted: "charset" });
  });

  it("canonicalises Digital Link URIs to id.gs1.org and the finest key, and leaves other URIs alone", () => {
    expect(
      canonicalGs1Uri("https://t.acme.example/01/6901234567892/10/L1/21/S1?17=270401&oc=A"),
    ).toBe("https://id.gs1.org/01/06901234567892/21/S1");
    expect(canonicalGs1Uri("https://t.acme.example/shop/01/06901234567892/22/V/10/L1")).toBe(
      "https://id.gs1.org/01/06901234567892/10/L1",
    );
    expect(canonicalGs1Uri("http://x.example/00/140123451122233341?oc=1")).toBe(
      "https://id.gs1.org/00/140123451122233341",
    );
    expect(canonicalGs1Uri("https://x.example/414/4012345000009/254/5")).toBe(
      "https://id.gs1.org/414/4012345000009/254/5",
    );
    for (const other of [
      "https://t.acme.example/enterprise/ent_1",
      "https://t.acme.example/01/6901234567893/21/S1",
      "urn:epcglobal:cbv:bt:4012345000009:1",
      "geo:47.5,11.1",
    ]) {
      expect(canonicalGs1Uri(other)).toBe(other);
    }
  });
});
