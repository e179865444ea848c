import { assertTimeZone } from "./calendar-periods.js";
import { invalidField } from "./errors.js";
import { zonedTimeOfDayMs } from "./zoned-time.js";

/**
 * A window of local wall-clock time repeated every day, `HH:MM` 24-hour
 * times: `from` is inside it and `to` is not. A window whose `to` is earlier
 * than its `from` crosses midnight (`23:00`–`08:00` is the night); equal
 * times mean the whole day.
 */
export interface DailyWindow {
  readonly from: string;
  readonly to: string;
}

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE_MS = 60_000;

/** Milliseconds since midnight of an `HH:MM` time, or a `VALIDATION_FAILED` on `field`. */
function timeOfDayMs(value: unknown, field: string): number {
  const match = typeof value === "string" ? TIME_PATTERN.exec(value) : null;
  if (!match) {
    throw invalidField(
      field,
      "time_of_day",
      `${field} must be a 24-hour time HH:MM, 00:00 to 23:59`,
    );
  }
  return (Number(match[1]) * 60 + Number(match[2])) * MINUTE_MS;
}

/**
 * Whether the instant `ms` falls in the daily `window` of local time in
 * `timeZone`. The local wall clock decides: on a day the zone's clocks skip
 * an hour the window is that much shorter, and an hour the clocks repeat
 * counts twice when it lies in the window.
 *
 * @throws `VALIDATION_FAILED` on `window.from` / `window.to` (rule `time_of_day`)
 *   or on `timeZone` (rule `time_zone`).
 *
 * @example
 * ```ts
 * isInDailyWindow(Date.parse("2026-05-01T16:30:00Z"), { from: "23:00", to: "08:00" }, "Asia/Shanghai"); // true (00:30 local)
 * ```
 */
export function isInDailyWindow(ms: number, window: DailyWindow, timeZone: string): boolean {
  const from = timeOfDayMs(window.from, "window.from");
  const to = timeOfDayMs(window.to, "window.to");
  assertTimeZone(timeZone);
  if (from === to) return true;
  const now = zonedTimeOfDayMs(ms, timeZone);
  return from < to ? now >= from && now < to : now >= from || now < to;
}
