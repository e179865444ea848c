import { dateOfDayNumber, dayNumber, startOfZonedDay, zonedDate } from "../kernel/zoned-time.js";
import type { StatisticsGranularity, StatisticsPeriod } from "./statistics.js";

/** The first date of the day, ISO week (Monday) or month holding `date`. */
function periodStart(date: string, granularity: StatisticsGranularity): string {
  if (granularity === "day") return date;
  if (granularity === "month") return `${date.slice(0, 7)}-01`;
  const day = dayNumber(date);
  // Day 0, 1970-01-01, was a Thursday: three days after a Monday.
  return dateOfDayNumber(day - ((((day + 3) % 7) + 7) % 7));
}

/** The first date of the period after the one starting on `start`. */
function nextPeriodStart(start: string, granularity: StatisticsGranularity): string {
  if (granularity === "day") return dateOfDayNumber(dayNumber(start) + 1);
  if (granularity === "week") return dateOfDayNumber(dayNumber(start) + 7);
  const year = Number(start.slice(0, 4));
  const month = Number(start.slice(5, 7));
  return month === 12
    ? `${year + 1}-01-01`
    : `${start.slice(0, 4)}-${String(month + 1).padStart(2, "0")}-01`;
}

/**
 * The calendar periods in `timeZone` that the range `[fromMs, toMs)`
 * touches, in order, the first and last cut to the range. A period is named
 * by its first date (`2026-05` for a month).
 */
export function calendarPeriods(
  fromMs: number,
  toMs: number,
  granularity: StatisticsGranularity,
  timeZone: string,
): StatisticsPeriod[] {
  const periods: StatisticsPeriod[] = [];
  let start = periodStart(zonedDate(fromMs, timeZone), granularity);
  let startMs = fromMs;
  while (startMs < toMs) {
    const next = nextPeriodStart(start, granularity);
    const endMs = Math.min(startOfZonedDay(next, timeZone), toMs);
    periods.push({
      period: granularity === "month" ? start.slice(0, 7) : start,
      from: new Date(startMs).toISOString(),
      to: new Date(endMs).toISOString(),
    });
    start = next;
    startMs = endMs;
  }
  return periods;
}

/** How many calendar days of `timeZone` the range `[fromMs, toMs)` touches (`toMs > fromMs`). */
export function calendarDaysTouched(fromMs: number, toMs: number, timeZone: string): number {
  return dayNumber(zonedDate(toMs - 1, timeZone)) - dayNumber(zonedDate(fromMs, timeZone)) + 1;
}
