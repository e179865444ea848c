import { zonedDate } from "../kernel/zoned-time.js";
import { DEFAULT_TENANT_SETTINGS } from "../settings/tenant-settings.js";

/** The time-dependent segment texts of codes generated at one moment. */
export interface GenerationMoment {
  /** Unix seconds, zero-padded to 10 digits. */
  readonly timestamp: string;
  /** `YYYYMMDD` in the configured time zone. */
  readonly date: string;
}

/** The default time zone of `date` segments. */
export const DEFAULT_TIME_ZONE = DEFAULT_TENANT_SETTINGS.timeZone;

/** `YYYYMMDD` of the instant `ms` in `timeZone`. */
export function dateInZone(ms: number, timeZone: string): string {
  return zonedDate(ms, timeZone).replaceAll("-", "");
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
