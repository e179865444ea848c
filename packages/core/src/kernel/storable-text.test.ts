import { describe, expect, it } from "vitest";
import { isStorableText } from "./storable-text.js";

describe("isStorableText", () => {
  it("accepts text of any script, emoji (surrogate pairs) included", () => {
    for (const text of ["", "Acme Tea", "龙井 250g", "🍵🍵", "a\u0001b", "\uFFFD"]) {
      expect(isStorableText(text), JSON.stringify(text)).toBe(true);
    }
  });

  it("refuses a NUL character anywhere", () => {
    for (const text of ["\u0000", "a\u0000", "\u0000a", "龙\u0000井"]) {
      expect(isStorableText(text), JSON.stringify(text)).toBe(false);
    }
  });

  it("refuses a high or low surrogate without its partner, at either end or inside", () => {
    for (const text of [
      "\uD83C",
      "\uDF75",
      "a\uD83Cb",
      "a\uDF75b",
      "🍵\uD83C",
      "\uDF75🍵",
      "\uDF75\uD83C",
    ]) {
      expect(isStorableText(text), JSON.stringify(text)).toBe(false);
    }
  });
});
