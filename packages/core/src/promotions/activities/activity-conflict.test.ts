import { describe, expect, it } from "vitest";
import { sharedProduct, windowsOverlap } from "./activity-conflict.js";

const window = (startsAt: string, endsAt: string | null) => ({ startsAt, endsAt });

describe("activity conflicts", () => {
  it("treats windows as half-open and a null end as open-ended", () => {
    const may = window("2026-05-01T00:00:00.000Z", "2026-06-01T00:00:00.000Z");
    expect(windowsOverlap(may, window("2026-06-01T00:00:00.000Z", null))).toBe(false);
    expect(windowsOverlap(may, window("2026-05-31T23:59:59.999Z", null))).toBe(true);
    expect(windowsOverlap(window("2026-01-01T00:00:00.000Z", null), may)).toBe(true);
    expect(
      windowsOverlap(may, window("2026-04-01T00:00:00.000Z", "2026-05-01T00:00:00.000Z")),
    ).toBe(false);
  });

  it("finds a shared product; an all-products scope shares every product", () => {
    const all = { kind: "all" } as const;
    const listed = (...productIds: string[]) => ({ kind: "products", productIds }) as const;
    expect(sharedProduct(all, all)).toBeNull();
    expect(sharedProduct(all, listed("b", "c"))).toBe("b");
    expect(sharedProduct(listed("a"), all)).toBe("a");
    expect(sharedProduct(listed("a", "c"), listed("b", "c"))).toBe("c");
    expect(sharedProduct(listed("a"), listed("b"))).toBeUndefined();
  });
});
