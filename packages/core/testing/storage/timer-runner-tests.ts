import { describe, expect, it } from "vitest";
import type { Timer } from "../../src/kernel/timers/ports.js";
import { freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";
import {
  freshTimerKind,
  TIMER_START,
  timerAdmin,
  timerClock,
  timerRunner,
} from "./timer-suite-kit.js";

/**
 * The timer runner on the adapter: one firing per timer across runners,
 * leases after a crash, fenced late outcomes, backoff and parking, and
 * recurring jobs in the tenant's zone across a DST change.
 */
export function timerRunnerTests(context: StorageSuiteContext): void {
  const { storage } = context;
  const runner = (clock: ReturnType<typeof timerClock>, seed?: string) =>
    timerRunner(context, clock, seed);

  describe("timer runner", () => {
    it("fires each timer exactly once when two runners tick at the same time", async () => {
      const clock = timerClock();
      const [a, b] = [runner(clock, "a"), runner(clock, "b")];
      const tenants = [freshTenantId(), freshTenantId()];
      const kind = freshTimerKind();
      const fired = new Map<string, number>();
      const handler = async (timer: Timer) => {
        await new Promise((resolve) => setImmediate(resolve));
        const name = `${timer.tenantId}/${timer.key}`;
        fired.set(name, (fired.get(name) ?? 0) + 1);
      };
      a.register(kind, handler);
      b.register(kind, handler);
      const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
      for (const tenant of tenants) {
        for (const key of keys) await a.schedule(timerAdmin(tenant), { kind, key, afterMs: 0 });
      }
      let claimed = 0;
      for (let round = 0; round < 20; round++) {
        const ticks = await Promise.all([a.runDue({ limit: 4 }), b.runDue({ limit: 4 })]);
        const inRound = ticks.reduce((sum, tick) => sum + tick.claimed, 0);
        for (const tick of ticks) expect(tick.completed).toBe(tick.claimed);
        claimed += inRound;
        if (inRound === 0) break;
      }
      expect(claimed).toBe(60);
      expect(fired.size).toBe(60);
      expect([...fired.values()].every((count) => count === 1)).toBe(true);
    });

    it("re-runs a timer whose runner crashed mid-run only after the lease, and drops the crashed runner's late outcome", async () => {
      const clock = timerClock();
      const survivor = runner(clock, "b");
      const ctx = timerAdmin(freshTenantId());
      const kind = freshTimerKind();
      const fired: number[] = [];
      survivor.register(kind, async (timer) => void fired.push(timer.attempts));
      await survivor.schedule(ctx, { kind, key: "ord_1", afterMs: 0 });
      // The crashed runner: it claims and never reports back.
      const [crashed] = await storage().timers.claimDue({
        kinds: [kind],
        now: new Date(clock.nowMs()).toISOString(),
        limit: 10,
        token: "tmc_crashed",
        leaseUntil: new Date(clock.nowMs() + 60_000).toISOString(),
      });
      expect(crashed).toMatchObject({ status: "running", attempts: 1 });
      clock.advance(59_999);
      expect((await survivor.runDue()).claimed).toBe(0);
      clock.advance(1);
      expect((await survivor.runDue()).completed).toBe(1);
      expect(fired).toEqual([2]);
      const late = { tenantId: ctx.tenantId, id: crashed?.id ?? "", token: "tmc_crashed" };
      expect(await storage().timers.complete(late, null, TIMER_START)).toBe(false);
      expect(
        await storage().timers.fail(late, { error: "late", retryAt: null, at: TIMER_START }),
      ).toBe(false);
      expect(await survivor.get(ctx, kind, "ord_1")).toBeNull();
    });

    it("drops the outcome of a run whose timer was rescheduled meanwhile, which then runs at its new time", async () => {
      const clock = timerClock();
      const timers = runner(clock);
      const ctx = timerAdmin(freshTenantId());
      const kind = freshTimerKind();
      await timers.schedule(ctx, { kind, key: "ord_1", afterMs: 0 });
      const [claimed] = await storage().timers.claimDue({
        kinds: [kind],
        now: TIMER_START,
        limit: 1,
        token: "tmc_old",
        leaseUntil: "2026-03-07T12:05:00.000Z",
      });
      await timers.schedule(ctx, { kind, key: "ord_1", afterMs: 3_600_000 });
      const claim = { tenantId: ctx.tenantId, id: claimed?.id ?? "", token: "tmc_old" };
      expect(await storage().timers.complete(claim, null, TIMER_START)).toBe(false);
      expect(await timers.get(ctx, kind, "ord_1")).toMatchObject({
        status: "scheduled",
        dueAt: "2026-03-07T13:00:00.000Z",
        attempts: 0,
      });
    });

    it("drops the outcome of a run whose timer was cancelled meanwhile: its work is no longer wanted", async () => {
      const clock = timerClock();
      const timers = runner(clock);
      const ctx = timerAdmin(freshTenantId());
      const kind = freshTimerKind();
      let cancelled = false;
      timers.register(kind, async (timer) => {
        // The order is paid while its close timer runs: the module cancels the timer.
        cancelled = await timers.cancel(ctx, kind, timer.key);
      });
      await timers.schedule(ctx, { kind, key: "ord_1", afterMs: 0 });
      expect(await timers.runDue()).toMatchObject({ claimed: 1, completed: 0, superseded: 1 });
      expect(cancelled).toBe(true);
      expect(await timers.get(ctx, kind, "ord_1")).toBeNull();
    });

    it("retries a failing timer with doubling backoff, parks it after its last attempt, and runs it again when an admin retries it", async () => {
      const clock = timerClock();
      const timers = runner(clock);
      const ctx = timerAdmin(freshTenantId());
      const kind = freshTimerKind();
      let failing = true;
      timers.register(
        kind,
        async () => {
          if (failing) throw new Error("courier said no");
        },
        { maxAttempts: 3, backoffMs: 1_000 },
      );
      await timers.schedule(ctx, { kind, key: "ord_1", afterMs: 0 });
      expect((await timers.runDue()).retried).toBe(1);
      expect(await timers.get(ctx, kind, "ord_1")).toMatchObject({
        status: "scheduled",
        attempts: 1,
        dueAt: "2026-03-07T12:00:01.000Z",
        lastError: "Error: courier said no",
      });
      clock.advance(999);
      expect((await timers.runDue()).claimed).toBe(0);
      clock.advance(1);
      expect((await timers.runDue()).retried).toBe(1);
      expect((await timers.get(ctx, kind, "ord_1"))?.dueAt).toBe("2026-03-07T12:00:03.000Z");
      clock.advance(2_000);
      expect((await timers.runDue()).parked).toBe(1);
      clock.advance(86_400_000);
      expect((await timers.runDue()).claimed).toBe(0);
      const parked = await timers.get(ctx, kind, "ord_1");
      expect(parked).toMatchObject({ status: "failed", attempts: 3, leaseUntil: null });
      expect((await timers.listFailed(ctx)).items).toEqual([parked]);

      failing = false;
      const retried = await timers.retry(ctx, parked?.id ?? "");
      expect(retried).toMatchObject({
        status: "scheduled",
        attempts: 0,
        dueAt: new Date(clock.nowMs()).toISOString(),
      });
      expect((await timers.listFailed(ctx)).items).toEqual([]);
      expect((await timers.runDue()).completed).toBe(1);
      expect(await timers.get(ctx, kind, "ord_1")).toBeNull();
    });

    it("parks a timer whose runners keep dying once its claims pass its attempts", async () => {
      const clock = timerClock();
      const timers = runner(clock);
      const ctx = timerAdmin(freshTenantId());
      const kind = freshTimerKind();
      const fired: number[] = [];
      timers.register(kind, async (timer) => void fired.push(timer.attempts), { maxAttempts: 2 });
      await timers.schedule(ctx, { kind, key: "ord_1", afterMs: 0 });
      for (let crash = 0; crash < 2; crash++) {
        await storage().timers.claimDue({
          kinds: [kind],
          now: new Date(clock.nowMs()).toISOString(),
          limit: 1,
          token: `tmc_crash${crash}`,
          leaseUntil: new Date(clock.nowMs() + 1_000).toISOString(),
        });
        clock.advance(1_000);
      }
      expect((await timers.runDue()).parked).toBe(1);
      expect(fired).toEqual([]);
      expect(await timers.get(ctx, kind, "ord_1")).toMatchObject({
        status: "failed",
        lastError: "lease ran out: 2 runs started and none finished",
      });
    });

    it("rolls a daily job over to the next local midnight of the tenant's zone, across a DST change", async () => {
      const clock = timerClock();
      const timers = runner(clock);
      const tenant = freshTenantId();
      await storage().tenantSettings.update(tenant, {
        timeZone: "America/New_York",
        updatedAt: TIMER_START,
      });
      const kind = freshTimerKind();
      const runs: string[] = [];
      timers.register(kind, async (timer) => void runs.push(timer.dueAt), {
        recurrence: { calendar: "day" },
      });
      const started = await timers.startRecurring(timerAdmin(tenant), kind);
      // Midnight on Sunday 8 March 2026 in New York is still EST (UTC-5).
      expect(started.dueAt).toBe("2026-03-08T05:00:00.000Z");
      expect((await timers.startRecurring(timerAdmin(tenant), kind)).dueAt).toBe(started.dueAt);
      clock.set("2026-03-08T05:00:00.000Z");
      expect((await timers.runDue()).completed).toBe(1);
      // Clocks went forward at 02:00 that day: the next midnight is EDT (UTC-4), 23 hours on.
      expect(await timers.get(timerAdmin(tenant), kind, "default")).toMatchObject({
        status: "scheduled",
        dueAt: "2026-03-09T04:00:00.000Z",
        attempts: 0,
        id: started.id,
      });
      clock.set("2026-03-09T04:00:00.000Z");
      expect((await timers.runDue()).completed).toBe(1);
      expect(runs).toEqual(["2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z"]);
    });

    it("runs an interval job once after an outage, then on its own beat again", async () => {
      const clock = timerClock();
      const timers = runner(clock);
      const ctx = timerAdmin(freshTenantId());
      const kind = freshTimerKind();
      const runs: string[] = [];
      const other = runner(clock, "b");
      for (const process of [timers, other]) {
        process.register(kind, async (timer) => void runs.push(timer.dueAt), {
          recurrence: { every: 60_000 },
        });
      }
      await timers.startRecurring(ctx, kind);
      clock.advance(5 * 60_000 + 30_000);
      const [a, b] = [timers.runDue(), other.runDue()];
      expect((await a).completed + (await b).completed).toBe(1);
      expect(runs).toEqual(["2026-03-07T12:01:00.000Z"]);
      expect((await timers.get(ctx, kind, "default"))?.dueAt).toBe("2026-03-07T12:06:00.000Z");
    });
  });
}
