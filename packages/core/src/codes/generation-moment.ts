/** The time-dependent segment texts of codes generated at one moment. */
export interface GenerationMoment {
  /** Unix seconds, zero-padded to 10 digits. */
  readonly timestamp: string;
  /** `YYYYMMDD` in the configured time zone. */
  readonly date: string;
}

/** The default time zone of `date` segments. */
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Throws a `RangeError` unless `timeZone` is an IANA time zone this runtime
 * knows; called once when the codes module is configured.
 */
export function checkTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** `YYYYMMDD` of the instant `ms` in `timeZone`. */
export function dateInZone(ms: number, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? "";
  return `${part("year").padStart(4, "0")}${part("month")}${part("day")}`;
}

/**
 * The timestamp and date texts for the instant `ms`. Generation reads the
 * clock once per chunk, so all codes of a chunk share one moment.
 */
export function generationMoment(ms: number, timeZone: string): GenerationMoment {
  return {
    timestamp: String(Math.floor(ms / 1000)).padStart(10, "0"),
    date: dateInZone(ms, timeZone),
  };
}
