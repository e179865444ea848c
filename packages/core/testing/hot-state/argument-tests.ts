import { describe, expect, it } from "vitest";
import { freshTenantId } from "../fixtures.js";
import type { HotStateSuiteContext } from "./suite-context.js";

export function argumentTests({ subject }: HotStateSuiteContext): void {
  describe("argument rules", () => {
    it("refuses bad amounts, limits and lifetimes with a RangeError and changes nothing", async () => {
      const { counters, cache, locks, idempotency } = subject().hotState;
      const tenant = freshTenantId();
      for (const amount of [0, -1, 1.5, Number.NaN]) {
        await expect(counters.take(tenant, "c", amount, { limit: 10 })).rejects.toThrow(RangeError);
        await expect(counters.give(tenant, "c", amount)).rejects.toThrow(RangeError);
      }
      for (const limit of [-1, 2.5, Number.NaN]) {
        await expect(counters.take(tenant, "c", 1, { limit })).rejects.toThrow(RangeError);
      }
      for (const ttlMs of [0, -5, 1.5, Number.POSITIVE_INFINITY]) {
        await expect(counters.take(tenant, "c", 1, { limit: 10, ttlMs })).rejects.toThrow(
          RangeError,
        );
        await expect(cache.set(tenant, "k", "v", ttlMs)).rejects.toThrow(RangeError);
        await expect(locks.acquire(tenant, "l", ttlMs)).rejects.toThrow(RangeError);
        await expect(idempotency.claim(tenant, "i", ttlMs)).rejects.toThrow(RangeError);
      }
      expect(await counters.get(tenant, "c")).toBe(0);
      expect(await cache.get(tenant, "k")).toBeNull();
      expect(await locks.acquire(tenant, "l", 60_000)).toEqual(expect.any(String));
      expect(await idempotency.claim(tenant, "i", 60_000)).toEqual({
        state: "claimed",
        token: expect.any(String),
      });
    });

    it("refuses an empty or NUL-bearing idempotency token and keeps the claim", async () => {
      const { idempotency } = subject().hotState;
      const tenant = freshTenantId();
      await idempotency.claim(tenant, "i", 60_000);
      for (const token of ["", "a\u0000b"]) {
        await expect(idempotency.complete(tenant, "i", token, "r", 60_000)).rejects.toThrow(
          RangeError,
        );
        await expect(idempotency.release(tenant, "i", token)).rejects.toThrow(RangeError);
      }
      expect(await idempotency.claim(tenant, "i", 60_000)).toEqual({ state: "in_progress" });
    });

    it("refuses an empty or NUL-bearing lock token and keeps the lock", async () => {
      const { locks } = subject().hotState;
      const tenant = freshTenantId();
      expect(await locks.acquire(tenant, "held", 60_000)).toEqual(expect.any(String));
      for (const token of ["", "a\u0000b"]) {
        await expect(locks.renew(tenant, "held", token, 60_000)).rejects.toThrow(RangeError);
        await expect(locks.release(tenant, "held", token)).rejects.toThrow(RangeError);
      }
      expect(await locks.acquire(tenant, "held", 60_000)).toBeNull();
    });

    it("refuses bad rate-limit policies", async () => {
      const { rateLimiter } = subject().hotState;
      const tenant = freshTenantId();
      for (const policy of [
        { limit: 0, windowMs: 1000 },
        { limit: 1.5, windowMs: 1000 },
        { limit: 10, windowMs: 0 },
        { limit: 10, windowMs: 0.5 },
        { limit: 2 ** 30, windowMs: 2 ** 30 },
      ]) {
        await expect(rateLimiter.hit(tenant, "r", policy)).rejects.toThrow(RangeError);
      }
    });

    it("refuses malformed tenant ids, keys and values without echoing them", async () => {
      const { counters, cache } = subject().hotState;
      const tenant = freshTenantId();
      await expect(counters.get("bad tenant", "k")).rejects.toThrow(/tenantId/);
      for (const key of ["", "nul\u0000key", "lone\uD800surrogate", "k".repeat(513)]) {
        const error = await cache.get(tenant, key).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RangeError);
        expect(String(error)).not.toContain("surrogate");
      }
      await expect(cache.set(tenant, "k", "nul\u0000value", 1000)).rejects.toThrow(RangeError);
      expect(await cache.get(tenant, "k")).toBeNull();
    });
  });
}
