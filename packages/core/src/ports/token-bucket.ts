import type { RateLimitDecision } from "./hot-state.js";

/**
 * The stored state of one rate-limit bucket. Credits are integers: a hit
 * costs `windowMs` credits, the bucket refills `limit` credits per
 * millisecond and holds at most `limit × windowMs`, i.e. `limit` hits that
 * refill over one window. Integer arithmetic keeps every adapter's decision
 * identical and exact (no float drift at epoch-sized timestamps).
 */
export interface TokenBucketState {
  readonly credits: number;
  /** Whole epoch milliseconds of the last allowed hit. */
  readonly updatedAtMs: number;
}

/** Outcome of {@link tokenBucketStep}. */
export interface TokenBucketStep {
  readonly decision: RateLimitDecision;
  /** The state to store after an allowed hit; `null` when refused (nothing changes). */
  readonly next: TokenBucketState | null;
  /** After this many milliseconds the stored state equals a full bucket, so it may expire. */
  readonly ttlMs: number;
}

/**
 * One hit against a token bucket of `limit` hits per `windowMs` (arguments
 * checked by `checkRatePolicy`). Adapters run this same integer arithmetic
 * in their own atomic step (a Lua script, one SQL upsert) so every adapter
 * decides identically.
 */
export function tokenBucketStep(
  state: TokenBucketState | null,
  nowMs: number,
  limit: number,
  windowMs: number,
): TokenBucketStep {
  const now = Math.floor(nowMs);
  const capacity = limit * windowMs;
  const elapsed = state ? Math.min(Math.max(now - state.updatedAtMs, 0), windowMs) : windowMs;
  const credits = state ? Math.min(capacity, state.credits + elapsed * limit) : capacity;
  if (credits < windowMs) {
    return {
      decision: {
        allowed: false,
        remaining: 0,
        retryAfterMs: Math.ceil((windowMs - credits) / limit),
      },
      next: null,
      ttlMs: Math.ceil((capacity - credits) / limit),
    };
  }
  const left = credits - windowMs;
  return {
    decision: { allowed: true, remaining: Math.floor(left / windowMs), retryAfterMs: 0 },
    next: { credits: left, updatedAtMs: now },
    ttlMs: Math.ceil((capacity - left) / limit),
  };
}
