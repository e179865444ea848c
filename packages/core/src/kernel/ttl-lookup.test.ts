import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock.js";
import { TtlLookup } from "./ttl-lookup.js";

describe("TtlLookup", () => {
  it("shares one read among concurrent misses and trusts it for its TTL", async () => {
    const clock = new ManualClock("2026-06-01T00:00:00.000Z");
    let reads = 0;
    const lookup = new TtlLookup(
      clock,
      1_000,
      async (tenantId, id) => `${tenantId}/${id}#${++reads}`,
    );
    expect(await Promise.all([lookup.get("t", "a"), lookup.get("t", "a")])).toEqual([
      "t/a#1",
      "t/a#1",
    ]);
    clock.advance(999);
    expect(await lookup.get("t", "a")).toBe("t/a#1");
    clock.advance(1);
    expect(await lookup.get("t", "a")).toBe("t/a#2");
    expect(await lookup.get("u", "a")).toBe("u/a#3");
  });

  it("never brings back a value read before an invalidation", async () => {
    const clock = new ManualClock("2026-06-01T00:00:00.000Z");
    let stored = "old";
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = true;
    const lookup = new TtlLookup(clock, 1_000, async () => {
      const value = stored;
      if (first) {
        first = false;
        await gate;
      }
      return value;
    });
    const early = lookup.get("t", "a");
    stored = "new";
    lookup.invalidate("t", "a");
    release();
    expect(await early).toBe("old");
    expect(await lookup.get("t", "a")).toBe("new");
  });
});
