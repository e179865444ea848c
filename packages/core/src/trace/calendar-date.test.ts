import { describe, expect, it } from "vitest";
import { addDays, isCalendarDate, normalizeDateTime } from "./calendar-date.js";

describe("calendar dates", () => {
  it("accepts real YYYY-MM-DD dates only", () => {
    for (const date of ["2024-02-29", "2026-12-31", "1000-01-01", "9999-12-31"]) {
      expect(isCalendarDate(date)).toBe(true);
    }
    for (const date of ["2025-02-29", "2026-04-31", "2026-00-10", "0999-01-01", "2026-4-1", ""]) {
      expect(isCalendarDate(date)).toBe(false);
    }
    expect(isCalendarDate(20260401)).toBe(false);
  });

  it("adds days across months, leap days and years", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 365)).toBe("2027-12-31");
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
  });

  it("normalizes ISO date-times with a zone to UTC and refuses impossible ones", () => {
    expect(normalizeDateTime("2026-04-01T10:30+08:00")).toBe("2026-04-01T02:30:00.000Z");
    expect(normalizeDateTime("2026-04-01T00:00:00.123456789Z")).toBe("2026-04-01T00:00:00.123Z");
    expect(normalizeDateTime("2026-12-31T23:59:59-01:00")).toBe("2027-01-01T00:59:59.000Z");
    for (const value of [
      "2026-04-01T10:30",
      "2026-04-01 10:30Z",
      "2026-02-30T00:00Z",
      "2026-04-01T24:00Z",
      "2026-04-01T10:60Z",
      "2026-04-01T10:00+24:00",
      "2026-04-01",
      42,
    ]) {
      expect(normalizeDateTime(value)).toBeNull();
    }
  });
});
