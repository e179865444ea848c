import { describe, expect, it } from "vitest";
import { runHotStateSuite } from "../../testing/index.js";
import { ManualClock } from "../kernel/clock.js";
import { isOneCodeError, serviceUnavailable } from "../kernel/errors.js";
import { memoryHotState } from "../memory/memory-hot-state.js";
import type { HotState } from "./hot-state.js";
import { failoverHotState } from "./hot-state-failover.js";

let sharedPrimary: HotState | undefined;
runHotStateSuite({
  name: "failover over memory",
  create: async () => {
    const clock = new ManualClock("2026-01-01T00:00:00Z");
    sharedPrimary = memoryHotState({ clock });
    return {
      hotState: failoverHotState(sharedPrimary, { clock }),
      advanceTime: async (ms) => clock.advance(ms),
    };
  },
  capabilities: {
    // A second failover over the same primary: state passes through it unchanged.
    sharedAcrossInstances: async () => {
      if (!sharedPrimary) throw new Error("create runs first");
      return failoverHotState(sharedPrimary);
    },
  },
});

const POLICY = { limit: 2, windowMs: 60_000 };
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A memory primary that fails every call with SERVICE_UNAVAILABLE while `down` is set, counting calls. */
function switchablePrimary(clock: ManualClock) {
  const inner = memoryHotState({ clock });
  const state = { down: false, calls: 0 };
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      state.calls++;
      if (state.down) throw serviceUnavailable("hot_state", new Error("connect ECONNREFUSED"));
      return call(...args);
    };
  const primary: HotState = {
    gates: {
      pass: guard(inner.gates.pass),
      undo: guard(inner.gates.undo),
      setFlag: guard(inner.gates.setFlag),
      counter: guard(inner.gates.counter),
      isClaimed: guard(inner.gates.isClaimed),
      flag: guard(inner.gates.flag),
    },
    counters: {
      take: guard(inner.counters.take),
      give: guard(inner.counters.give),
      get: guard(inner.counters.get),
    },
    rateLimiter: { hit: guard(inner.rateLimiter.hit) },
    cache: {
      get: guard(inner.cache.get),
      set: guard(inner.cache.set),
      delete: guard(inner.cache.delete),
    },
    locks: {
      acquire: guard(inner.locks.acquire),
      renew: guard(inner.locks.renew),
      release: guard(inner.locks.release),
    },
    idempotency: {
      claim: guard(inner.idempotency.claim),
      complete: guard(inner.idempotency.complete),
      release: guard(inner.idempotency.release),
    },
    close: async () => {},
  };
  return { inner, primary, state };
}

function failover(options: { maxPendingDeletes?: number } = {}) {
  const clock = new ManualClock("2026-01-01T00:00:00Z");
  const { inner, primary, state } = switchablePrimary(clock);
  const lines: string[] = [];
  const hotState = failoverHotState(primary, {
    clock,
    probeIntervalMs: 1_000,
    log: (message) => lines.push(message),
    ...options,
  });
  return { clock, inner, state, lines, hotState };
}

describe("failoverHotState", () => {
  it("answers cache reads as misses and skips cache writes while the primary is unreachable", async () => {
    const { hotState, inner, state } = failover();
    await inner.cache.set("acme", "page", "cached", 60_000);
    state.down = true;
    expect(await hotState.cache.get("acme", "page")).toBeNull();
    await hotState.cache.set("acme", "page", "written during the outage", 60_000);
    state.down = false;
    expect(await inner.cache.get("acme", "page")).toBe("cached");
  });

  it("stops calling the primary for cache and rate limits once the outage is known", async () => {
    const { hotState, state } = failover();
    state.down = true;
    await hotState.cache.get("acme", "page");
    const callsAfterDetection = state.calls;
    for (let i = 0; i < 5; i++) {
      await hotState.cache.get("acme", "page");
      await hotState.rateLimiter.hit("acme", "ip", POLICY);
    }
    expect(state.calls).toBe(callsAfterDetection);
  });

  it("rate-limits in process by the same token-bucket rule during an outage", async () => {
    const { hotState, state, clock } = failover();
    state.down = true;
    const first = await hotState.rateLimiter.hit("acme", "ip", POLICY);
    const second = await hotState.rateLimiter.hit("acme", "ip", POLICY);
    const third = await hotState.rateLimiter.hit("acme", "ip", POLICY);
    expect([first.allowed, second.allowed, third.allowed]).toEqual([true, true, false]);
    expect(third.retryAfterMs).toBe(30_000);
    expect((await hotState.rateLimiter.hit("acme", "other-ip", POLICY)).allowed).toBe(true);
    clock.advance(30_000);
    expect((await hotState.rateLimiter.hit("acme", "ip", POLICY)).allowed).toBe(true);
  });

  it("logs one line when the outage starts, however many calls fail, and one when it ends", async () => {
    const { hotState, state, lines, clock } = failover();
    state.down = true;
    await Promise.all([
      hotState.cache.get("acme", "a"),
      hotState.cache.get("acme", "b"),
      hotState.rateLimiter.hit("acme", "ip", POLICY),
    ]);
    for (let i = 0; i < 10; i++) await hotState.cache.get("acme", "a");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[onecode\] hot state unavailable/);
    state.down = false;
    clock.advance(2_500);
    await hotState.cache.get("acme", "a");
    await settle();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(
      "[onecode] hot state reachable again after 2.5 s: caches and rate limits are shared again",
    );
  });

  it("goes back to the primary's cache and rate limits after a probe succeeds", async () => {
    const { hotState, state, inner, clock } = failover();
    state.down = true;
    await hotState.rateLimiter.hit("acme", "ip", POLICY);
    state.down = false;
    // Before the probe interval passed, nothing probes: still in process.
    await hotState.cache.get("acme", "page");
    await settle();
    await hotState.cache.set("acme", "page", "v1", 60_000);
    expect(await inner.cache.get("acme", "page")).toBeNull();
    clock.advance(1_000);
    await hotState.cache.get("acme", "page"); // due: probes in the background, answers a miss
    await settle();
    await hotState.cache.set("acme", "page", "v2", 60_000);
    expect(await inner.cache.get("acme", "page")).toBe("v2");
    expect(await hotState.cache.get("acme", "page")).toBe("v2");
    await hotState.rateLimiter.hit("acme", "ip", POLICY);
    await hotState.rateLimiter.hit("acme", "ip", POLICY);
    // The in-process bucket is gone; the primary's saw two hits.
    expect((await inner.rateLimiter.hit("acme", "ip", POLICY)).allowed).toBe(false);
  });

  it("probes at most once per probe interval while the primary stays down", async () => {
    const { hotState, state, clock } = failover();
    state.down = true;
    await hotState.cache.get("acme", "page");
    const probes = () => state.calls - 1;
    for (let i = 0; i < 20; i++) {
      await hotState.cache.get("acme", "page");
      clock.advance(100);
      await settle();
    }
    expect(probes()).toBe(1);
    clock.advance(1_000);
    await hotState.rateLimiter.hit("acme", "ip", POLICY);
    await settle();
    expect(probes()).toBe(2);
  });

  it("replays cache deletes missed during the outage before using the primary's cache again", async () => {
    const { hotState, state, inner, clock } = failover();
    await inner.cache.set("acme", "trace:batch:b1", "stale page", 60_000);
    await inner.cache.set("acme", "trace:batch:b2", "stale page", 60_000);
    state.down = true;
    await hotState.cache.delete("acme", "trace:batch:b1"); // reveals the outage
    await hotState.cache.delete("acme", "trace:batch:b2"); // during the known outage
    state.down = false;
    clock.advance(1_000);
    await hotState.cache.get("acme", "trace:batch:b1");
    await settle();
    expect(await hotState.cache.get("acme", "trace:batch:b1")).toBeNull();
    expect(await inner.cache.get("acme", "trace:batch:b1")).toBeNull();
    expect(await inner.cache.get("acme", "trace:batch:b2")).toBeNull();
  });

  it("logs once when more cache deletes are missed than it keeps", async () => {
    const { hotState, state, lines } = failover({ maxPendingDeletes: 2 });
    state.down = true;
    for (const key of ["a", "b", "c", "d"]) await hotState.cache.delete("acme", key);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/after 2 cache invalidations: later ones are dropped/);
  });

  it("lets gates, counters, locks and idempotency keys fail with SERVICE_UNAVAILABLE instead of using process memory", async () => {
    const { hotState, state } = failover();
    state.down = true;
    await hotState.cache.get("acme", "page"); // the outage is known
    const failures = [
      hotState.gates.pass("acme", "flash", [{ kind: "claim_once", key: "code:1" }]),
      hotState.gates.undo("acme", { scope: "flash", id: "r1" }),
      hotState.counters.take("acme", "stock", 1, { limit: 5 }),
      hotState.counters.give("acme", "stock", 1),
      hotState.locks.acquire("acme", "job", 1_000),
      hotState.idempotency.claim("acme", "order-1", 1_000),
    ];
    for (const failure of failures) {
      const error = await failure.catch((caught: unknown) => caught);
      expect(isOneCodeError(error, "SERVICE_UNAVAILABLE")).toBe(true);
    }
  });

  it("passes errors that are not an outage through and stays on the primary", async () => {
    const clock = new ManualClock("2026-01-01T00:00:00Z");
    const inner = memoryHotState({ clock });
    const broken = new Error("WRONGTYPE Operation against a key holding the wrong kind of value");
    const lines: string[] = [];
    const hotState = failoverHotState(
      {
        ...inner,
        cache: {
          ...inner.cache,
          get: async () => {
            throw broken;
          },
        },
      },
      { clock, log: (message) => lines.push(message) },
    );
    await expect(hotState.cache.get("acme", "page")).rejects.toBe(broken);
    await hotState.cache.set("acme", "page", "v", 60_000);
    expect(await inner.cache.get("acme", "page")).toBe("v");
    expect(lines).toEqual([]);
  });

  it("refuses a probe interval or a pending-delete bound that is not a whole number", () => {
    const primary = memoryHotState();
    expect(() => failoverHotState(primary, { probeIntervalMs: 0 })).toThrow(
      "probeIntervalMs must be a positive safe integer",
    );
    expect(() => failoverHotState(primary, { maxPendingDeletes: 1.5 })).toThrow(
      "maxPendingDeletes must be a non-negative safe integer",
    );
  });

  it("refuses malformed arguments during an outage as every adapter does", async () => {
    const { hotState, state } = failover();
    state.down = true;
    await hotState.cache.get("acme", "page");
    await expect(hotState.cache.get("not a tenant!", "page")).rejects.toThrow(RangeError);
    await expect(hotState.cache.set("acme", "page", "v", 0)).rejects.toThrow(RangeError);
    await expect(hotState.cache.delete("acme", "")).rejects.toThrow(RangeError);
    await expect(hotState.rateLimiter.hit("acme", "ip", { limit: 0, windowMs: 1 })).rejects.toThrow(
      RangeError,
    );
  });
});
