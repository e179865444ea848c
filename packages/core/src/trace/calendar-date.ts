const DATE_PATTERN = /^([1-9]\d{3})-(\d{2})-(\d{2})$/;
const DATE_TIME_PATTERN =
  /^([1-9]\d{3}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;
const DAY_MS = 86_400_000;

/** Milliseconds of a `YYYY-MM-DD` date at UTC midnight, or `null` when it is not a real date. */
function dateMs(value: string): number | null {
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? ms : null;
}

/** True for a real calendar date written `YYYY-MM-DD` (years 1000-9999; `2026-02-30` is not one). */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === "string" && dateMs(value) !== null;
}

/** The `YYYY-MM-DD` date `days` days after `date` (a date from {@link isCalendarDate}). */
export function addDays(date: string, days: number): string {
  const ms = dateMs(date);
  if (ms === null) throw new RangeError(`${date} is not a YYYY-MM-DD date`);
  return new Date(ms + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * An ISO-8601 date-time with a time zone (`2026-05-01T08:30:00+08:00`,
 * seconds and fractions optional) as the UTC string `toISOString()` writes,
 * or `null` when it is not one or names a time that does not exist.
 */
export function normalizeDateTime(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = DATE_TIME_PATTERN.exec(value);
  if (!match || dateMs(match[1] as string) === null) return null;
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  const offsetHour = Number(match[7] ?? 0);
  const offsetMinute = Number(match[8] ?? 0);
  if (hour > 23 || minute > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59) return null;
  // Milliseconds are what a Date holds; finer fractions are cut, never rounded into the next second.
  const fraction = (match[5] ?? "").slice(0, 4);
  const ms = Date.parse(
    `${match[1]}T${match[2]}:${match[3]}:${match[4] ?? "00"}${fraction}${match[6]}`,
  );
  if (Number.isNaN(ms)) return null;
  const normalized = new Date(ms);
  const year = normalized.getUTCFullYear();
  return year >= 1000 && year <= 9999 ? normalized.toISOString() : null;
}
