import { ManualClock, memoryHotState, type RateLimitDecision, seededRandom } from "@onecode/core";
import { randomBelow } from "@onecode/core/adapter-kit";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresHotState } from "../src/postgres-hot-state.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const START = "2026-01-01T00:00:00.000Z";
/** Windows that do not divide evenly by their limits, so refill boundaries fall between milliseconds. */
const POLICIES = [
  { limit: 3, windowMs: 1_000 },
  { limit: 7, windowMs: 1_000 },
  { limit: 1, windowMs: 250 },
  { limit: 10, windowMs: 60_000 },
  { limit: 3, windowMs: 101 },
];

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("rate limiter", target), () => {
    it("decides every hit exactly as core's memory adapter (same token-bucket arithmetic)", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const sqlClock = new ManualClock(START);
      const memoryClock = new ManualClock(START);
      const postgres = postgresHotState({ db, clock: sqlClock }).rateLimiter;
      const memory = memoryHotState({ clock: memoryClock }).rateLimiter;
      const random = seededRandom("rate-limiter-equivalence");
      const seen: RateLimitDecision[] = [];
      for (let step = 0; step < 300; step++) {
        const advance = [0, 0, 1, 7, 33.3, 140, 499, 1_000][randomBelow(random, 8)] as number;
        sqlClock.advance(advance);
        memoryClock.advance(advance);
        const policy = POLICIES[randomBelow(random, POLICIES.length)] as (typeof POLICIES)[number];
        const key = `k${randomBelow(random, 3)}`;
        const expected = await memory.hit("t", key, policy);
        expect(await postgres.hit("t", key, policy), `step ${step}`).toEqual(expected);
        seen.push(expected);
      }
      // The script must reach both outcomes and every kind of decision to prove anything.
      expect(seen.some((d) => d.allowed && d.remaining > 0)).toBe(true);
      expect(seen.some((d) => d.allowed && d.remaining === 0)).toBe(true);
      expect(seen.some((d) => !d.allowed && d.retryAfterMs > 0)).toBe(true);
    });
  });
}
