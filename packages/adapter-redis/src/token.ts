import type { RandomSource } from "@onecode/core";

const TOKEN_BYTES = 16;
/** Tokens drawn per call of the random source. */
const POOL_TOKENS = 256;

/**
 * A source of 128-bit random tokens (base64url): a holder cannot guess
 * another holder's lock, claim or gate receipt. The random source fills a
 * pool of 256 tokens at a time, since one CSPRNG call per token (a system
 * call of a few microseconds) was a quarter of a gate's CPU time in the
 * process; the tokens stay just as random.
 */
export function hotStateTokens(random: RandomSource): () => string {
  const pool = Buffer.alloc(TOKEN_BYTES * POOL_TOKENS);
  let offset = pool.length;
  return () => {
    if (offset === pool.length) {
      random.fill(pool);
      offset = 0;
    }
    const token = pool.toString("base64url", offset, offset + TOKEN_BYTES);
    offset += TOKEN_BYTES;
    return token;
  };
}
