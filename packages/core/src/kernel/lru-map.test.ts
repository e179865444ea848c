import { describe, expect, it } from "vitest";
import { LruMap } from "./lru-map.js";

describe("LruMap", () => {
  it("forgets the least recently used entry beyond its capacity", () => {
    const map = new LruMap<string, number>(2);
    map.set("a", 1);
    map.set("b", 2);
    expect(map.get("a")).toBe(1); // "b" is now the oldest
    map.set("c", 3);
    expect(map.get("b")).toBeUndefined();
    expect(map.get("a")).toBe(1);
    expect(map.get("c")).toBe(3);
    expect(map.size).toBe(2);
  });

  it("replaces a value without growing, deletes, and keeps nothing at capacity 0", () => {
    const map = new LruMap<string, number>(2);
    map.set("a", 1);
    map.set("a", 2);
    expect(map.size).toBe(1);
    expect(map.get("a")).toBe(2);
    map.delete("a");
    expect(map.get("a")).toBeUndefined();
    const none = new LruMap<string, number>(0);
    none.set("a", 1);
    expect(none.get("a")).toBeUndefined();
    expect(() => new LruMap(-1)).toThrow(RangeError);
  });
});
