import { describe, expect, it } from "vitest";
import { provided, skipNote } from "../capability.js";
import { freshTenantId } from "../fixtures.js";
import type { HotStateSuiteContext } from "./suite-context.js";

export function sharedInstanceTests({ subject, options }: HotStateSuiteContext): void {
  const open = provided(options.capabilities.sharedAcrossInstances);
  const note = skipNote(options.capabilities.sharedAcrossInstances);
  describe("across application instances", () => {
    it.skipIf(!open)(
      `shares counters, rate limits, cache, locks and idempotency keys between instances${note}`,
      async () => {
        if (!open) return;
        const first = subject();
        const second = await open(first);
        try {
          const tenant = freshTenantId();
          const takes = await Promise.all(
            Array.from({ length: 30 }, (_, i) =>
              (i % 2 ? second : first.hotState).counters.take(tenant, "stock", 1, { limit: 11 }),
            ),
          );
          expect(takes.filter((take) => take.ok)).toHaveLength(11);
          const token = await first.hotState.locks.acquire(tenant, "cron", 60_000);
          expect(token).toEqual(expect.any(String));
          expect(await second.locks.acquire(tenant, "cron", 60_000)).toBeNull();
          const policy = { limit: 3, windowMs: 60_000 };
          const hits = await Promise.all(
            Array.from({ length: 8 }, (_, i) =>
              (i % 2 ? second : first.hotState).rateLimiter.hit(tenant, "ip", policy),
            ),
          );
          expect(hits.filter((hit) => hit.allowed)).toHaveLength(3);
          await first.hotState.cache.set(tenant, "page", "cached", 60_000);
          expect(await second.cache.get(tenant, "page")).toBe("cached");
          const claim = await second.idempotency.claim(tenant, "op", 60_000);
          expect(claim).toEqual({ state: "claimed", token: expect.any(String) });
          expect(await first.hotState.idempotency.claim(tenant, "op", 60_000)).toEqual({
            state: "in_progress",
          });
          const claimToken = claim.state === "claimed" ? claim.token : "";
          expect(
            await first.hotState.idempotency.complete(tenant, "op", claimToken, "r", 60_000),
          ).toBe(true);
          expect(await second.idempotency.claim(tenant, "op", 60_000)).toEqual({
            state: "completed",
            result: "r",
          });
        } finally {
          await second.close();
        }
      },
    );
  });
}
