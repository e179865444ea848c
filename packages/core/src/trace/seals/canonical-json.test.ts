import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops insignificant whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: false }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":false,"z":true}]},"b":1}',
    );
  });

  it("gives the same text whatever order the keys were built in", () => {
    const one: Record<string, string> = {};
    const two: Record<string, string> = {};
    for (const key of ["x", "a", "m", "测试", "B"]) one[key] = key;
    for (const key of ["B", "测试", "m", "a", "x"]) two[key] = key;
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    expect(canonicalJson(one)).toBe('{"B":"B","a":"a","m":"m","x":"x","测试":"测试"}');
  });

  it("orders keys by UTF-16 code units, as RFC 8785 does", () => {
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB01 (a higher BMP code point).
    expect(canonicalJson({ "\uFB01": 1, "😀": 2, é: 3, e: 4, "": 5 })).toBe(
      '{"":5,"e":4,"é":3,"😀":2,"ﬁ":1}',
    );
  });

  it("keeps array order, including nested and empty arrays", () => {
    expect(canonicalJson([[3, 2, [1, []]], [], [{}], "a"])).toBe('[[3,2,[1,[]]],[],[{}],"a"]');
  });

  it("writes numbers in the shortest round-trip form", () => {
    expect(canonicalJson([0, -0, 1.5, -2, 1e21, 1e-7, 0.1 + 0.2, 100, 2 ** 53 + 2])).toBe(
      "[0,0,1.5,-2,1e+21,1e-7,0.30000000000000004,100,9007199254740994]",
    );
  });

  it("escapes strings stably and keeps unicode as is", () => {
    expect(canonicalJson('引号"\\/\n\t\u0001\u2028é😀')).toBe(
      '"引号\\"\\\\/\\n\\t\\u0001\u2028é😀"',
    );
    expect(canonicalJson("\uD800")).toBe('"\\ud800"');
    // Normalisation forms differ and stay different: the hash covers the exact text.
    expect(canonicalJson("e\u0301")).not.toBe(canonicalJson("é"));
  });

  it("refuses what JSON cannot carry exactly", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const refused: unknown[] = [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      undefined,
      { a: undefined },
      [() => 1],
      10n,
      Symbol("s"),
      new Date(0),
      new Map(),
      cyclic,
    ];
    for (const value of refused) {
      expect(() => canonicalJson(value)).toThrow(TypeError);
    }
  });

  it("allows a shared (not cyclic) object twice and objects without a prototype", () => {
    const shared = { k: 1 };
    const bare = Object.assign(Object.create(null), { b: 2, a: 1 });
    expect(canonicalJson([shared, shared, bare])).toBe('[{"k":1},{"k":1},{"a":1,"b":2}]');
  });
});
