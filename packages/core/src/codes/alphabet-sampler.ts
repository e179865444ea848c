import type { RandomSource } from "../kernel/random.js";

/** Bytes drawn from the random source per refill (one Web Crypto call). */
const POOL_BYTES = 65_536;

/**
 * Draws characters of an alphabet uniformly from a {@link RandomSource}.
 * Each random byte below the largest multiple of the alphabet size that fits
 * in a byte maps to `alphabet[byte % size]`; bytes above it are rejected, so
 * there is no modulo bias. Randomness is drawn in batches of 64 KiB, which
 * keeps the per-character cost to a table lookup.
 *
 * @example
 * ```ts
 * const sampler = new AlphabetSampler(cryptoRandom, ALPHABETS.mixed);
 * const out = new Uint8Array(24);
 * sampler.fill(out, 0, 24); // 24 ASCII character codes of the mixed alphabet
 * ```
 */
export class AlphabetSampler {
  readonly #random: RandomSource;
  /** Character code for each accepted byte value; 0 marks a rejected byte. */
  readonly #table = new Uint8Array(256);
  readonly #pool = new Uint8Array(POOL_BYTES);
  #position = POOL_BYTES;

  constructor(random: RandomSource, alphabet: string) {
    const size = alphabet.length;
    if (size < 2 || size > 256 || new Set(alphabet).size !== size || !/^[!-~]+$/.test(alphabet)) {
      throw new RangeError("an alphabet needs 2-256 distinct printable ASCII characters");
    }
    this.#random = random;
    const accepted = 256 - (256 % size);
    for (let byte = 0; byte < accepted; byte++)
      this.#table[byte] = alphabet.charCodeAt(byte % size);
  }

  /** Writes `count` uniformly drawn character codes into `out` from `offset`. */
  fill(out: Uint8Array, offset: number, count: number): void {
    const table = this.#table;
    const pool = this.#pool;
    let position = this.#position;
    const end = offset + count;
    for (let i = offset; i < end; ) {
      if (position === POOL_BYTES) {
        this.#random.fill(pool);
        position = 0;
      }
      const char = table[pool[position++] as number] as number;
      if (char !== 0) out[i++] = char;
    }
    this.#position = position;
  }
}
