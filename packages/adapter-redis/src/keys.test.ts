import { describe, expect, it } from "vitest";
import { encodeScope, gateKeys, keyBuilder } from "./keys.js";

describe("keyBuilder", () => {
  it("lays keys out as prefix, tenant hash tag, kind and the key verbatim", () => {
    const keyOf = keyBuilder("app:");
    expect(keyOf("cache", "acme", "scan:{x}")).toBe("app:{acme}:cache:scan:{x}");
    expect(keyBuilder("")("idem", "t", "k")).toBe("{t}:idem:k");
  });

  it("refuses a prefix with braces, which would change the hash tag", () => {
    expect(() => keyBuilder("app:{x}:")).toThrow(RangeError);
    expect(() => keyBuilder("app}")).toThrow(RangeError);
    expect(() => gateKeys("app{")).toThrow(RangeError);
  });
});

describe("gateKeys", () => {
  it("makes tenant and scope the hash tag, writing an ordinary scope as it is", () => {
    expect(gateKeys("app:").base("acme", "campaign:42")).toBe("app:{acme:campaign:42}:");
    expect(gateKeys("").base("t", "租户 é")).toBe("{t:租户 é}:");
  });

  it("encodes '%', '{' and '}' so the tag ends right after the scope", () => {
    expect(encodeScope("a}b{c%d")).toBe("a%7Db%7Bc%25d");
    const base = gateKeys("p:").base("acme", "x}:gate-claim:y");
    expect(base).toBe("p:{acme:x%7D:gate-claim:y}:");
    expect(base.indexOf("}")).toBe(base.length - 2);
  });

  it("never gives two scopes the same tag", () => {
    const scopes = ["a%7D", "a}", "a%", "a%25", "{", "%7B", "a", "a:", "a}:b"];
    const tags = new Set(scopes.map((scope) => encodeScope(scope)));
    expect(tags.size).toBe(scopes.length);
  });
});
