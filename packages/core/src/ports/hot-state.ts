import type { Gates } from "./gates.js";

/**
 * The hot-state port: small, fast, atomic state on the hot paths (draw
 * gates, stock counters, rate limits, scan caches, scheduler locks,
 * idempotency keys). Memory and PostgreSQL adapters implement it; Redis is the
 * fast option for production.
 *
 * Every method takes the tenant id first and a key second: keys of one
 * tenant never collide with or reveal another tenant's. Arguments follow the
 * rules in `hot-state-arguments.ts` (keys and values are well-formed Unicode
 * without NUL; amounts, limits and time-to-live values are integers, the
 * latter in milliseconds); adapters refuse anything else with a `RangeError`
 * before touching state. Guarantees are checked by `runHotStateSuite` from
 * `@onecode/core/testing`.
 */
export interface HotState {
  /** Atomic multi-step check-and-take: see {@link Gates}. */
  readonly gates: Gates;
  readonly counters: AtomicCounters;
  readonly rateLimiter: RateLimiter;
  readonly cache: HotCache;
  readonly locks: Locks;
  readonly idempotency: IdempotencyKeys;
  /** Releases connections the adapter opened itself. */
  close(): Promise<void>;
}

/** Result of {@link AtomicCounters.take}. */
export interface CounterTake {
  /** True when the amount was taken. */
  readonly ok: boolean;
  /** The value after the take; when refused, the value observed right after the refusal. */
  readonly value: number;
}

/**
 * Counters with a ceiling, e.g. "prizes given out of 500" or "units sold of
 * flash-sale stock". A counter that was never written reads 0.
 */
export interface AtomicCounters {
  /**
   * Adds `amount` (a positive integer) if the result stays at or below
   * `limit`; otherwise changes nothing. Atomic: N concurrent calls never take
   * the counter past the limit, whatever their interleaving. `ttlMs` sets the
   * counter's lifetime when it is created (a fresh window, e.g. a daily
   * limit); an expired counter reads 0 again.
   */
  take(
    tenantId: string,
    key: string,
    amount: number,
    options: { limit: number; ttlMs?: number },
  ): Promise<CounterTake>;
  /**
   * Subtracts `amount` (a positive integer), never below 0, and returns the
   * new value. Used to compensate a take whose durable write failed.
   */
  give(tenantId: string, key: string, amount: number): Promise<number>;
  /** The current value (0 when absent or expired). */
  get(tenantId: string, key: string): Promise<number>;
}

/** Result of {@link RateLimiter.hit}. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** How many more hits the window allows right now. */
  readonly remaining: number;
  /** Milliseconds until the next hit would be allowed (0 when allowed). */
  readonly retryAfterMs: number;
}

/**
 * A rate limiter: a token bucket holding `limit` hits that refills
 * continuously over `windowMs`, so a burst at a window edge cannot double the
 * rate. All adapters decide with the integer arithmetic of
 * `tokenBucketStep`; one key under two different policies keeps two buckets.
 */
export interface RateLimiter {
  /** Records one hit if allowed. Atomic: concurrent hits never exceed the limit. */
  hit(
    tenantId: string,
    key: string,
    options: { limit: number; windowMs: number },
  ): Promise<RateLimitDecision>;
}

/** A string cache with expiry. Values are opaque strings (callers serialise). */
export interface HotCache {
  /** The value, or `null` when absent or expired. */
  get(tenantId: string, key: string): Promise<string | null>;
  /** Stores the value for `ttlMs` milliseconds, replacing any earlier value. */
  set(tenantId: string, key: string, value: string, ttlMs: number): Promise<void>;
  /** Removes the value (no error when absent). */
  delete(tenantId: string, key: string): Promise<void>;
}

/**
 * Mutual-exclusion locks with a lease. A holder proves ownership with the
 * token `acquire` returned, so a holder whose lease ran out cannot release or
 * renew a lock someone else now holds.
 */
export interface Locks {
  /** A token when the lock was free (or its lease expired), else `null`. Exactly one of N concurrent callers wins. */
  acquire(tenantId: string, key: string, ttlMs: number): Promise<string | null>;
  /** Extends the lease to `ttlMs` from now; false when `token` no longer holds the lock. */
  renew(tenantId: string, key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Frees the lock; false when `token` no longer holds it. */
  release(tenantId: string, key: string, token: string): Promise<boolean>;
}

/**
 * State of an idempotency key, see {@link IdempotencyKeys.claim}. A won
 * claim carries its fencing token: pass it to
 * {@link IdempotencyKeys.complete} and {@link IdempotencyKeys.release}.
 */
export type IdempotencyClaim =
  | {
      readonly state: "claimed";
      /** Opaque fencing token, unique per won claim; proves this caller still holds the key. */
      readonly token: string;
    }
  | { readonly state: "in_progress" }
  | { readonly state: "completed"; readonly result: string };

/**
 * Idempotency keys: the first caller of a key runs the operation; the others
 * learn it is running or get the stored result.
 *
 * Claims are fenced: `claim` hands the winner a token, and `complete` and
 * `release` act only for that token. A holder whose claim expired (a slow
 * operation, a paused process) and was claimed again by someone else gets
 * `false` back instead of overwriting the newer holder's result or dropping
 * its claim. A stale token is an expected outcome, not an error, so it is a
 * boolean like {@link Locks.release}: the caller decides whether to log it.
 */
export interface IdempotencyKeys {
  /**
   * Claims the key for `ttlMs` if nobody holds it (or the last claim
   * expired). Exactly one of N concurrent callers gets `claimed` with a fresh
   * token; the rest get `in_progress` or, once
   * {@link IdempotencyKeys.complete} ran, `completed` with the result.
   */
  claim(tenantId: string, key: string, ttlMs: number): Promise<IdempotencyClaim>;
  /**
   * Stores the operation's result for `ttlMs`; later claims return it. True
   * when stored: the key was still claimed with `token`, or it was free (the
   * claim expired and nobody claimed it since, so no one else ran the
   * operation). False, changing nothing, when another claim holds the key or
   * a result is already stored.
   */
  complete(
    tenantId: string,
    key: string,
    token: string,
    result: string,
    ttlMs: number,
  ): Promise<boolean>;
  /**
   * Drops a claim whose operation failed, so a retry may run it again. True
   * when the key was still claimed with `token` and is now free. False,
   * changing nothing, when another claim holds the key, the claim expired,
   * or a result is stored: a completed key keeps its result, so an operation
   * can never run twice through a late release.
   */
  release(tenantId: string, key: string, token: string): Promise<boolean>;
}
