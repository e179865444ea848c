import { ManualClock } from "@onecode/core";
import { type TokenBucketState, tokenBucketStep } from "@onecode/core/adapter-kit";
import { freshTenantId, serviceSkipReason } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { redisHotState } from "../src/index.js";
import { redisProbe, useRedis } from "./redis-server.js";

const skip = await serviceSkipReason(redisProbe);

/** Policies whose refill interval is not a whole number of milliseconds (1000/3, 2500/7, 10001/9). */
const POLICIES = [
  { limit: 3, windowMs: 1_000 },
  { limit: 7, windowMs: 2_500 },
  { limit: 9, windowMs: 10_001 },
  { limit: 1, windowMs: 1_501 },
] as const;

describe.skipIf(Boolean(skip))(`redis rate limiter${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const redis = useRedis("rate");

  it("decides exactly as core's tokenBucketStep for the same clock readings", async () => {
    // Virtual time moves faster than real time here, so Redis (which expires
    // on real time) never drops a state the clock still needs.
    const clock = new ManualClock("2026-03-01T08:00:00.000Z");
    const hotState = redisHotState({ client: redis.client(), keyPrefix: redis.prefix, clock });
    const tenant = freshTenantId();
    const seen = { allowed: 0, refused: 0 };
    for (const [p, policy] of POLICIES.entries()) {
      const key = `client-${p}`;
      const interval = policy.windowMs / policy.limit;
      let state: TokenBucketState | null = null;
      const hitBoth = async () => {
        const step = tokenBucketStep(state, clock.nowMs(), policy.limit, policy.windowMs);
        if (step.next) state = step.next;
        expect(await hotState.rateLimiter.hit(tenant, key, policy)).toEqual(step.decision);
        seen[step.decision.allowed ? "allowed" : "refused"]++;
      };
      // Empty the bucket, then hit around each refill boundary, then at irregular gaps.
      for (let i = 0; i <= policy.limit; i++) await hitBoth();
      for (let i = 0; i < 25; i++) {
        clock.advance(interval);
        await hitBoth();
        await hitBoth();
      }
      for (const gap of [0.25, 1, 41, 120, 333.3, 700, 999, 2_000, 0, 0, 5]) {
        clock.advance(gap);
        await hitBoth();
      }
    }
    expect(seen.allowed).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
  });

  it("keeps the state only until the bucket would be full again", async () => {
    const clock = new ManualClock("2026-03-01T08:00:00.000Z");
    const hotState = redisHotState({ client: redis.client(), keyPrefix: redis.prefix, clock });
    const tenant = freshTenantId();
    await hotState.rateLimiter.hit(tenant, "ip", { limit: 4, windowMs: 60_000 });
    await hotState.rateLimiter.hit(tenant, "ip", { limit: 4, windowMs: 60_000 });
    const key = `${redis.prefix}{${tenant}}:rate:4/60000:ip`;
    const ttl = await redis.client().pttl(key);
    // Two hits of 15 s each: the state matters for 30 s, then expires.
    expect(ttl).toBeGreaterThan(29_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });
});
