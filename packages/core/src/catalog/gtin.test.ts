import { describe, expect, it } from "vitest";
import { gtinCheckDigit, isValidGtin, toGtin14 } from "./gtin.js";

describe("GTIN", () => {
  it("accepts GTIN-8/12/13/14 with correct check digits", () => {
    for (const gtin of [
      "96385074",
      "036000291452",
      "4006381333931",
      "06901234567892",
      "10614141000415",
    ]) {
      expect(isValidGtin(gtin)).toBe(true);
    }
  });

  it("rejects wrong check digits, lengths and non-digits", () => {
    for (const gtin of [
      "96385075",
      "4006381333932",
      "123",
      "123456789012345",
      "0690123456789X",
      "",
    ]) {
      expect(isValidGtin(gtin)).toBe(false);
    }
  });

  it("computes check digits and pads to 14 digits", () => {
    expect(gtinCheckDigit("400638133393")).toBe(1);
    expect(toGtin14("96385074")).toBe("00000096385074");
  });
});
