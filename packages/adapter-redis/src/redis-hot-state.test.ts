import { describe, expect, it } from "vitest";
import type { RedisClient } from "./redis-client.js";
import { redisHotState } from "./redis-hot-state.js";

/** A client double: answers every command with `reply` and records what was sent. */
function fakeClient(reply: unknown = "OK") {
  const sent: string[][] = [];
  let quits = 0;
  const client: RedisClient = {
    call: async (command, ...args) => {
      sent.push([command, ...args]);
      return reply;
    },
    quit: async () => {
      quits++;
      return "OK";
    },
  };
  return { client, sent, quits: () => quits };
}

describe("redisHotState", () => {
  it("leaves an injected client open on close", async () => {
    const fake = fakeClient();
    await redisHotState({ client: fake.client }).close();
    expect(fake.quits()).toBe(0);
  });

  it("quits the client on close when it owns it", async () => {
    const fake = fakeClient();
    await redisHotState({ client: fake.client, ownsClient: true }).close();
    expect(fake.quits()).toBe(1);
  });

  it("prefixes keys with onecode: by default", async () => {
    const fake = fakeClient(null);
    await redisHotState({ client: fake.client }).cache.get("acme", "k");
    expect(fake.sent).toEqual([["GET", "onecode:{acme}:cache:k"]]);
  });

  it("refuses invalid amounts, limits and durations before sending anything", async () => {
    const fake = fakeClient();
    const hotState = redisHotState({ client: fake.client });
    const refusals = [
      hotState.counters.take("t", "k", 0, { limit: 5 }),
      hotState.counters.take("t", "k", 1.5, { limit: 5 }),
      hotState.counters.take("t", "k", 1, { limit: -1 }),
      hotState.counters.take("t", "k", 1, { limit: 5, ttlMs: 0 }),
      hotState.counters.give("t", "k", -2),
      hotState.rateLimiter.hit("t", "k", { limit: 0, windowMs: 1_000 }),
      hotState.rateLimiter.hit("t", "k", { limit: 1, windowMs: Number.POSITIVE_INFINITY }),
      hotState.cache.set("t", "k", "v", -1),
      hotState.cache.set("t", "k", "v", Number.NaN),
      hotState.locks.acquire("t", "k", 0),
      hotState.locks.renew("t", "k", "token", 1e300),
      hotState.idempotency.claim("t", "k", 0),
      hotState.idempotency.complete("t", "k", "token", "r", -5),
      hotState.idempotency.release("t", "k", ""),
    ];
    for (const refusal of refusals) await expect(refusal).rejects.toThrow(RangeError);
    expect(fake.sent).toEqual([]);
  });

  it("reports a reply of the wrong shape without echoing keys or values", async () => {
    const hotState = redisHotState({ client: fakeClient(["surprise", "secret-value"]).client });
    const failure = hotState.counters.take("tenant-x", "key-y", 1, { limit: 5 });
    await expect(failure).rejects.toThrow(
      "counters.take: Redis returned a reply of an unexpected shape",
    );
    const message = await failure.catch((error: Error) => error.message);
    expect(message).not.toMatch(/tenant-x|key-y|secret-value/);
  });
});
