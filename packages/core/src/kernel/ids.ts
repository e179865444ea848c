import type { Clock } from "./clock.js";
import type { RandomSource } from "./random.js";

/**
 * The id port: record ids that are unique, URL-safe and sortable by creation
 * time, so cursor pagination can page by id alone.
 */
export interface IdGenerator {
  /**
   * A new id such as `mch_01jd3v8k0g9w5x2r7q4m6n8p0t`. Ids from one generator
   * sort (byte order) in the order they were made, also within a millisecond.
   */
  newId(prefix: string): string;
}

/** Crockford base32, lower case: ascending in ASCII, no i/l/o/u. */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const PREFIX_PATTERN = /^[a-z]{2,8}$/;

/** Matches any id made by {@link sortableIds}. */
export const ID_PATTERN = /^[a-z]{2,8}_[0-9a-hjkmnp-tv-z]{26}$/;

/**
 * ULID-style ids: 48 bits of milliseconds then 80 random bits, in Crockford
 * base32, behind a short type prefix. Within one millisecond the random part
 * is incremented, so ids stay strictly increasing.
 *
 * @example
 * ```ts
 * const ids = sortableIds(systemClock, cryptoRandom);
 * ids.newId("prd"); // "prd_01jd3v8k0g..."
 * ```
 */
export function sortableIds(clock: Clock, random: RandomSource): IdGenerator {
  let lastTime = -1;
  const digits = new Uint8Array(RANDOM_CHARS);

  const freshRandomDigits = () => {
    const bytes = random.fill(new Uint8Array(RANDOM_CHARS));
    for (let i = 0; i < RANDOM_CHARS; i++) digits[i] = (bytes[i] as number) & 31;
  };
  /** Adds one to the random part; returns false when it wrapped around. */
  const incrementDigits = () => {
    for (let i = RANDOM_CHARS - 1; i >= 0; i--) {
      if ((digits[i] as number) < 31) {
        digits[i] = (digits[i] as number) + 1;
        return true;
      }
      digits[i] = 0;
    }
    return false;
  };

  return {
    newId(prefix: string): string {
      if (!PREFIX_PATTERN.test(prefix))
        throw new RangeError(`id prefix "${prefix}" must be 2-8 lower-case letters`);
      const now = clock.nowMs();
      if (now > lastTime) {
        lastTime = now;
        freshRandomDigits();
      } else if (!incrementDigits()) {
        lastTime += 1;
        freshRandomDigits();
      }
      let time = "";
      let rest = lastTime;
      for (let i = 0; i < TIME_CHARS; i++) {
        time = ALPHABET[rest % 32] + time;
        rest = Math.floor(rest / 32);
      }
      let tail = "";
      for (const digit of digits) tail += ALPHABET[digit];
      return `${prefix}_${time}${tail}`;
    },
  };
}
