import { describe, expect, it } from "vitest";
import { freshTenantId } from "../fixtures.js";
import type { HotStateSuiteContext } from "./suite-context.js";

export function cacheTests({ subject }: HotStateSuiteContext): void {
  describe("cache", () => {
    it("stores, replaces and deletes values", async () => {
      const { cache } = subject().hotState;
      const tenant = freshTenantId();
      expect(await cache.get(tenant, "scan:abc")).toBeNull();
      await cache.set(tenant, "scan:abc", '{"v":1}', 60_000);
      expect(await cache.get(tenant, "scan:abc")).toBe('{"v":1}');
      await cache.set(tenant, "scan:abc", '{"v":2}', 60_000);
      expect(await cache.get(tenant, "scan:abc")).toBe('{"v":2}');
      await cache.delete(tenant, "scan:abc");
      expect(await cache.get(tenant, "scan:abc")).toBeNull();
      await cache.delete(tenant, "never-set");
    });

    it("round-trips empty, large and non-ASCII values exactly", async () => {
      const { cache } = subject().hotState;
      const tenant = freshTenantId();
      const values = ["", "正品 ✓ 🍵", "x".repeat(100_000), 'quote " backslash \\ nul-free'];
      for (const [i, value] of values.entries()) await cache.set(tenant, `v${i}`, value, 60_000);
      for (const [i, value] of values.entries())
        expect(await cache.get(tenant, `v${i}`)).toBe(value);
    });

    it("forgets values after their time-to-live", async () => {
      const { hotState, advanceTime } = subject();
      const tenant = freshTenantId();
      await hotState.cache.set(tenant, "short", "1", 200);
      await hotState.cache.set(tenant, "long", "2", 60_000);
      await advanceTime(350);
      expect(await hotState.cache.get(tenant, "short")).toBeNull();
      expect(await hotState.cache.get(tenant, "long")).toBe("2");
    });

    it("keeps tenants apart", async () => {
      const { cache } = subject().hotState;
      const a = freshTenantId();
      const b = freshTenantId();
      await cache.set(a, "k", "a-value", 60_000);
      expect(await cache.get(b, "k")).toBeNull();
      await cache.delete(b, "k");
      expect(await cache.get(a, "k")).toBe("a-value");
    });
  });
}
