import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock.js";
import { ID_PATTERN, sortableIds } from "./ids.js";
import { seededRandom } from "./random.js";

describe("sortable ids", () => {
  it("are URL-safe, prefixed and 26 characters after the prefix", () => {
    const ids = sortableIds(new ManualClock("2026-01-01"), seededRandom("ids"));
    const id = ids.newId("mch");
    expect(id).toMatch(ID_PATTERN);
    expect(encodeURIComponent(id)).toBe(id);
  });

  it("sort in creation order, across and within milliseconds", () => {
    const clock = new ManualClock("2026-01-01");
    const ids = sortableIds(clock, seededRandom("order"));
    const made: string[] = [];
    for (let i = 0; i < 500; i++) {
      made.push(ids.newId("prd"));
      if (i % 50 === 0) clock.advance(1);
    }
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });

  it("stay increasing when the clock stalls or steps back", () => {
    let now = 1_000_000;
    const ids = sortableIds({ nowMs: () => now }, seededRandom("skew"));
    const first = ids.newId("ab");
    now -= 5000;
    const second = ids.newId("ab");
    expect(second > first).toBe(true);
  });

  it("are reproducible from a seeded random source", () => {
    const a = sortableIds(new ManualClock(0), seededRandom("same"));
    const b = sortableIds(new ManualClock(0), seededRandom("same"));
    expect(a.newId("xy")).toBe(b.newId("xy"));
  });

  it("refuse malformed prefixes", () => {
    const ids = sortableIds(new ManualClock(0), seededRandom("p"));
    expect(() => ids.newId("Bad")).toThrow(/prefix/);
    expect(() => ids.newId("a")).toThrow(/prefix/);
  });
});
