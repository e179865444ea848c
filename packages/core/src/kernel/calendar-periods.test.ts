import { describe, expect, it } from "vitest";
import { calendarPeriodAt, rememberingCalendarPeriods } from "./calendar-periods.js";
import { isOneCodeError } from "./errors.js";

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);

describe("calendar periods in a tenant's zone", () => {
  it("bounds a Shanghai day, ISO week, month and year by local midnights", () => {
    const instant = at("2026-04-30T16:30:00Z"); // Friday 1 May 2026, 00:30 in Shanghai
    const day = calendarPeriodAt("day", instant, "Asia/Shanghai");
    expect([day.firstDate, iso(day.start), iso(day.end)]).toEqual([
      "2026-05-01",
      "2026-04-30T16:00:00.000Z",
      "2026-05-01T16:00:00.000Z",
    ]);
    const week = calendarPeriodAt("week", instant, "Asia/Shanghai");
    expect([week.firstDate, iso(week.start), iso(week.end)]).toEqual([
      "2026-04-27",
      "2026-04-26T16:00:00.000Z",
      "2026-05-03T16:00:00.000Z",
    ]);
    const month = calendarPeriodAt("month", instant, "Asia/Shanghai");
    expect([iso(month.start), iso(month.end)]).toEqual([
      "2026-04-30T16:00:00.000Z",
      "2026-05-31T16:00:00.000Z",
    ]);
    const year = calendarPeriodAt("year", instant, "Asia/Shanghai");
    expect([iso(year.start), iso(year.end)]).toEqual([
      "2025-12-31T16:00:00.000Z",
      "2026-12-31T16:00:00.000Z",
    ]);
  });

  it("keeps the start inclusive and the end exclusive", () => {
    const start = at("2026-04-30T16:00:00Z");
    expect(calendarPeriodAt("day", start, "Asia/Shanghai").start).toBe(start);
    expect(calendarPeriodAt("day", start - 1, "Asia/Shanghai").end).toBe(start);
  });

  it("starts ISO weeks on Monday, across a year end and on a Sunday", () => {
    const sunday = calendarPeriodAt("week", at("2027-01-03T12:00:00Z"), "UTC");
    expect(sunday.firstDate).toBe("2026-12-28");
    expect(sunday.end - sunday.start).toBe(7 * 24 * HOUR);
    expect(calendarPeriodAt("week", at("2026-12-28T00:00:00Z"), "UTC").firstDate).toBe(
      "2026-12-28",
    );
    expect(calendarPeriodAt("month", at("2026-12-31T23:59:59Z"), "UTC").end).toBe(
      at("2027-01-01T00:00:00Z"),
    );
  });

  it("gives 23- and 25-hour days in New York when clocks change", () => {
    const spring = calendarPeriodAt("day", at("2026-03-08T12:00:00Z"), "America/New_York");
    expect(spring.end - spring.start).toBe(23 * HOUR);
    const autumn = calendarPeriodAt("day", at("2026-11-01T12:00:00Z"), "America/New_York");
    expect(autumn.end - autumn.start).toBe(25 * HOUR);
    const week = calendarPeriodAt("week", at("2026-03-08T12:00:00Z"), "America/New_York");
    expect(week.end - week.start).toBe(7 * 24 * HOUR - HOUR);
  });

  it("gives 23- and 25-hour days in Berlin and bounds its March month by local midnights", () => {
    const spring = calendarPeriodAt("day", at("2026-03-29T10:00:00Z"), "Europe/Berlin");
    expect([iso(spring.start), iso(spring.end)]).toEqual([
      "2026-03-28T23:00:00.000Z",
      "2026-03-29T22:00:00.000Z",
    ]);
    const autumn = calendarPeriodAt("day", at("2026-10-25T10:00:00Z"), "Europe/Berlin");
    expect(autumn.end - autumn.start).toBe(25 * HOUR);
    const march = calendarPeriodAt("month", at("2026-03-15T10:00:00Z"), "Europe/Berlin");
    expect([iso(march.start), iso(march.end)]).toEqual([
      "2026-02-28T23:00:00.000Z",
      "2026-03-31T22:00:00.000Z",
    ]);
  });

  it("names timeZone and the rule for an unknown zone", () => {
    try {
      calendarPeriodAt("day", 0, "Mars/Olympus");
      expect.unreachable();
    } catch (error) {
      expect(isOneCodeError(error, "VALIDATION_FAILED")).toBe(true);
      expect((error as { details: { issues: unknown[] } }).details.issues).toEqual([
        expect.objectContaining({ field: "timeZone", rule: "time_zone" }),
      ]);
    }
  });
});

describe("rememberingCalendarPeriods", () => {
  it("answers like calendarPeriodAt, also across a period's end", () => {
    const periodAt = rememberingCalendarPeriods();
    const zone = "Asia/Shanghai";
    // 23:59:59.999 and 00:00 in Shanghai, then back into the first day.
    const lastMs = Date.parse("2026-05-01T15:59:59.999Z");
    for (const ms of [lastMs - 1000, lastMs, lastMs + 1, lastMs - 5]) {
      for (const kind of ["day", "week", "month", "year"] as const) {
        expect(periodAt(kind, ms, zone)).toEqual(calendarPeriodAt(kind, ms, zone));
      }
    }
    expect(periodAt("day", lastMs + 1, "UTC")).toEqual(calendarPeriodAt("day", lastMs + 1, "UTC"));
  });
});
