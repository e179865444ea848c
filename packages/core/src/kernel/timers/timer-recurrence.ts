import {
  CALENDAR_PERIOD_KINDS,
  type CalendarPeriodKind,
  calendarPeriodAt,
} from "../calendar-periods.js";
import { InputCheck } from "../input-check.js";

/**
 * When a recurring job runs: every `every` milliseconds (at least one
 * second), or at the start of each calendar `day`, `week` (Monday), `month`
 * or `year` in the TENANT's time zone, so "expire points at year end" fires
 * at local midnight on 1 January wherever the tenant is, DST included.
 */
export type TimerRecurrence =
  | { readonly every: number }
  | { readonly calendar: CalendarPeriodKind };

/** The shortest interval a recurring job may have. */
export const MIN_RECURRENCE_MS = 1_000;

/** Throws `VALIDATION_FAILED` on `recurrence` unless it is one of the two {@link TimerRecurrence} shapes. */
export function checkRecurrence(recurrence: unknown): TimerRecurrence {
  const check = new InputCheck();
  const given = (recurrence ?? {}) as Record<string, unknown>;
  if ("every" in given && !("calendar" in given)) {
    const every = given.every;
    if (typeof every !== "number" || !Number.isInteger(every) || every < MIN_RECURRENCE_MS) {
      check.fail(
        "recurrence.every",
        "range",
        `recurrence.every must be a whole number of milliseconds of at least ${MIN_RECURRENCE_MS}`,
      );
    }
    check.done();
    return { every: every as number };
  }
  if ("calendar" in given && !("every" in given)) {
    const calendar = check.oneOf("recurrence.calendar", given.calendar, CALENDAR_PERIOD_KINDS);
    check.done();
    return { calendar };
  }
  check.fail(
    "recurrence",
    "recurrence_shape",
    "recurrence must be { every: milliseconds } or { calendar: day | week | month | year }",
  );
  check.done();
  throw new Error("unreachable");
}

/**
 * The first occurrence of `recurrence` strictly after `afterMs`. An interval
 * counts from `anchorMs` (the occurrence that just ran, or the moment the
 * job was started), skipping occurrences already past, so a runner that was
 * down for a while runs a job once, not once per missed occurrence. A
 * calendar boundary is the end of the tenant-zone period holding `afterMs`.
 */
export function nextOccurrence(
  recurrence: TimerRecurrence,
  anchorMs: number,
  afterMs: number,
  timeZone: string,
): number {
  if ("every" in recurrence) {
    const { every } = recurrence;
    if (anchorMs > afterMs) return anchorMs;
    return anchorMs + (Math.floor((afterMs - anchorMs) / every) + 1) * every;
  }
  return calendarPeriodAt(recurrence.calendar, afterMs, timeZone).end;
}
