import { type ValidationIssue, validationError } from "./errors.js";
import {
  dateOfDayNumber,
  dayNumber,
  isKnownTimeZone,
  startOfZonedDay,
  zonedDate,
} from "./zoned-time.js";

/** The calendar periods a tenant counts in: local day, ISO week (Monday first), month, year. */
export type CalendarPeriodKind = "day" | "week" | "month" | "year";

/** Every {@link CalendarPeriodKind}. */
export const CALENDAR_PERIOD_KINDS: readonly CalendarPeriodKind[] = Object.freeze([
  "day",
  "week",
  "month",
  "year",
]);

/**
 * One calendar period as UTC instants in milliseconds: `start` is its first
 * instant and `end` the first instant of the next period (half-open
 * `[start, end)`), so consecutive periods tile time with no gap or overlap.
 */
export interface CalendarPeriod {
  readonly kind: CalendarPeriodKind;
  /** Local `YYYY-MM-DD` date of the period's first day. */
  readonly firstDate: string;
  readonly start: number;
  readonly end: number;
}

/** The issue of a time zone the runtime does not know, on `field` (rule `time_zone`). */
export function timeZoneIssue(field: string): ValidationIssue {
  return {
    field,
    rule: "time_zone",
    message: `${field} must be an IANA time zone such as Asia/Shanghai`,
  };
}

/** Throws `VALIDATION_FAILED` on `field` (rule `time_zone`) unless the runtime knows the zone. */
export function assertTimeZone(timeZone: unknown, field = "timeZone"): asserts timeZone is string {
  if (!isKnownTimeZone(timeZone)) throw validationError([timeZoneIssue(field)]);
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");

/** The first day of the period of `kind` that holds local date `date`, and of the next one. */
function periodDates(kind: CalendarPeriodKind, date: string): [string, string] {
  const day = dayNumber(date);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  switch (kind) {
    case "day":
      return [date, dateOfDayNumber(day + 1)];
    case "week": {
      // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday.
      const monday = day - ((((day + 3) % 7) + 7) % 7);
      return [dateOfDayNumber(monday), dateOfDayNumber(monday + 7)];
    }
    case "month": {
      const next = month === 12 ? `${pad(year + 1, 4)}-01` : `${pad(year, 4)}-${pad(month + 1, 2)}`;
      return [`${date.slice(0, 7)}-01`, `${next}-01`];
    }
    case "year":
      return [`${date.slice(0, 4)}-01-01`, `${pad(year + 1, 4)}-01-01`];
  }
}

/**
 * The calendar period of `kind` that contains the instant `ms` in
 * `timeZone`, bounded by local midnights: a day is 23 or 25 hours long when
 * the zone changes its clocks that day, and periods built from such days
 * shrink or grow with them. Weeks are ISO weeks (Monday to Sunday).
 *
 * @throws `VALIDATION_FAILED` on `timeZone` (rule `time_zone`) for an unknown zone.
 *
 * @example
 * ```ts
 * const week = calendarPeriodAt("week", Date.parse("2026-05-01T03:00:00Z"), "Asia/Shanghai");
 * new Date(week.start).toISOString(); // "2026-04-26T16:00:00.000Z" (Monday 27 April, 00:00 in Shanghai)
 * ```
 */
export function calendarPeriodAt(
  kind: CalendarPeriodKind,
  ms: number,
  timeZone: string,
): CalendarPeriod {
  assertTimeZone(timeZone);
  const [firstDate, nextDate] = periodDates(kind, zonedDate(ms, timeZone));
  return {
    kind,
    firstDate,
    start: startOfZonedDay(firstDate, timeZone),
    end: startOfZonedDay(nextDate, timeZone),
  };
}

/**
 * {@link calendarPeriodAt} remembering the last period of each kind and
 * zone: a hot path asking for "now" thousands of times a second reuses the
 * period until the instant leaves it, instead of formatting dates in the
 * zone each time.
 */
export function rememberingCalendarPeriods(): (
  kind: CalendarPeriodKind,
  ms: number,
  timeZone: string,
) => CalendarPeriod {
  const last = new Map<string, CalendarPeriod>();
  return (kind, ms, timeZone) => {
    const key = `${kind}\u0000${timeZone}`;
    const known = last.get(key);
    if (known && known.start <= ms && ms < known.end) return known;
    const period = calendarPeriodAt(kind, ms, timeZone);
    last.set(key, period);
    return period;
  };
}
