import { serviceSkipReason } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { redisHotState } from "../src/index.js";
import { keysUnder, redisProbe, useRedis } from "./redis-server.js";

const skip = await serviceSkipReason(redisProbe);

/** The part of a key Redis Cluster hashes: between the first `{` and the next `}`. */
function hashTag(key: string): string {
  const open = key.indexOf("{");
  const close = open === -1 ? -1 : key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/** Tenant/key pairs whose naive `${tenant}:${key}` concatenations collide. */
const TRICKY: ReadonlyArray<readonly [tenant: string, key: string]> = [
  ["a", "b:c"],
  ["a", "b}:c"],
  ["a-b", "c"],
  ["a", "-b:c"],
  ["a", "}:cache:x"],
  ["a", "{a}:x"],
  ["a", "x"],
  ["b", "a}:cache:x"],
  ["b", "{a}"],
  ["a_b", "租户"],
];

describe.skipIf(Boolean(skip))(`redis key layout${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const redis = useRedis("keys");

  it("keeps tenants apart whatever their keys contain (':', '{', '}')", async () => {
    const hotState = redisHotState({ client: redis.client(), keyPrefix: `${redis.prefix}a:` });
    for (const [i, [tenant, key]] of TRICKY.entries()) {
      await hotState.cache.set(tenant, key, `value-${i}`, 60_000);
      expect(await hotState.counters.take(tenant, key, 1, { limit: 1 })).toEqual({
        ok: true,
        value: 1,
      });
      expect(await hotState.locks.acquire(tenant, key, 60_000)).toEqual(expect.any(String));
      expect(await hotState.idempotency.claim(tenant, key, 60_000)).toEqual({
        state: "claimed",
        token: expect.any(String),
      });
    }
    for (const [i, [tenant, key]] of TRICKY.entries()) {
      expect(await hotState.cache.get(tenant, key)).toBe(`value-${i}`);
    }
    const keys = await keysUnder(redis.client(), `${redis.prefix}a:`);
    expect(keys).toHaveLength(TRICKY.length * 4);
  });

  it("puts all of a tenant's keys under one cluster hash tag, and no other tenant's", async () => {
    const prefix = `${redis.prefix}b:`;
    const hotState = redisHotState({ client: redis.client(), keyPrefix: prefix });
    for (const [tenant, key] of TRICKY) {
      await hotState.counters.take(tenant, key, 1, { limit: 5, ttlMs: 60_000 });
      await hotState.rateLimiter.hit(tenant, key, { limit: 5, windowMs: 60_000 });
      await hotState.cache.set(tenant, key, "v", 60_000);
      await hotState.locks.acquire(tenant, key, 60_000);
      await hotState.idempotency.claim(tenant, key, 60_000);
    }
    const tags = new Map<string, number>();
    for (const key of await keysUnder(redis.client(), prefix)) {
      const tag = hashTag(key);
      tags.set(tag, (tags.get(tag) ?? 0) + 1);
    }
    const tenants = new Set(TRICKY.map(([tenant]) => tenant));
    expect([...tags.keys()].sort()).toEqual([...tenants].sort());
    for (const tenant of tenants) {
      const pairs = TRICKY.filter(([t]) => t === tenant).length;
      expect(tags.get(tenant)).toBe(pairs * 5);
    }
  });

  it("keeps gate scopes apart from each other and from the tenant's other keys", async () => {
    const prefix = `${redis.prefix}d:`;
    const hotState = redisHotState({ client: redis.client(), keyPrefix: prefix });
    const tenants = ["a", "a-b"];
    const scopes = ["a}", "a%7D", "a%", "a%25", "a", "a:", "{a}", "}:gate-counter:x", "租户"];
    for (const tenant of tenants) {
      expect(await hotState.counters.take(tenant, "stock", 1, { limit: 1 })).toEqual({
        ok: true,
        value: 1,
      });
      for (const scope of scopes) {
        const outcome = await hotState.gates.pass(tenant, scope, [
          { kind: "take", key: "stock", amount: 1, limit: 1 },
          { kind: "claim_once", key: "stock" },
        ]);
        expect(outcome.passed).toBe(true);
      }
    }
    // Per tenant: its counter, and per scope a gate counter, a once-key and a receipt.
    const keys = await keysUnder(redis.client(), prefix);
    expect(keys).toHaveLength(tenants.length * (1 + scopes.length * 3));
    expect(new Set(keys.map(hashTag)).size).toBe(tenants.length * (1 + scopes.length));
  });

  it("writes valid tenant ids and keys verbatim, readable in redis-cli", async () => {
    const prefix = `${redis.prefix}c:`;
    const hotState = redisHotState({ client: redis.client(), keyPrefix: prefix });
    await hotState.cache.set("acme_01", "scan:ABC-123", "v", 60_000);
    expect(await keysUnder(redis.client(), prefix)).toEqual([
      `${prefix}{acme_01}:cache:scan:ABC-123`,
    ]);
  });
});
