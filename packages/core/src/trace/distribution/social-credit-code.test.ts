import { describe, expect, it } from "vitest";
import {
  isValidSocialCreditCode,
  SOCIAL_CREDIT_CODE_CHARSET,
  socialCreditCheckCharacter,
} from "./social-credit-code.js";

/** The example of GB 32100-2015 and published codes of registered companies. */
const VALID = [
  "91350100M000100Y43",
  "914403001922038216",
  "9144030071526726XG",
  "91440300708461136T",
];

describe("unified social credit code (GB 32100-2015)", () => {
  it("accepts codes whose 18th character is the check character", () => {
    for (const code of VALID) expect(isValidSocialCreditCode(code)).toBe(true);
    expect(socialCreditCheckCharacter("91350100M000100Y4")).toBe("3");
  });

  it("computes the check as 31 - (Σ value × 3^(i-1) mod 31) mod 31 over the 31-character set", () => {
    expect(SOCIAL_CREDIT_CODE_CHARSET).toHaveLength(31);
    expect(SOCIAL_CREDIT_CODE_CHARSET).not.toMatch(/[IOSVZ]/);
    // A body of zeros sums to 0: the check is (31 - 0) mod 31 = 0.
    expect(socialCreditCheckCharacter("0".repeat(17))).toBe("0");
    // One "1" in position 2 (weight 3): 31 - 3 = 28, the 29th character.
    expect(socialCreditCheckCharacter(`01${"0".repeat(15)}`)).toBe("W");
  });

  it("rejects a wrong check character, any changed character, and transposed characters", () => {
    expect(isValidSocialCreditCode("91350100M000100Y44")).toBe(false);
    expect(isValidSocialCreditCode("91350100M000200Y43")).toBe(false);
    expect(isValidSocialCreditCode("19350100M000100Y43")).toBe(false);
  });

  it("rejects wrong lengths, lower case and letters outside the set", () => {
    expect(isValidSocialCreditCode("91350100M000100Y4")).toBe(false);
    expect(isValidSocialCreditCode("91350100M000100Y433")).toBe(false);
    expect(isValidSocialCreditCode("91350100m000100y43")).toBe(false);
    for (const letter of ["I", "O", "S", "V", "Z"]) {
      expect(isValidSocialCreditCode(`91350100${letter}000100Y43`)).toBe(false);
    }
    expect(socialCreditCheckCharacter("91350100I000100Y4")).toBeNull();
    expect(socialCreditCheckCharacter("short")).toBeNull();
  });
});
