import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/kernel/clock.js";
import { isOneCodeError } from "../../src/kernel/errors.js";
import { sortableIds } from "../../src/kernel/ids.js";
import { seededRandom } from "../../src/kernel/random.js";
import { tenantContext } from "../../src/kernel/tenant.js";
import type { Timer } from "../../src/kernel/timers/ports.js";
import { timersService } from "../../src/kernel/timers/timer-service.js";
import type { TimersService } from "../../src/kernel/timers/timers.js";
import { tenantSettingsReader } from "../../src/settings/tenant-settings-service.js";
import { freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const START = "2026-03-07T12:00:00.000Z";
const admin = (tenantId: string) =>
  tenantContext(tenantId, { id: "alice", kind: "staff", roles: ["admin"] });
/** A kind no other test (or other run on a shared database) claims: claims span all tenants. */
const freshKind = () => `conformance.${freshTenantId()}`;

/**
 * Durable timers through the real runner on the adapter: idempotent
 * scheduling, cancelling, transactions, one firing per timer across
 * runners, leases after a crash, backoff and parking, recurring jobs in the
 * tenant's zone across a DST change, and tenant isolation of operator views.
 */
export function timerTests({ storage }: StorageSuiteContext): void {
  /** A runner process: its own registry and ids, the shared storage and clock. */
  const runner = (clock: ManualClock, seed = "a"): TimersService => {
    const ports = { storage: storage(), clock, ids: sortableIds(clock, seededRandom(seed)) };
    const reader = tenantSettingsReader(ports);
    return timersService({ ...ports, timeZoneOf: reader.timeZoneOf });
  };

  describe("timers", () => {
    it("keeps one timer per (kind, key): scheduling again moves it and replaces its payload", async () => {
      const clock = new ManualClock(START);
      const timers = runner(clock);
      const ctx = admin(freshTenantId());
      const kind = freshKind();
      const first = await timers.schedule(ctx, {
        kind,
        key: "ord_1",
        afterMs: 60_000,
        payload: { n: 1 },
      });
      const moved = await timers.schedule(ctx, {
        kind,
        key: "ord_1",
        at: "2026-03-07T13:00:00Z",
        payload: { n: 2 },
      });
      expect(moved).toMatchObject({
        id: first.id,
        status: "scheduled",
        dueAt: "2026-03-07T13:00:00.000Z",
        payload: { n: 2 },
        attempts: 0,
      });
      expect(await timers.get(ctx, kind, "ord_1")).toEqual(moved);
      const other = await timers.schedule(ctx, { kind, key: "ord_2", afterMs: 0 });
      expect(other.id).not.toBe(first.id);
    });

    it("cancels a timer, so it never runs; cancelling again finds none", async () => {
      const clock = new ManualClock(START);
      const timers = runner(clock);
      const ctx = admin(freshTenantId());
      const kind = freshKind();
      const fired: string[] = [];
      timers.register(kind, async (timer) => void fired.push(timer.key));
      await timers.schedule(ctx, { kind, key: "ord_1", afterMs: 0 });
      expect(await timers.cancel(ctx, kind, "ord_1")).toBe(true);
      expect(await timers.cancel(ctx, kind, "ord_1")).toBe(false);
      expect(await timers.get(ctx, kind, "ord_1")).toBeNull();
      expect((await timers.runDue()).claimed).toBe(0);
      expect(fired).toEqual([]);
    });

    it("schedules inside a transaction: the timer exists only if the transaction commits", async () => {
      const clock = new ManualClock(START);
      const timers = runner(clock);
      const ctx = admin(freshTenantId());
      const kind = freshKind();
      await expect(
        storage().transaction(async (tx) => {
          await timers.schedule(ctx, { kind, key: "rolled_back", afterMs: 0 }, { tx });
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await timers.get(ctx, kind, "rolled_back")).toBeNull();
      await storage().transaction(async (tx) => {
        await timers.schedule(ctx, { kind, key: "committed", afterMs: 0 }, { tx });
      });
      expect((await timers.get(ctx, kind, "committed"))?.status).toBe("scheduled");
    });

    it("runs a timer only when due, then deletes it", async () => {
      const clock = new ManualClock(START);
      const timers = runner(clock);
      const ctx = admin(freshTenantId());
      const kind = freshKind();
      const fired: Timer[] = [];
      timers.register(kind, async (timer, handlerCtx) => {
        expect(handlerCtx.tenantId).toBe(ctx.tenantId);
        fired.push(timer);
      });
      await timers.schedule(ctx, { kind, key: "ord_1", afterMs: 30 * 60_000, payload: { a: "b" } });
      expect((await timers.runDue()).claimed).toBe(0);
      clock.advance(30 * 60_000);
      expect(await timers.runDue()).toEqual({
        claimed: 1,
        completed: 1,
        retried: 0,
        parked: 0,
        superseded: 0,
        unrecorded: 0,
      });
      expect(fired.map((timer) => [timer.key, timer.payload, timer.attempts])).toEqual([
        ["ord_1", { a: "b" }, 1],
      ]);
      expect(await timers.get(ctx, kind, "ord_1")).toBeNull();
    });

    it("fires each timer exactly once when two runners tick at the same time", async () => {
      const clock = new ManualClock(START);
      const [a, b] = [runner(clock, "a"), runner(clock, "b")];
      const tenants = [freshTenantId(), freshTenantId()];
      const kind = freshKind();
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
        for (const key of keys) await a.schedule(admin(tenant), { kind, key, afterMs: 0 });
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
      const clock = new ManualClock(START);
      const survivor = runner(clock, "b");
      const ctx = admin(freshTenantId());
      const kind = freshKind();
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
      expect(await storage().timers.complete(late, null, START)).toBe(false);
      expect(await storage().timers.fail(late, { error: "late", retryAt: null, at: START })).toBe(
        false,
      );
      expect(await survivor.get(ctx, kind, "ord_1")).toBeNull();
    });

    it("drops the outcome of a run whose timer was rescheduled meanwhile, which then runs at its new time", async () => {
      const clock = new ManualClock(START);
      const timers = runner(clock);
      const ctx = admin(freshTenantId());
      const kind = freshKind();
      await timers.schedule(ctx, { kind, key: "ord_1", afterMs: 0 });
      const [claimed] = await storage().timers.claimDue({
        kinds: [kind],
        now: START,
        limit: 1,
        token: "tmc_old",
        leaseUntil: "2026-03-07T12:05:00.000Z",
      });
      await timers.schedule(ctx, { kind, key: "ord_1", afterMs: 3_600_000 });
      const claim = { tenantId: ctx.tenantId, id: claimed?.id ?? "", token: "tmc_old" };
      expect(await storage().timers.complete(claim, null, START)).toBe(false);
      expect(await timers.get(ctx, kind, "ord_1")).toMatchObject({
        status: "scheduled",
        dueAt: "2026-03-07T13:00:00.000Z",
        attempts: 0,
      });
    });

    it("retries a failing timer with doubling backoff, parks it after its last attempt, and runs it again when an admin retries it", async () => {
      const clock = new ManualClock(START);
      const timers = runner(clock);
      const ctx = admin(freshTenantId());
      const kind = freshKind();
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
      const clock = new ManualClock(START);
      const timers = runner(clock);
      const ctx = admin(freshTenantId());
      const kind = freshKind();
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
      const clock = new ManualClock(START);
      const timers = runner(clock);
      const tenant = freshTenantId();
      await storage().tenantSettings.update(tenant, {
        timeZone: "America/New_York",
        updatedAt: START,
      });
      const kind = freshKind();
      const runs: string[] = [];
      timers.register(kind, async (timer) => void runs.push(timer.dueAt), {
        recurrence: { calendar: "day" },
      });
      const started = await timers.startRecurring(admin(tenant), kind);
      // Midnight on Sunday 8 March 2026 in New York is still EST (UTC-5).
      expect(started.dueAt).toBe("2026-03-08T05:00:00.000Z");
      expect((await timers.startRecurring(admin(tenant), kind)).dueAt).toBe(started.dueAt);
      clock.set("2026-03-08T05:00:00.000Z");
      expect((await timers.runDue()).completed).toBe(1);
      // Clocks went forward at 02:00 that day: the next midnight is EDT (UTC-4), 23 hours on.
      expect(await timers.get(admin(tenant), kind, "default")).toMatchObject({
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
      const clock = new ManualClock(START);
      const timers = runner(clock);
      const ctx = admin(freshTenantId());
      const kind = freshKind();
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

    it("shows and retries parked timers only within their tenant", async () => {
      const clock = new ManualClock(START);
      const timers = runner(clock);
      const [mine, theirs] = [admin(freshTenantId()), admin(freshTenantId())];
      const kind = freshKind();
      timers.register(
        kind,
        async () => {
          throw new Error("always");
        },
        { maxAttempts: 1 },
      );
      await timers.schedule(mine, { kind, key: "ord_1", afterMs: 0 });
      expect((await timers.runDue()).parked).toBe(1);
      const [parked] = (await timers.listFailed(mine)).items;
      expect(parked?.key).toBe("ord_1");
      expect((await timers.listFailed(theirs)).items).toEqual([]);
      expect(await timers.get(theirs, kind, "ord_1")).toBeNull();
      expect(await timers.cancel(theirs, kind, "ord_1")).toBe(false);
      const refused = await timers.retry(theirs, parked?.id ?? "").catch((error) => error);
      expect(isOneCodeError(refused, "NOT_FOUND")).toBe(true);
      expect((await timers.get(mine, kind, "ord_1"))?.status).toBe("failed");
    });

    it("pages parked timers newest first", async () => {
      const clock = new ManualClock(START);
      const timers = runner(clock);
      const ctx = admin(freshTenantId());
      const kind = freshKind();
      timers.register(kind, async () => Promise.reject(new Error("no")), { maxAttempts: 1 });
      for (const key of ["a", "b", "c"]) {
        await timers.schedule(ctx, { kind, key, afterMs: 0 });
        clock.advance(1);
      }
      expect((await timers.runDue()).parked).toBe(3);
      const first = await timers.listFailed(ctx, { limit: 2 });
      expect(first.items.map((timer) => timer.key)).toEqual(["c", "b"]);
      const second = await timers.listFailed(ctx, { limit: 2, cursor: first.nextCursor });
      expect(second.items.map((timer) => timer.key)).toEqual(["a"]);
      expect(second.nextCursor).toBeNull();
    });
  });
}
