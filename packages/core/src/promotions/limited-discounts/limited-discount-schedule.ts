import { isInDailyWindow } from "../../kernel/daily-window.js";
import { OneCodeError } from "../../kernel/errors.js";
import { dateOfDayNumber, dayNumber, startOfZonedDay, zonedDate } from "../../kernel/zoned-time.js";
import type { LimitedDiscount, LimitedDiscountRecurrence } from "./limited-discount.js";

const MINUTE_MS = 60_000;
/** Days scanned for a first run: every day of the month and week recurs well within it. */
const SCAN_DAYS = 400;

/** ISO weekday (1 = Monday … 7 = Sunday) of a `YYYY-MM-DD` date; 1970-01-01 was a Thursday. */
export function isoWeekday(date: string): number {
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** Whether the recurrence lets the discount run at the instant `ms` (local calendar of `timeZone`). */
export function recurrenceAllows(
  recurrence: LimitedDiscountRecurrence | null,
  ms: number,
  timeZone: string,
): boolean {
  if (recurrence === null) return true;
  if (recurrence.kind === "daily") return isInDailyWindow(ms, recurrence.window, timeZone);
  const date = zonedDate(ms, timeZone);
  const day = recurrence.kind === "days_of_month" ? Number(date.slice(8, 10)) : isoWeekday(date);
  if (!recurrence.days.includes(day)) return false;
  return recurrence.window === null || isInDailyWindow(ms, recurrence.window, timeZone);
}

/** Whether the discount runs at `at`: active, inside its validity and its recurrence. */
export function isRunningAt(discount: LimitedDiscount, at: string, timeZone: string): boolean {
  if (discount.state !== "active" || at < discount.startsAt || at >= discount.endsAt) return false;
  return recurrenceAllows(discount.recurrence, Date.parse(at), timeZone);
}

/**
 * Refuses (`LIMITED_DISCOUNT_NEVER_RUNS`) a recurrence that never falls
 * inside the validity. The first instant both allow is the validity's
 * start or the opening of a window (or a day) inside it, so only those
 * instants are tried.
 */
export function assertRunsSometime(
  startsAt: string,
  endsAt: string,
  recurrence: LimitedDiscountRecurrence | null,
  timeZone: string,
): void {
  if (recurrence === null) return;
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  const inside = (ms: number) =>
    ms >= start && ms < end && recurrenceAllows(recurrence, ms, timeZone);
  if (inside(start)) return;
  const window = recurrence.window;
  const fromMs =
    window === null
      ? 0
      : (Number(window.from.slice(0, 2)) * 60 + Number(window.from.slice(3, 5))) * MINUTE_MS;
  const first = dayNumber(zonedDate(start, timeZone));
  const last = Math.min(dayNumber(zonedDate(end, timeZone)), first + SCAN_DAYS);
  for (let day = first; day <= last; day++) {
    const midnight = startOfZonedDay(dateOfDayNumber(day), timeZone);
    if (inside(midnight) || inside(midnight + fromMs)) return;
  }
  throw new OneCodeError(
    "LIMITED_DISCOUNT_NEVER_RUNS",
    "the recurrence never falls inside the validity (startsAt to endsAt)",
    { field: recurrence.kind === "daily" ? "recurrence.window" : "recurrence.days" },
  );
}
