import { describe, expect, it } from "vitest";
import { keyBuilder } from "./keys.js";

describe("keyBuilder", () => {
  it("lays keys out as prefix, tenant hash tag, kind and the key verbatim", () => {
    const keyOf = keyBuilder("app:");
    expect(keyOf("cache", "acme", "scan:{x}")).toBe("app:{acme}:cache:scan:{x}");
    expect(keyBuilder("")("idem", "t", "k")).toBe("{t}:idem:k");
  });

  it("refuses a prefix with braces, which would change the hash tag", () => {
    expect(() => keyBuilder("app:{x}:")).toThrow(RangeError);
    expect(() => keyBuilder("app}")).toThrow(RangeError);
  });
});
