/**
 * Calendar days in an IANA time zone, from the runtime's own zone data
 * (`Intl`): which local date an instant falls on, and the instant a local
 * date begins. Dates are `YYYY-MM-DD` text of years 1000-9999.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local wall-clock time of the instant `ms` in `timeZone`, read as if it were UTC (whole seconds). */
function wallClockMs(ms: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
  return Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
}

/**
 * True when the runtime knows `timeZone` (an IANA name such as
 * `Asia/Shanghai`, or `UTC`).
 */
export function isKnownTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== "string" || timeZone === "") return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The number of days from 1970-01-01 to the `YYYY-MM-DD` date (negative before). */
export function dayNumber(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
    DAY_MS
  );
}

/** The `YYYY-MM-DD` date of a {@link dayNumber}. */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Milliseconds since local midnight of the instant `ms` in `timeZone` (whole seconds). */
export function zonedTimeOfDayMs(ms: number, timeZone: string): number {
  const wall = wallClockMs(ms, timeZone);
  return wall - Math.floor(wall / DAY_MS) * DAY_MS;
}

/** The local `YYYY-MM-DD` date of the instant `ms` in `timeZone`. */
export function zonedDate(ms: number, timeZone: string): string {
  return new Date(wallClockMs(ms, timeZone)).toISOString().slice(0, 10);
}

/**
 * The first instant (ms) whose local date in `timeZone` is `date` or later:
 * local midnight, or the end of the gap where a zone skips midnight (a
 * daylight-saving change at 00:00 starts that day at 01:00).
 */
export function startOfZonedDay(date: string, timeZone: string): number {
  const midnightUtc = dayNumber(date) * DAY_MS;
  // Local midnight is midnight UTC minus the zone's offset there; reading the
  // offset twice settles it unless a change lies between the two readings.
  let guess = midnightUtc - (wallClockMs(midnightUtc, timeZone) - midnightUtc);
  guess = midnightUtc - (wallClockMs(guess, timeZone) - Math.floor(guess / 1000) * 1000);
  if (zonedDate(guess, timeZone) === date && zonedDate(guess - 1, timeZone) < date) return guess;
  // A change near midnight: search between offsets of -15 and +15 hours.
  let low = midnightUtc - 15 * HOUR_MS;
  let high = midnightUtc + 15 * HOUR_MS;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zonedDate(middle, timeZone) < date) low = middle;
    else high = middle;
  }
  return high;
}
