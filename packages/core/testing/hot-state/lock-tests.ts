import { describe, expect, it } from "vitest";
import { freshTenantId } from "../fixtures.js";
import type { HotStateSuiteContext } from "./suite-context.js";

export function lockTests({ subject }: HotStateSuiteContext): void {
  describe("locks", () => {
    it("grants a lock to one holder until released with its token", async () => {
      const { locks } = subject().hotState;
      const tenant = freshTenantId();
      const token = await locks.acquire(tenant, "job:1", 60_000);
      expect(token).toEqual(expect.any(String));
      expect(await locks.acquire(tenant, "job:1", 60_000)).toBeNull();
      expect(await locks.release(tenant, "job:1", "not-the-token")).toBe(false);
      expect(await locks.acquire(tenant, "job:1", 60_000)).toBeNull();
      expect(await locks.release(tenant, "job:1", token as string)).toBe(true);
      expect(await locks.release(tenant, "job:1", token as string)).toBe(false);
      expect(await locks.acquire(tenant, "job:1", 60_000)).toEqual(expect.any(String));
    });

    it("gives exactly one of many parallel callers the lock", async () => {
      const { locks } = subject().hotState;
      const tenant = freshTenantId();
      const tokens = await Promise.all(
        Array.from({ length: 40 }, () => locks.acquire(tenant, "cron:daily", 60_000)),
      );
      expect(tokens.filter((token) => token !== null)).toHaveLength(1);
    });

    it("frees an expired lease, and the old holder can no longer release or renew it", async () => {
      const { hotState, advanceTime } = subject();
      const tenant = freshTenantId();
      const stale = await hotState.locks.acquire(tenant, "lease", 200);
      await advanceTime(350);
      const fresh = await hotState.locks.acquire(tenant, "lease", 60_000);
      expect(fresh).toEqual(expect.any(String));
      expect(fresh).not.toBe(stale);
      expect(await hotState.locks.renew(tenant, "lease", stale as string, 60_000)).toBe(false);
      expect(await hotState.locks.release(tenant, "lease", stale as string)).toBe(false);
      expect(await hotState.locks.acquire(tenant, "lease", 60_000)).toBeNull();
    });

    it("extends a lease on renew", async () => {
      const { hotState, advanceTime } = subject();
      const tenant = freshTenantId();
      const token = (await hotState.locks.acquire(tenant, "renewed", 300)) as string;
      await advanceTime(150);
      expect(await hotState.locks.renew(tenant, "renewed", token, 60_000)).toBe(true);
      await advanceTime(300);
      expect(await hotState.locks.acquire(tenant, "renewed", 60_000)).toBeNull();
      expect(await hotState.locks.release(tenant, "renewed", token)).toBe(true);
    });

    it("keeps tenants apart", async () => {
      const { locks } = subject().hotState;
      const a = freshTenantId();
      const b = freshTenantId();
      const token = (await locks.acquire(a, "same-key", 60_000)) as string;
      expect(await locks.acquire(b, "same-key", 60_000)).toEqual(expect.any(String));
      expect(await locks.release(b, "same-key", token)).toBe(false);
      expect(await locks.acquire(a, "same-key", 60_000)).toBeNull();
    });
  });
}
