import { createOneCode, ManualClock, type Timer, tenantContext } from "@onecode/core";
import { freshTenantId } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, type Target, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const START = "2026-06-01T00:00:00.000Z";
const KIND = "shop.remind_unpaid";

/** Two server processes on one database: their own pools, handlers and ids, one clock. */
async function twoProcesses(target: Target) {
  const fresh = await target.fresh();
  await migrate(fresh.db);
  const clock = new ManualClock(START);
  const first = postgresStorage({ db: fresh.db });
  const second = postgresStorage({ db: fresh.connect() });
  return {
    clock,
    first,
    second,
    a: createOneCode({ storage: first, clock }),
    b: createOneCode({ storage: second, clock }),
    ctx: tenantContext(freshTenantId()),
  };
}

// Lock contention needs two connections; PGlite serves one, so only servers run these.
for (const target of targets.filter((candidate) => candidate.parallel)) {
  describe.skipIf(Boolean(target.skip))(targetTitle("timers across processes", target), () => {
    it("fires each of 200 due timers exactly once when two processes tick side by side", async () => {
      const { a, b, ctx } = await twoProcesses(target);
      const fired = new Map<string, number>();
      const handler = async (timer: Timer) => {
        fired.set(timer.key, (fired.get(timer.key) ?? 0) + 1);
      };
      a.timers.register(KIND, handler);
      b.timers.register(KIND, handler);
      for (let i = 0; i < 200; i++) {
        await a.timers.schedule(ctx, { kind: KIND, key: `ord_${i}`, afterMs: 0 });
      }
      let claimed = 0;
      for (let round = 0; round < 50; round++) {
        const ticks = await Promise.all([
          a.timers.runDue({ limit: 10 }),
          b.timers.runDue({ limit: 10 }),
        ]);
        const inRound = ticks[0].claimed + ticks[1].claimed;
        claimed += inRound;
        if (inRound === 0) break;
      }
      expect(claimed).toBe(200);
      expect(fired.size).toBe(200);
      expect([...fired.values()].every((count) => count === 1)).toBe(true);
    });

    it("passes over a timer another process holds locked instead of waiting for it", async () => {
      const { a, second, ctx } = await twoProcesses(target);
      const fired: string[] = [];
      a.timers.register(KIND, async (timer) => void fired.push(timer.key));
      await a.timers.schedule(ctx, { kind: KIND, key: "locked", afterMs: 0 });
      await a.timers.schedule(ctx, { kind: KIND, key: "free", afterMs: 0 });
      await second.transaction(async (tx) => {
        // Rescheduling "locked" holds its row lock until this transaction ends.
        await tx.timers.schedule({
          id: "tmr_unused",
          tenantId: ctx.tenantId,
          kind: KIND,
          key: "locked",
          payload: {},
          dueAt: "2026-06-01T01:00:00.000Z",
          at: START,
        });
        // Resolves while the lock is held: SKIP LOCKED does not wait for it.
        expect(await a.timers.runDue()).toMatchObject({ claimed: 1, completed: 1 });
      });
      expect(fired).toEqual(["free"]);
      expect((await a.timers.get(ctx, KIND, "locked"))?.dueAt).toBe("2026-06-01T01:00:00.000Z");
    });

    it("does not see a timer scheduled in a transaction that has not committed", async () => {
      const { a, b, ctx } = await twoProcesses(target);
      const fired: string[] = [];
      a.timers.register(KIND, async (timer) => void fired.push(timer.key));
      await b.ports.storage.transaction(async (tx) => {
        await b.timers.schedule(ctx, { kind: KIND, key: "ord_1", afterMs: 0 }, { tx });
        expect((await a.timers.runDue()).claimed).toBe(0);
      });
      expect((await a.timers.runDue()).completed).toBe(1);
      expect(fired).toEqual(["ord_1"]);
    });
  });
}
