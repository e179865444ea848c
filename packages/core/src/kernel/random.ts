import { createHash } from "node:crypto";

/**
 * The randomness port. Everything unguessable in OneCode (code segments, ids,
 * card passwords, nonces) draws from it. Production uses the platform CSPRNG;
 * tests use {@link seededRandom} to replay exactly.
 */
export interface RandomSource {
  /** Fills `bytes` with random data and returns it. */
  fill<T extends Uint8Array>(bytes: T): T;
}

/** Web Crypto limits one `getRandomValues` call to 65,536 bytes. */
const MAX_CRYPTO_CHUNK = 65_536;

/** The platform CSPRNG (`crypto.getRandomValues`). */
export const cryptoRandom: RandomSource = Object.freeze({
  fill<T extends Uint8Array>(bytes: T): T {
    for (let offset = 0; offset < bytes.length; offset += MAX_CRYPTO_CHUNK) {
      globalThis.crypto.getRandomValues(bytes.subarray(offset, offset + MAX_CRYPTO_CHUNK));
    }
    return bytes;
  },
});

/**
 * A deterministic stream of bytes from a seed: SHA-256 over `seed ‖ counter`.
 * Unpredictable without the seed, identical for the same seed, which is what
 * reproducible tests need. Never use a known seed in production.
 */
export function seededRandom(seed: string): RandomSource {
  let counter = 0n;
  let block = new Uint8Array(0);
  let position = 0;
  return {
    fill<T extends Uint8Array>(bytes: T): T {
      for (let i = 0; i < bytes.length; i++) {
        if (position === block.length) {
          block = createHash("sha256").update(seed).update(String(counter++)).digest();
          position = 0;
        }
        bytes[i] = block[position++] as number;
      }
      return bytes;
    },
  };
}

/**
 * Uniform integer in `[0, bound)` by rejection sampling, so there is no
 * modulo bias. `bound` must be between 1 and 2^32.
 */
export function randomBelow(random: RandomSource, bound: number): number {
  if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) {
    throw new RangeError("randomBelow needs an integer bound in [1, 2^32]");
  }
  const limit = 2 ** 32 - (2 ** 32 % bound);
  const word = new Uint32Array(1);
  const bytes = new Uint8Array(word.buffer);
  for (;;) {
    random.fill(bytes);
    const value = word[0] as number;
    if (value < limit) return value % bound;
  }
}
