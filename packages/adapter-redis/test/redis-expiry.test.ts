import { freshTenantId, serviceSkipReason } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { redisHotState } from "../src/index.js";
import { redisProbe, useRedis } from "./redis-server.js";

const skip = await serviceSkipReason(redisProbe);

describe.skipIf(Boolean(skip))(`redis expiry${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const redis = useRedis("expiry");
  const keyOf = (tenant: string, kind: string, key: string) =>
    `${redis.prefix}{${tenant}}:${kind}:${key}`;

  it("sets a counter's time-to-live only when the take creates it; give keeps it", async () => {
    const hotState = redisHotState({ client: redis.client(), keyPrefix: redis.prefix });
    const tenant = freshTenantId();
    await hotState.counters.take(tenant, "daily", 1, { limit: 10, ttlMs: 60_000 });
    await hotState.counters.take(tenant, "daily", 1, { limit: 10, ttlMs: 1_000 });
    await hotState.counters.give(tenant, "daily", 5);
    const ttl = await redis.client().pttl(keyOf(tenant, "counter", "daily"));
    expect(ttl).toBeGreaterThan(55_000);
    expect(await hotState.counters.get(tenant, "daily")).toBe(0);

    await hotState.counters.take(tenant, "forever", 1, { limit: 10 });
    expect(await redis.client().pttl(keyOf(tenant, "counter", "forever"))).toBe(-1);
  });

  it("sets a gate counter's time-to-live only when the gate creates it, and the receipt's", async () => {
    const hotState = redisHotState({ client: redis.client(), keyPrefix: redis.prefix });
    const tenant = freshTenantId();
    const daily = (ttlMs: number) =>
      [{ kind: "take", key: "daily", amount: 1, limit: 9, ttlMs }] as const;
    await hotState.gates.pass(tenant, "s", daily(60_000));
    const second = await hotState.gates.pass(tenant, "s", daily(1_000), { receiptTtlMs: 30_000 });
    const base = `${redis.prefix}{${tenant}:s}:`;
    expect(await redis.client().pttl(`${base}gate-counter:daily`)).toBeGreaterThan(55_000);
    if (!second.passed) throw new Error("the second gate should pass");
    const receiptTtl = await redis.client().pttl(`${base}gate-receipt:${second.receipt.id}`);
    expect(receiptTtl).toBeGreaterThan(25_000);
    expect(receiptTtl).toBeLessThanOrEqual(30_000);
    expect(await hotState.gates.undo(tenant, second.receipt)).toBe(true);
    expect(await redis.client().pttl(`${base}gate-counter:daily`)).toBeGreaterThan(55_000);
  });

  it("keeps gate amounts, limits and ttls exact up to the largest safe integer", async () => {
    const hotState = redisHotState({ client: redis.client(), keyPrefix: redis.prefix });
    const tenant = freshTenantId();
    const max = Number.MAX_SAFE_INTEGER;
    // Redis writes inside a script are not rolled back, so the longest ttls must not fail late.
    const outcome = await hotState.gates.pass(
      tenant,
      "s",
      [{ kind: "take", key: "big", amount: max, limit: max, ttlMs: max }],
      { receiptTtlMs: max },
    );
    expect(outcome.passed && outcome.values).toEqual([max]);
    expect(await hotState.gates.counter(tenant, "s", "big")).toBe(max);
    expect(
      await hotState.gates.pass(tenant, "s", [{ kind: "take", key: "big", amount: 1, limit: max }]),
    ).toEqual({
      passed: false,
      refusal: { step: 0, key: "big", reason: "limit_reached", value: max },
    });
  });

  it("does not create a counter on a refused take or a give", async () => {
    const hotState = redisHotState({ client: redis.client(), keyPrefix: redis.prefix });
    const tenant = freshTenantId();
    await hotState.counters.take(tenant, "big", 11, { limit: 10, ttlMs: 60_000 });
    await hotState.counters.give(tenant, "big", 1);
    expect(await redis.client().exists(keyOf(tenant, "counter", "big"))).toBe(0);
  });

  it("resets a lock's lease on renew and an idempotency key's on complete", async () => {
    const hotState = redisHotState({ client: redis.client(), keyPrefix: redis.prefix });
    const tenant = freshTenantId();
    const token = (await hotState.locks.acquire(tenant, "job", 1_000)) as string;
    await hotState.locks.renew(tenant, "job", token, 90_000);
    expect(await redis.client().pttl(keyOf(tenant, "lock", "job"))).toBeGreaterThan(85_000);

    const claim = await hotState.idempotency.claim(tenant, "op", 1_000);
    const claimToken = claim.state === "claimed" ? claim.token : "none";
    expect(await hotState.idempotency.complete(tenant, "op", claimToken, "done", 90_000)).toBe(
      true,
    );
    expect(await redis.client().pttl(keyOf(tenant, "idem", "op"))).toBeGreaterThan(85_000);
  });
});
