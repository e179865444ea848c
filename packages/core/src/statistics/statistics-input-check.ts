import { InputCheck } from "../kernel/input-check.js";
import {
  dateOfDayNumber,
  dayNumber,
  isKnownTimeZone,
  startOfZonedDay,
  zonedDate,
} from "../kernel/zoned-time.js";
import { isCalendarDate, normalizeDateTime } from "../trace/calendar-date.js";
import { SCAN_VERDICTS } from "../trace/scans/scan.js";
import type { ScanCountFilter, ScanCountKey } from "./ports.js";
import {
  CODE_STATISTICS_DIMENSIONS,
  type CodeStatisticsDimension,
  type CodeStatisticsInput,
  SCAN_STATISTICS_DIMENSIONS,
  type ScanStatisticsDimension,
  type ScanStatisticsInput,
  STATISTICS_GRANULARITIES,
  STATISTICS_LIMITS,
  type StatisticsRange,
  type StatisticsRangeInput,
} from "./statistics.js";
import { calendarDaysTouched, calendarPeriods } from "./statistics-periods.js";

/** What a query's range resolves against: the default time zone and the current instant. */
export interface StatisticsDefaults {
  readonly timeZone: string;
  readonly nowMs: number;
}

/** A checked scan statistics query. */
export interface CheckedScanStatistics {
  readonly range: StatisticsRange;
  readonly groupBy: readonly ScanStatisticsDimension[];
  readonly keys: readonly ScanCountKey[];
  readonly filter: ScanCountFilter;
}

/** A checked code statistics query. */
export interface CheckedCodeStatistics {
  readonly range: StatisticsRange;
  readonly groupBy: readonly CodeStatisticsDimension[];
  readonly merchantId: string | undefined;
}

const ID_RULE = { max: 64 };
const REGION_RULE = { max: 64 };
const FROM_TO_MESSAGE =
  "must be a date (YYYY-MM-DD) or an ISO-8601 date-time with an offset (2026-05-01T08:00:00+08:00)";

/** Ranges end before this date, so the day and month after their last one still have 4-digit years. */
const LAST_DATE = "9998-12-31";

/** The instant a `from` or `to` names: a date's start (`from`) or end (`to`), or the date-time itself. */
function boundOf(
  check: InputCheck,
  field: "from" | "to",
  value: unknown,
  timeZone: string,
): number | null {
  const date = isCalendarDate(value) ? value : normalizeDateTime(value)?.slice(0, 10);
  if (date !== undefined && date > LAST_DATE) {
    check.fail(field, "max_date", `${field} must be ${LAST_DATE} or earlier`);
    return null;
  }
  if (isCalendarDate(value)) {
    const date = field === "from" ? value : dateOfDayNumber(dayNumber(value) + 1);
    return startOfZonedDay(date, timeZone);
  }
  const dateTime = normalizeDateTime(value);
  if (dateTime !== null) return Date.parse(dateTime);
  check.fail(field, "date_or_date_time", `${field} ${FROM_TO_MESSAGE}`);
  return null;
}

/** Checks the range fields and resolves them, or records issues and returns `null`. */
function checkRange(
  check: InputCheck,
  input: StatisticsRangeInput,
  defaults: StatisticsDefaults,
): StatisticsRange | null {
  const granularity =
    input.granularity === undefined
      ? "day"
      : check.oneOf("granularity", input.granularity, STATISTICS_GRANULARITIES);
  const timeZone = input.timeZone ?? defaults.timeZone;
  if (!isKnownTimeZone(timeZone) || [...timeZone].length > 64) {
    check.fail("timeZone", "time_zone", "timeZone must be an IANA time zone such as Asia/Shanghai");
    return null;
  }
  const to =
    input.to === undefined
      ? startOfZonedDay(
          dateOfDayNumber(dayNumber(zonedDate(defaults.nowMs, timeZone)) + 1),
          timeZone,
        )
      : boundOf(check, "to", input.to, timeZone);
  let from: number | null = null;
  if (input.from !== undefined) from = boundOf(check, "from", input.from, timeZone);
  else if (to !== null) {
    const lastDay = dayNumber(zonedDate(to - 1, timeZone));
    from = startOfZonedDay(
      dateOfDayNumber(lastDay - (STATISTICS_LIMITS.defaultSpanDays - 1)),
      timeZone,
    );
  }
  if (from === null || to === null) return null;
  if (from >= to) {
    check.fail("to", "after_from", "to must be later than from");
    return null;
  }
  const { maxSpanDays } = STATISTICS_LIMITS;
  if (calendarDaysTouched(from, to, timeZone) > maxSpanDays) {
    check.fail(
      "to",
      "max_span",
      `from and to may cover at most ${maxSpanDays} calendar days in ${timeZone}`,
    );
    return null;
  }
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    timeZone,
    granularity,
    periods: calendarPeriods(from, to, granularity, timeZone),
  };
}

/** Checks `groupBy`: a list of known dimensions, each at most once. */
function checkGroupBy<D extends string>(
  check: InputCheck,
  value: readonly D[] | undefined,
  dimensions: readonly D[],
  fallback: readonly D[],
): D[] {
  if (value === undefined) return [...fallback];
  const groupBy = check.list("groupBy", value, { max: dimensions.length }, (field, entry) =>
    check.oneOf(field, entry, dimensions),
  );
  if (new Set(groupBy).size !== groupBy.length) {
    check.fail("groupBy", "unique", "groupBy must name each dimension at most once");
  }
  return groupBy;
}

/** An optional text filter: absent, or 1 to `max` characters. */
function optionalFilter(
  check: InputCheck,
  field: string,
  value: unknown,
  rule: { readonly max: number },
): string | undefined {
  return value === undefined ? undefined : check.text(field, value, rule);
}

/** Checks the input of `statistics.scans`, throwing `VALIDATION_FAILED` with every issue. */
export function checkScanStatisticsInput(
  input: ScanStatisticsInput,
  defaults: StatisticsDefaults,
): CheckedScanStatistics {
  const check = new InputCheck();
  const given = input ?? {};
  const range = checkRange(check, given, defaults);
  const groupBy = checkGroupBy(check, given.groupBy, SCAN_STATISTICS_DIMENSIONS, ["period"]);
  const filter: ScanCountFilter = {
    productId: optionalFilter(check, "productId", given.productId, ID_RULE),
    batchId: optionalFilter(check, "batchId", given.batchId, ID_RULE),
    merchantId: optionalFilter(check, "merchantId", given.merchantId, ID_RULE),
    verdict:
      given.verdict === undefined
        ? undefined
        : check.oneOf("verdict", given.verdict, SCAN_VERDICTS),
    region: optionalFilter(check, "region", given.region, REGION_RULE),
  };
  check.done();
  return {
    range: range as StatisticsRange,
    groupBy,
    keys: groupBy.filter((dimension): dimension is ScanCountKey => dimension !== "period"),
    filter: Object.fromEntries(
      Object.entries(filter).filter(([, value]) => value !== undefined),
    ) as ScanCountFilter,
  };
}

/** Checks the input of `statistics.codes`, throwing `VALIDATION_FAILED` with every issue. */
export function checkCodeStatisticsInput(
  input: CodeStatisticsInput,
  defaults: StatisticsDefaults,
): CheckedCodeStatistics {
  const check = new InputCheck();
  const given = input ?? {};
  const range = checkRange(check, given, defaults);
  const groupBy = checkGroupBy(check, given.groupBy, CODE_STATISTICS_DIMENSIONS, [
    "period",
    "merchantId",
  ]);
  const merchantId = optionalFilter(check, "merchantId", given.merchantId, ID_RULE);
  check.done();
  return { range: range as StatisticsRange, groupBy, merchantId };
}
