import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../src/kernel/errors.js";
import type { Timer } from "../../src/kernel/timers/ports.js";
import { freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";
import { freshTimerKind, timerAdmin, timerClock, timerRunner } from "./timer-suite-kit.js";

/**
 * Durable timers on the adapter, through the real service: idempotent
 * scheduling, cancelling, scheduling in a transaction, running when due,
 * and tenant isolation of the operator views.
 */
export function timerTests(context: StorageSuiteContext): void {
  const { storage } = context;
  const runner = (clock: ReturnType<typeof timerClock>, seed?: string) =>
    timerRunner(context, clock, seed);

  describe("timers", () => {
    it("keeps one timer per (kind, key): scheduling again moves it and replaces its payload", async () => {
      const clock = timerClock();
      const timers = runner(clock);
      const ctx = timerAdmin(freshTenantId());
      const kind = freshTimerKind();
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
      const clock = timerClock();
      const timers = runner(clock);
      const ctx = timerAdmin(freshTenantId());
      const kind = freshTimerKind();
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
      const clock = timerClock();
      const timers = runner(clock);
      const ctx = timerAdmin(freshTenantId());
      const kind = freshTimerKind();
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
      const clock = timerClock();
      const timers = runner(clock);
      const ctx = timerAdmin(freshTenantId());
      const kind = freshTimerKind();
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

    it("shows and retries parked timers only within their tenant", async () => {
      const clock = timerClock();
      const timers = runner(clock);
      const [mine, theirs] = [timerAdmin(freshTenantId()), timerAdmin(freshTenantId())];
      const kind = freshTimerKind();
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
      const clock = timerClock();
      const timers = runner(clock);
      const ctx = timerAdmin(freshTenantId());
      const kind = freshTimerKind();
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
