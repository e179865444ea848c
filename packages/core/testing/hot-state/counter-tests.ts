import { describe, expect, it } from "vitest";
import { freshTenantId } from "../fixtures.js";
import type { HotStateSuiteContext } from "./suite-context.js";

export function counterTests({ subject }: HotStateSuiteContext): void {
  describe("atomic counters", () => {
    it("takes up to the limit and refuses beyond it without changing the value", async () => {
      const { counters } = subject().hotState;
      const tenant = freshTenantId();
      expect(await counters.get(tenant, "stock")).toBe(0);
      expect(await counters.take(tenant, "stock", 3, { limit: 5 })).toEqual({ ok: true, value: 3 });
      expect(await counters.take(tenant, "stock", 3, { limit: 5 })).toEqual({
        ok: false,
        value: 3,
      });
      expect(await counters.take(tenant, "stock", 2, { limit: 5 })).toEqual({ ok: true, value: 5 });
      expect(await counters.take(tenant, "stock", 1, { limit: 5 })).toEqual({
        ok: false,
        value: 5,
      });
      expect(await counters.get(tenant, "stock")).toBe(5);
    });

    it("refuses a first take larger than the limit", async () => {
      const { counters } = subject().hotState;
      const tenant = freshTenantId();
      expect(await counters.take(tenant, "big", 6, { limit: 5 })).toEqual({ ok: false, value: 0 });
      expect(await counters.get(tenant, "big")).toBe(0);
    });

    it("gives back taken amounts, never below zero", async () => {
      const { counters } = subject().hotState;
      const tenant = freshTenantId();
      await counters.take(tenant, "k", 4, { limit: 10 });
      expect(await counters.give(tenant, "k", 3)).toBe(1);
      expect(await counters.give(tenant, "k", 5)).toBe(0);
      expect(await counters.give(tenant, "never-taken", 1)).toBe(0);
      expect(await counters.take(tenant, "k", 10, { limit: 10 })).toEqual({ ok: true, value: 10 });
    });

    it("never exceeds the limit under many parallel takes", async () => {
      const { counters } = subject().hotState;
      const tenant = freshTenantId();
      const results = await Promise.all(
        Array.from({ length: 120 }, () => counters.take(tenant, "flash-sale", 1, { limit: 37 })),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(37);
      expect(await counters.get(tenant, "flash-sale")).toBe(37);
    });

    it("never exceeds the limit under parallel takes of different sizes", async () => {
      const { counters } = subject().hotState;
      const tenant = freshTenantId();
      const amounts = Array.from({ length: 60 }, (_, i) => (i % 4) + 1);
      const results = await Promise.all(
        amounts.map((amount) => counters.take(tenant, "mixed", amount, { limit: 50 })),
      );
      const taken = results.reduce(
        (sum, result, i) => sum + (result.ok ? (amounts[i] as number) : 0),
        0,
      );
      expect(taken).toBeLessThanOrEqual(50);
      expect(await counters.get(tenant, "mixed")).toBe(taken);
      expect(taken).toBeGreaterThanOrEqual(47);
    });

    it("starts a fresh window once the counter's time-to-live has passed", async () => {
      const { hotState, advanceTime } = subject();
      const tenant = freshTenantId();
      expect(await hotState.counters.take(tenant, "daily", 2, { limit: 2, ttlMs: 300 })).toEqual({
        ok: true,
        value: 2,
      });
      expect((await hotState.counters.take(tenant, "daily", 1, { limit: 2, ttlMs: 300 })).ok).toBe(
        false,
      );
      await advanceTime(450);
      expect(await hotState.counters.get(tenant, "daily")).toBe(0);
      expect(await hotState.counters.take(tenant, "daily", 1, { limit: 2, ttlMs: 300 })).toEqual({
        ok: true,
        value: 1,
      });
    });

    it("keeps tenants' counters apart", async () => {
      const { counters } = subject().hotState;
      const a = freshTenantId();
      const b = freshTenantId();
      await counters.take(a, "shared-name", 5, { limit: 5 });
      expect(await counters.get(b, "shared-name")).toBe(0);
      expect(await counters.take(b, "shared-name", 5, { limit: 5 })).toEqual({
        ok: true,
        value: 5,
      });
      expect(await counters.give(b, "shared-name", 5)).toBe(0);
      expect(await counters.get(a, "shared-name")).toBe(5);
    });
  });
}
