import { isOneCodeError } from "@onecode/core";
import { isTransientFailure } from "@onecode/core/adapter-kit";
import { describe, expect, it } from "vitest";
import { isConnectionFailure } from "./connection-failures.js";
import type { RedisClient } from "./redis-client.js";
import { redisHotState } from "./redis-hot-state.js";

const socketError = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:6379`), { code });

/** A client whose every command fails with `error`. */
function failingClient(error: Error): RedisClient {
  return {
    call: async () => {
      throw error;
    },
    quit: async () => "OK",
  };
}

describe("Redis connection failures", () => {
  it.each([
    socketError("ECONNREFUSED"),
    socketError("ECONNRESET"),
    socketError("EPIPE"),
    socketError("ETIMEDOUT"),
    socketError("EHOSTUNREACH"),
    socketError("ENOTFOUND"),
    new Error("Connection is closed."),
    new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    new Error("Command timed out"),
    new Error(
      'Reached the max retries per request limit (which is 0). Refer to "maxRetriesPerRequest" option for details.',
    ),
    new Error("Cluster isn't ready and enableOfflineQueue options is false"),
    new Error("None of startup nodes is available"),
    Object.assign(new Error("Failed to refresh slots cache."), { name: "ClusterAllFailedError" }),
    new Error("Cluster is disconnected."),
    new Error("Cluster is disconnecting."),
    new Error("Node is disconnected"),
    new Error("Too many Cluster redirections. Last error: Error: Connection is closed."),
    new Error(
      "Socket timeout during server maintenance. Expecting data, but didn't receive any in 500ms.",
    ),
    new Error("LOADING Redis is loading the dataset in memory"),
    new Error(
      "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
    ),
    new Error("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."),
    new Error("TRYAGAIN Multiple keys request during rehashing of slot"),
    new Error("CLUSTERDOWN The cluster is down"),
    new Error("READONLY You can't write against a read only replica."),
  ])("counts %s as a connection failure", (error) => {
    expect(isConnectionFailure(error)).toBe(true);
  });

  it.each([
    new Error("WRONGTYPE Operation against a key holding the wrong kind of value"),
    new Error("NOSCRIPT No matching script. Please use EVAL."),
    new Error("ERR Error running script (call to f_1234): user_script:1: oops"),
    new Error("OOM command not allowed when used memory > 'maxmemory'."),
    new Error("counters.take: Redis returned a reply of an unexpected shape"),
    "ECONNREFUSED",
  ])("does not count %s as a connection failure", (error) => {
    expect(isConnectionFailure(error)).toBe(false);
  });

  it("rejects with SERVICE_UNAVAILABLE naming hot state and keeps the driver error as cause only", async () => {
    const driverError = socketError("ECONNREFUSED");
    const hotState = redisHotState({ client: failingClient(driverError) });
    const failures = [
      hotState.gates.pass("acme", "sale", [{ kind: "claim_once", key: "code" }]),
      hotState.gates.undo("acme", { scope: "sale", id: "receipt" }),
      hotState.gates.counter("acme", "sale", "stock"),
      hotState.cache.get("acme", "k"),
      hotState.rateLimiter.hit("acme", "k", { limit: 1, windowMs: 1_000 }),
      hotState.counters.take("acme", "k", 1, { limit: 5 }),
      hotState.locks.acquire("acme", "k", 1_000),
      hotState.idempotency.claim("acme", "k", 1_000),
    ];
    for (const failure of failures) {
      const error = await failure.catch((caught: unknown) => caught);
      expect(isTransientFailure(error)).toBe(true);
      if (!isOneCodeError(error, "SERVICE_UNAVAILABLE"))
        throw new Error("expected SERVICE_UNAVAILABLE");
      expect(error.details).toEqual({ service: "hot_state" });
      expect(error.message).not.toContain("ECONNREFUSED");
      expect(error.cause).toBe(driverError);
    }
  });

  it("passes errors of the command itself through unchanged", async () => {
    const wrongType = new Error(
      "WRONGTYPE Operation against a key holding the wrong kind of value",
    );
    const hotState = redisHotState({ client: failingClient(wrongType) });
    await expect(hotState.cache.get("acme", "k")).rejects.toBe(wrongType);
  });

  it("disconnects a client it owns when quitting fails because Redis is unreachable", async () => {
    let disconnects = 0;
    const client: RedisClient = {
      call: async () => null,
      quit: async () => {
        throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
      },
      disconnect: () => {
        disconnects++;
      },
    };
    await redisHotState({ client, ownsClient: true }).close();
    expect(disconnects).toBe(1);
  });
});
