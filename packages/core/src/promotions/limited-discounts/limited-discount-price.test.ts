import { describe, expect, it } from "vitest";
import { discountedUnitPrice } from "./limited-discount-price.js";
import { assertRunsSometime, isoWeekday, recurrenceAllows } from "./limited-discount-schedule.js";

describe("discounted unit prices", () => {
  it("rounds a 折 rate half up, or drops fen / jiao", () => {
    // 0.05 × 8.5折 = 0.0425 → 0.04; 1.99 × 8.5 = 1.6915 → 1.69; 0.03 × 1.5折 = 0.0045 → 0.00
    expect(discountedUnitPrice("rate", "none", { rate: "8.5", amount: null }, 199, "CNY")).toBe(
      169,
    );
    expect(discountedUnitPrice("rate", "none", { rate: "5", amount: null }, 1, "CNY")).toBe(1); // 0.005 → 0.01
    expect(
      discountedUnitPrice("rate", "drop_fen", { rate: "8.8", amount: null }, 8085, "CNY"),
    ).toBe(7110);
    expect(
      discountedUnitPrice("rate", "drop_jiao", { rate: "8.8", amount: null }, 8085, "CNY"),
    ).toBe(7100);
    expect(discountedUnitPrice("rate", "none", { rate: "0.1", amount: null }, 10_000, "CNY")).toBe(
      100,
    );
    expect(discountedUnitPrice("rate", "none", { rate: "9.99", amount: null }, 10_000, "CNY")).toBe(
      9990,
    );
  });

  it("takes a reduction off, never below 0.00, and caps a fixed price at the list price", () => {
    expect(
      discountedUnitPrice("reduction", "none", { rate: null, amount: 1_500 }, 3_990, "CNY"),
    ).toBe(2_490);
    expect(
      discountedUnitPrice("reduction", "drop_jiao", { rate: null, amount: 1_555 }, 3_990, "CNY"),
    ).toBe(2_400);
    expect(
      discountedUnitPrice("reduction", "none", { rate: null, amount: 9_999 }, 3_990, "CNY"),
    ).toBe(0);
    expect(discountedUnitPrice("price", "none", { rate: null, amount: 1_990 }, 3_990, "CNY")).toBe(
      1_990,
    );
    expect(discountedUnitPrice("price", "none", { rate: null, amount: 5_000 }, 3_990, "CNY")).toBe(
      3_990,
    );
  });
});

describe("recurrence", () => {
  const tz = "Asia/Shanghai";
  it("reads days of the week and month and daily windows in the tenant's zone", () => {
    expect(isoWeekday("2026-05-04")).toBe(1); // a Monday
    expect(isoWeekday("2026-05-03")).toBe(7);
    // 2026-05-03T17:30Z is Monday 01:30 in Shanghai.
    const ms = Date.parse("2026-05-03T17:30:00Z");
    expect(recurrenceAllows({ kind: "days_of_week", days: [1], window: null }, ms, tz)).toBe(true);
    expect(recurrenceAllows({ kind: "days_of_week", days: [7], window: null }, ms, tz)).toBe(false);
    expect(recurrenceAllows({ kind: "days_of_month", days: [4], window: null }, ms, tz)).toBe(true);
    expect(
      recurrenceAllows({ kind: "daily", window: { from: "01:00", to: "02:00" } }, ms, tz),
    ).toBe(true);
    expect(
      recurrenceAllows({ kind: "daily", window: { from: "02:00", to: "03:00" } }, ms, tz),
    ).toBe(false);
  });

  it("refuses a recurrence that never falls inside the validity", () => {
    // Validity: Tuesday 2026-05-05 10:00–12:00 Shanghai.
    const start = "2026-05-05T02:00:00.000Z";
    const end = "2026-05-05T04:00:00.000Z";
    const never = (recurrence: Parameters<typeof assertRunsSometime>[2]) => {
      try {
        assertRunsSometime(start, end, recurrence, tz);
        return null;
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(never({ kind: "days_of_week", days: [1, 3], window: null })).toBe(
      "LIMITED_DISCOUNT_NEVER_RUNS",
    );
    expect(never({ kind: "days_of_month", days: [6], window: null })).toBe(
      "LIMITED_DISCOUNT_NEVER_RUNS",
    );
    expect(never({ kind: "daily", window: { from: "14:00", to: "15:00" } })).toBe(
      "LIMITED_DISCOUNT_NEVER_RUNS",
    );
    expect(
      never({ kind: "days_of_week", days: [2], window: { from: "11:30", to: "13:00" } }),
    ).toBeNull();
    expect(never({ kind: "daily", window: { from: "09:00", to: "10:01" } })).toBeNull();
    expect(never({ kind: "daily", window: { from: "23:00", to: "10:30" } })).toBeNull();
  });
});
