import { freshTenantId, serviceSkipReason } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { type RedisClient, redisHotState } from "../src/index.js";
import { redisProbe, useRedis } from "./redis-server.js";

const skip = await serviceSkipReason(redisProbe);

describe.skipIf(Boolean(skip))(`redis lua scripts${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const redis = useRedis("scripts");

  /** Wraps the real client, recording each command. */
  function recordingClient(): { client: RedisClient; commands: string[][] } {
    const commands: string[][] = [];
    return {
      commands,
      client: {
        call: (command, ...args) => {
          commands.push([command, ...args]);
          return redis.client().call(command, ...args);
        },
        quit: async () => "OK",
      },
    };
  }

  it("reloads its scripts after SCRIPT FLUSH (NOSCRIPT falls back to EVAL)", async () => {
    const { client, commands } = recordingClient();
    const hotState = redisHotState({ client, keyPrefix: redis.prefix });
    const tenant = freshTenantId();
    let run = 0;
    const runEveryScript = async () => {
      run++;
      const take = await hotState.counters.take(tenant, "stock", 1, { limit: 100 });
      const given = await hotState.counters.give(tenant, "stock", 1);
      const hit = await hotState.rateLimiter.hit(tenant, "ip", { limit: 100, windowMs: 60_000 });
      const token = (await hotState.locks.acquire(tenant, "job", 60_000)) as string;
      const renewed = await hotState.locks.renew(tenant, "job", token, 60_000);
      const released = await hotState.locks.release(tenant, "job", token);
      const claim = await hotState.idempotency.claim(tenant, `op-${run}`, 60_000);
      const claimToken = claim.state === "claimed" ? claim.token : "none";
      const retried = await hotState.idempotency.claim(tenant, `retry-${run}`, 60_000);
      const freed = await hotState.idempotency.release(
        tenant,
        `retry-${run}`,
        retried.state === "claimed" ? retried.token : "none",
      );
      const completed = await hotState.idempotency.complete(
        tenant,
        `op-${run}`,
        claimToken,
        "done",
        60_000,
      );
      const gate = await hotState.gates.pass(tenant, `scope-${run}`, [
        { kind: "take", key: "stock", amount: 1, limit: 1 },
      ]);
      const undone = gate.passed && (await hotState.gates.undo(tenant, gate.receipt));
      return {
        gate: gate.passed,
        undone,
        take: take.ok,
        given,
        hit: hit.allowed,
        renewed,
        released,
        claim: claim.state,
        freed,
        completed,
      };
    };
    const expected = {
      gate: true,
      undone: true,
      take: true,
      given: 0,
      hit: true,
      renewed: true,
      released: true,
      claim: "claimed",
      freed: true,
      completed: true,
    };

    await runEveryScript();
    await redis.client().script("FLUSH");
    commands.length = 0;
    expect(await runEveryScript()).toEqual(expected);
    // Other test runs on the same server may flush or reload scripts at any
    // moment, so only the protocol is checked here: EVAL only right after an
    // EVALSHA of the same script, and afterwards every script is cached again.
    const names = commands.map(([command]) => command);
    names.forEach((name, i) => {
      if (name === "EVAL") expect(names[i - 1]).toBe("EVALSHA");
    });
    const shas = commands.filter(([command]) => command === "EVALSHA").map(([, sha]) => sha ?? "");
    expect(shas).toHaveLength(11);
    expect(await redis.client().script("EXISTS", ...shas)).toEqual(shas.map(() => 1));
  });

  it("passes Redis errors other than NOSCRIPT through unchanged", async () => {
    const hotState = redisHotState({ client: redis.client(), keyPrefix: redis.prefix });
    const tenant = freshTenantId();
    // A counter key holding a non-integer (written by hand) must fail, not be read as 0.
    await redis.client().set(`${redis.prefix}{${tenant}}:counter:broken`, "abc");
    await expect(hotState.counters.take(tenant, "broken", 1, { limit: 5 })).rejects.toThrow(/ERR/);
  });

  it("fails an undo of a receipt that is not a gate's, without quoting it", async () => {
    const hotState = redisHotState({ client: redis.client(), keyPrefix: redis.prefix });
    const tenant = freshTenantId();
    await redis.client().set(`${redis.prefix}{${tenant}:s}:gate-receipt:forged`, "secret{");
    const error = await hotState.gates
      .undo(tenant, { scope: "s", id: "forged" })
      .catch((caught: unknown) => caught);
    expect(error).toEqual(new Error("gates.undo: Redis returned a reply of an unexpected shape"));
  });
});
