import { type DailyWindow, isInDailyWindow } from "../kernel/daily-window.js";
import { startOfZonedDay, zonedDate, zonedTimeOfDayMs } from "../kernel/zoned-time.js";
import { addDays } from "../trace/calendar-date.js";

/** The SMS quiet hours of the contract: 23:00 to 08:00 local time, nothing sent and nothing queued. */
export const DEFAULT_QUIET_HOURS: DailyWindow = Object.freeze({ from: "23:00", to: "08:00" });

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * Whether the instant `ms` lies inside the SMS quiet hours `window` (default
 * 23:00–08:00) of local time in `timeZone`: `from` is inside, `to` is not.
 * The local wall clock decides, so a daylight-saving change makes the night
 * an hour shorter or longer but never moves its edges. Pure.
 *
 * @throws `VALIDATION_FAILED` on a malformed window or an unknown time zone.
 *
 * @example
 * ```ts
 * isInQuietHours(Date.parse("2026-05-01T15:30:00Z"), "Asia/Shanghai"); // true: 23:30 local
 * isInQuietHours(Date.parse("2026-05-02T00:00:00Z"), "Asia/Shanghai"); // false: 08:00 local
 * ```
 */
export function isInQuietHours(
  ms: number,
  timeZone: string,
  window: DailyWindow = DEFAULT_QUIET_HOURS,
): boolean {
  return isInDailyWindow(ms, window, timeZone);
}

/** `HH:MM` of the instant `ms` on the local wall clock of `timeZone`. */
export function localTimeOfDay(ms: number, timeZone: string): string {
  const minutes = Math.floor(zonedTimeOfDayMs(ms, timeZone) / MINUTE_MS);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * The first instant at or after `ms` outside the quiet hours `window` in
 * `timeZone`: `ms` itself when it is outside, otherwise the local `to` time
 * that ends this night (or the first instant after it, should the zone skip
 * that wall-clock time). A window covering the whole day never ends: `null`.
 */
export function quietHoursEnd(
  ms: number,
  timeZone: string,
  window: DailyWindow = DEFAULT_QUIET_HOURS,
): number | null {
  if (!isInQuietHours(ms, timeZone, window)) return ms;
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  if (from === to) return null;
  const nowMinutes = Math.floor(zonedTimeOfDayMs(ms, timeZone) / MINUTE_MS);
  const today = zonedDate(ms, timeZone);
  // Before midnight in a window that crosses it, the night ends tomorrow.
  const endDate = from > to && nowMinutes >= from ? addDays(today, 1) : today;
  const targetMs = to * MINUTE_MS;
  let guess = startOfZonedDay(endDate, timeZone) + targetMs;
  // Settle on the wall-clock time: a change of offset since midnight moves it by that much.
  for (let step = 0; step < 2; step += 1) {
    let shift = targetMs - zonedTimeOfDayMs(guess, timeZone);
    if (shift > 12 * HOUR_MS) shift -= 24 * HOUR_MS;
    if (shift < -12 * HOUR_MS) shift += 24 * HOUR_MS;
    guess += shift;
  }
  // A skipped wall-clock time (a spring-forward gap) can leave the guess inside or past the end:
  // walk forward to an instant outside, then search back for the first one.
  let high = Math.max(guess, ms + 1);
  for (let tries = 0; tries < (3 * HOUR_MS) / MINUTE_MS; tries += 1) {
    if (!isInQuietHours(high, timeZone, window)) break;
    high += MINUTE_MS;
  }
  let low = ms;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (isInQuietHours(middle, timeZone, window)) low = middle;
    else high = middle;
  }
  return high;
}
