import { describe, expect, it } from "vitest";
import { codeFromScan } from "../scans/scan-input.js";
import {
  buildDigitalLink,
  DIGITAL_LINK_SERIAL_PATTERN,
  digitalLinkSerial,
  parseDigitalLink,
} from "./digital-link.js";

describe("GS1 Digital Link", () => {
  it("builds https://<origin>/01/<GTIN-14>/21/<serial>?oc=<code> and parses it back", () => {
    const uri = buildDigitalLink("https://t.acme.example/c/", {
      gtin: "6901234567892",
      serial: "abc-1",
      code: "Xy7Kp2",
    });
    expect(uri).toBe("https://t.acme.example/01/06901234567892/21/abc-1?oc=Xy7Kp2");
    expect(parseDigitalLink(uri)).toEqual({
      gtin: "06901234567892",
      sscc: null,
      lot: null,
      serial: "abc-1",
      expiry: null,
      code: "Xy7Kp2",
    });
  });

  it("puts the lot (AI 10) in the path before the serial and the expiry (AI 17) in the query", () => {
    const link = {
      gtin: "06901234567892",
      sscc: null,
      lot: "20260401-A",
      serial: "abc-1",
      expiry: "270401",
      code: "Xy7Kp2",
    };
    const uri = buildDigitalLink("https://t.acme.example", link);
    expect(uri).toBe(
      "https://t.acme.example/01/06901234567892/10/20260401-A/21/abc-1?17=270401&oc=Xy7Kp2",
    );
    expect(parseDigitalLink(uri)).toEqual(link);
  });

  it("builds and reads an SSCC link (AI 00) of a logistic unit", () => {
    const uri = buildDigitalLink("https://t.acme.example", {
      gtin: null,
      sscc: "069012340000000016",
      serial: null,
      code: "C1",
    });
    expect(uri).toBe("https://t.acme.example/00/069012340000000016?oc=C1");
    expect(parseDigitalLink(uri)).toMatchObject({
      gtin: null,
      sscc: "069012340000000016",
      code: "C1",
    });
    expect(parseDigitalLink("https://t.acme.example/00/069012340000000014")).toBeNull();
  });

  it("round-trips serials with AI-82 punctuation and codes that need escaping", () => {
    const link = { gtin: "06901234567892", serial: "A/B%C?1(*)'", code: "a.b~c_d-e" };
    const uri = buildDigitalLink("https://x.example", link);
    expect(uri).toBe(
      "https://x.example/01/06901234567892/21/A%2FB%25C%3F1%28%2A%29%27?oc=a.b~c_d-e",
    );
    expect(parseDigitalLink(uri)).toMatchObject(link);
  });

  it("reads links with a path before /01/, extra AIs and query parameters", () => {
    expect(
      parseDigitalLink("https://id.example/shop/01/6901234567892/10/LOT7/21/S1?17=270101&oc=C1"),
    ).toEqual({
      gtin: "06901234567892",
      sscc: null,
      lot: "LOT7",
      serial: "S1",
      expiry: "270101",
      code: "C1",
    });
    expect(parseDigitalLink("https://id.example/01/06901234567892")).toEqual({
      gtin: "06901234567892",
      sscc: null,
      lot: null,
      serial: null,
      expiry: null,
      code: null,
    });
  });

  it("refuses invalid GTINs and serials when building, and non-links when parsing", () => {
    const link = { gtin: "6901234567893", serial: "S", code: null };
    expect(() => buildDigitalLink("https://x.example", link)).toThrow(RangeError);
    const badSerial = { gtin: "6901234567892", serial: "x".repeat(21), code: null };
    expect(() => buildDigitalLink("https://x.example", badSerial)).toThrow(RangeError);
    const badLot = { gtin: "6901234567892", lot: "批次1", serial: null, code: null };
    expect(() => buildDigitalLink("https://x.example", badLot)).toThrow(RangeError);
    const badExpiry = { gtin: "6901234567892", serial: null, expiry: "2027-04-01", code: null };
    expect(() => buildDigitalLink("https://x.example", badExpiry)).toThrow(RangeError);
    expect(parseDigitalLink("https://x.example/01/6901234567893/21/S")).toBeNull();
    expect(parseDigitalLink("https://x.example/c/ABC")).toBeNull();
    expect(parseDigitalLink("ftp://x.example/01/6901234567892")).toBeNull();
    expect(parseDigitalLink("not a url")).toBeNull();
  });

  it("makes AI 21 serials of at most 20 AI-82 characters, distinct per package and serial", () => {
    const serials = new Set<string>();
    for (const packageId of ["pkg_a", "pkg_b", "pkg_01jd3v8k0g9w5x2r7q4m6n8p0t"]) {
      for (const serial of [1, 2, 35, 36, 999_999, 1_000_000]) {
        const value = digitalLinkSerial(packageId, serial);
        expect(value).toMatch(DIGITAL_LINK_SERIAL_PATTERN);
        expect(value.length).toBeLessThanOrEqual(20);
        serials.add(value);
      }
    }
    expect(serials.size).toBe(18);
    expect(digitalLinkSerial("pkg_a", 1_000_000)).toMatch(/^[0-9a-hjkmnp-tv-z]{15}-lfls$/);
    expect(digitalLinkSerial("pkg_a", 7)).toBe(digitalLinkSerial("pkg_a", 7));
  });
});

describe("codes in scanned text", () => {
  it("takes a bare code as it is (trimmed)", () => {
    expect(codeFromScan("  AbC123xyz  ")).toBe("AbC123xyz");
  });

  it("takes the text after a code URL's last '/' or '='", () => {
    expect(codeFromScan("https://t.acme.example/c/AbC123")).toBe("AbC123");
    expect(codeFromScan("https://alt.example/?c=AbC123")).toBe("AbC123");
    expect(codeFromScan("https://own.example/q/v2/A.b~C-1#top")).toBe("A.b~C-1");
  });

  it("takes the oc parameter of a Digital Link", () => {
    const uri = buildDigitalLink("https://t.acme.example", {
      gtin: "6901234567892",
      serial: digitalLinkSerial("pkg_a", 3),
      code: "AbC123",
    });
    expect(codeFromScan(uri)).toBe("AbC123");
  });

  it("finds no code in malformed text", () => {
    expect(codeFromScan("")).toBeNull();
    expect(codeFromScan("has space")).toBeNull();
    expect(codeFromScan("https://t.acme.example/c/")).toBeNull();
    expect(codeFromScan("x".repeat(65))).toBeNull();
    expect(codeFromScan(`https://t.example/c/${"x".repeat(2000)}`)).toBeNull();
  });
});
