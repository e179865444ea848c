import { describe, expect, it } from "vitest";
import { freshTenantId } from "../fixtures.js";
import type { HotStateSuiteContext } from "./suite-context.js";

export function rateLimiterTests({ subject }: HotStateSuiteContext): void {
  describe("rate limiter", () => {
    it("allows the limit within a window, then refuses with a retry delay", async () => {
      const { rateLimiter } = subject().hotState;
      const tenant = freshTenantId();
      const policy = { limit: 3, windowMs: 60_000 };
      const decisions = [];
      for (let i = 0; i < 4; i++) decisions.push(await rateLimiter.hit(tenant, "client-1", policy));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
      expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
      expect(decisions[3]?.retryAfterMs).toBeGreaterThan(0);
      expect(decisions[3]?.retryAfterMs).toBeLessThanOrEqual(20_000);
    });

    it("allows hits again once the window has passed", async () => {
      const { hotState, advanceTime } = subject();
      const tenant = freshTenantId();
      const policy = { limit: 2, windowMs: 400 };
      expect((await hotState.rateLimiter.hit(tenant, "c", policy)).allowed).toBe(true);
      expect((await hotState.rateLimiter.hit(tenant, "c", policy)).allowed).toBe(true);
      expect((await hotState.rateLimiter.hit(tenant, "c", policy)).allowed).toBe(false);
      await advanceTime(450);
      expect((await hotState.rateLimiter.hit(tenant, "c", policy)).allowed).toBe(true);
      expect((await hotState.rateLimiter.hit(tenant, "c", policy)).allowed).toBe(true);
    });

    it("never allows more than the limit under parallel hits", async () => {
      const { rateLimiter } = subject().hotState;
      const tenant = freshTenantId();
      const decisions = await Promise.all(
        Array.from({ length: 80 }, () =>
          rateLimiter.hit(tenant, "burst", { limit: 10, windowMs: 60_000 }),
        ),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    });

    it("allows exactly the limit in one instant for every policy, at real timestamps", async () => {
      const { rateLimiter } = subject().hotState;
      const tenant = freshTenantId();
      for (const limit of [1, 2, 3, 6, 7, 10, 60]) {
        for (const windowMs of [60_000, 3_600_000, 86_400_000]) {
          const key = `policy-${limit}-${windowMs}`;
          for (let i = 0; i < limit; i++) {
            expect((await rateLimiter.hit(tenant, key, { limit, windowMs })).allowed).toBe(true);
          }
          const refused = await rateLimiter.hit(tenant, key, { limit, windowMs });
          expect(refused.allowed).toBe(false);
          expect(refused.retryAfterMs).toBeGreaterThan(0);
          expect(refused.retryAfterMs).toBeLessThanOrEqual(Math.ceil(windowMs / limit));
        }
      }
    });

    it("refills gradually: part of the window gives back part of the limit", async () => {
      const { hotState, advanceTime } = subject();
      const tenant = freshTenantId();
      const policy = { limit: 2, windowMs: 600 };
      await hotState.rateLimiter.hit(tenant, "gradual", policy);
      await hotState.rateLimiter.hit(tenant, "gradual", policy);
      await advanceTime(320);
      expect((await hotState.rateLimiter.hit(tenant, "gradual", policy)).allowed).toBe(true);
      expect((await hotState.rateLimiter.hit(tenant, "gradual", policy)).allowed).toBe(false);
    });

    it("keeps one key's buckets under different policies apart", async () => {
      const { rateLimiter } = subject().hotState;
      const tenant = freshTenantId();
      expect((await rateLimiter.hit(tenant, "k", { limit: 1, windowMs: 60_000 })).allowed).toBe(
        true,
      );
      expect((await rateLimiter.hit(tenant, "k", { limit: 1, windowMs: 60_000 })).allowed).toBe(
        false,
      );
      expect((await rateLimiter.hit(tenant, "k", { limit: 5, windowMs: 60_000 })).allowed).toBe(
        true,
      );
    });

    it("keeps keys and tenants apart", async () => {
      const { rateLimiter } = subject().hotState;
      const a = freshTenantId();
      const b = freshTenantId();
      const policy = { limit: 1, windowMs: 60_000 };
      expect((await rateLimiter.hit(a, "ip:1.2.3.4", policy)).allowed).toBe(true);
      expect((await rateLimiter.hit(a, "ip:1.2.3.4", policy)).allowed).toBe(false);
      expect((await rateLimiter.hit(a, "ip:5.6.7.8", policy)).allowed).toBe(true);
      expect((await rateLimiter.hit(b, "ip:1.2.3.4", policy)).allowed).toBe(true);
    });
  });
}
