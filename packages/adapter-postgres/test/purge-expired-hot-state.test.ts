import { ManualClock } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { purgeExpiredHotState } from "../src/hot-state/purge.js";
import { migrate } from "../src/migrate.js";
import { postgresHotState } from "../src/postgres-hot-state.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const TABLES = [
  "onecode_hot_counters",
  "onecode_hot_rate_limits",
  "onecode_hot_cache",
  "onecode_hot_locks",
  "onecode_hot_idempotency",
] as const;

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("purgeExpiredHotState", target), () => {
    it("deletes exactly the expired rows of every hot-state table", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const clock = new ManualClock("2026-01-01T00:00:00Z");
      const hot = postgresHotState({ db, clock });
      const tenant = "t1";
      await hot.counters.take(tenant, "short", 1, { limit: 5, ttlMs: 100 });
      await hot.counters.take(tenant, "long", 1, { limit: 5, ttlMs: 10_000 });
      await hot.counters.take(tenant, "forever", 1, { limit: 5 });
      await hot.rateLimiter.hit(tenant, "short", { limit: 1, windowMs: 100 });
      await hot.rateLimiter.hit(tenant, "long", { limit: 1, windowMs: 10_000 });
      await hot.cache.set(tenant, "short", "a", 100);
      await hot.cache.set(tenant, "long", "b", 10_000);
      await hot.locks.acquire(tenant, "short", 100);
      const lock = await hot.locks.acquire(tenant, "long", 10_000);
      await hot.idempotency.claim(tenant, "short", 100);
      await hot.idempotency.claim(tenant, "long", 10_000);

      expect(await purgeExpiredHotState(db, clock.nowMs())).toBe(0);
      clock.advance(100);
      expect(await purgeExpiredHotState(db, clock.nowMs())).toBe(5);
      expect(await purgeExpiredHotState(db, clock.nowMs())).toBe(0);

      for (const table of TABLES) {
        const keys = await db.selectFrom(table).select("key").orderBy("key").execute();
        expect(
          keys.map((row) => row.key),
          table,
        ).toEqual(table === "onecode_hot_counters" ? ["forever", "long"] : ["long"]);
      }
      expect(await hot.counters.get(tenant, "long")).toBe(1);
      expect(await hot.cache.get(tenant, "long")).toBe("b");
      expect(await hot.locks.renew(tenant, "long", lock as string, 10_000)).toBe(true);
      expect(await hot.idempotency.claim(tenant, "long", 10_000)).toEqual({ state: "in_progress" });
      expect(
        (await hot.rateLimiter.hit(tenant, "long", { limit: 1, windowMs: 10_000 })).allowed,
      ).toBe(false);
    });
  });
}
