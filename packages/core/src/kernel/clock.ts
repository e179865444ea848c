/**
 * The clock port. Core reads time only through it, so tests and replays are
 * deterministic: pass a {@link ManualClock} and move time yourself.
 */
export interface Clock {
  /** Current time in milliseconds since the Unix epoch. */
  nowMs(): number;
}

/** The real wall clock. */
export const systemClock: Clock = Object.freeze({ nowMs: () => Date.now() });

/**
 * A clock that only moves when told to. Use it in tests and in anything that
 * must replay exactly.
 *
 * @example
 * ```ts
 * const clock = new ManualClock("2026-01-01T00:00:00Z");
 * clock.advance(60_000);
 * ```
 */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: Date | string | number = 0) {
    this.#now = new Date(start).getTime();
    if (Number.isNaN(this.#now)) throw new RangeError("ManualClock needs a valid start time");
  }

  nowMs(): number {
    return this.#now;
  }

  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError("ManualClock only moves forward");
    this.#now += ms;
  }

  /** Jumps to an absolute time (forward only). */
  set(time: Date | string | number): void {
    const next = new Date(time).getTime();
    if (!(next >= this.#now)) throw new RangeError("ManualClock only moves forward");
    this.#now = next;
  }
}

/** ISO-8601 string for a clock reading; how timestamps are stored on records. */
export function isoNow(clock: Clock): string {
  return new Date(clock.nowMs()).toISOString();
}
