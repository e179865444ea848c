import { ManualClock } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { GATE_BATCH_MEMORY_MS } from "../src/hot-state/gate-batch.js";
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

    it("deletes expired gate counters, receipts and batch records, and once-keys undone gates freed", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const clock = new ManualClock("2026-01-01T00:00:00Z");
      const { gates } = postgresHotState({ db, clock });
      const tenant = "t1";
      const short = await gates.pass(
        tenant,
        "s",
        [
          { kind: "take", key: "short", amount: 1, limit: 5, ttlMs: 100 },
          { kind: "claim_once", key: "code:1" },
        ],
        { receiptTtlMs: 100 },
      );
      // Refused on its once-key: it writes no row.
      const refused = await gates.pass(tenant, "s", [
        { kind: "take", key: "forever", amount: 1, limit: 5 },
        { kind: "claim_once", key: "code:1" },
      ]);
      expect(refused.passed).toBe(false);
      const undone = await gates.pass(tenant, "s", [{ kind: "claim_once", key: "code:2" }]);
      if (!undone.passed || !short.passed) throw new Error("gates should have passed");
      expect(await gates.undo(tenant, undone.receipt)).toBe(true);

      // The row of the freed "code:2".
      expect(await purgeExpiredHotState(db, clock.nowMs())).toBe(1);
      clock.advance(100);
      // The counter "short" and the first gate's receipt.
      expect(await purgeExpiredHotState(db, clock.nowMs())).toBe(2);
      expect(await gates.undo(tenant, short.receipt)).toBe(false);
      clock.advance(GATE_BATCH_MEMORY_MS);
      // The writer's records of the three batches.
      expect(await purgeExpiredHotState(db, clock.nowMs())).toBe(3);
      expect(await purgeExpiredHotState(db, clock.nowMs())).toBe(0);

      const rows = await db.selectFrom("onecode_hot_gate_state").select(["kind", "key"]).execute();
      expect(rows).toEqual([{ kind: "claim", key: "code:1" }]);
      expect(await gates.isClaimed(tenant, "s", "code:1")).toBe(true);
      expect(await db.selectFrom("onecode_hot_gate_receipts").select("id").execute()).toEqual([]);
    });
  });
}
