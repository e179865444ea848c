import type { Clock, RandomSource } from "@onecode/core";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { OneCodeDatabase } from "../database.js";

/** What every hot-state part runs on. */
export interface HotStateContext {
  readonly db: Kysely<OneCodeDatabase>;
  /** The only source of time: SQL `now()` is never used, so a ManualClock drives expiry. */
  readonly clock: Clock;
  readonly random: RandomSource;
}

/** A millisecond value (time or duration) as a `double precision` parameter, exactly as JS holds it. */
export function float8(value: number): RawBuilder<number> {
  return sql<number>`${value}::float8`;
}

/**
 * Expiry time in epoch ms for a time-to-live (already checked by core's
 * `checkedHotState`); `Infinity` (never) when absent.
 */
export function expiryAt(nowMs: number, ttlMs: number | undefined): number {
  return ttlMs === undefined ? Number.POSITIVE_INFINITY : nowMs + ttlMs;
}
