import { type Clock, systemClock } from "../kernel/clock.js";
import { isTransientFailure } from "../kernel/errors.js";
import { memoryHotState } from "../memory/memory-hot-state.js";
import type { HotCache, HotState, RateLimiter } from "./hot-state.js";
import {
  checkKey,
  checkNonNegativeInteger,
  checkPositiveInteger,
  checkTtl,
  checkValue,
} from "./hot-state-arguments.js";

/** Options of {@link failoverHotState}. */
export interface HotStateFailoverOptions {
  /**
   * Receives one line when an outage starts (with the error that revealed
   * it) and one when it ends; nothing per request. Default `console.warn`.
   */
  readonly log?: (message: string, error?: unknown) => void;
  /** Time of the in-process rate limiter and of the probe schedule. Default `systemClock`. */
  readonly clock?: Clock;
  /**
   * During an outage, a call probes the primary (one cache read, in the
   * background) when this long has passed since the last probe. Default
   * 1000 ms.
   */
  readonly probeIntervalMs?: number;
  /**
   * Cache deletes that could not reach the primary are remembered, up to
   * this many, and replayed before the primary is used again, so an entry
   * that a change made stale during the outage does not come back with it.
   * Past the bound, the rest are logged once and expire with their TTL.
   * Default 10,000.
   */
  readonly maxPendingDeletes?: number;
}

/** A tenant id no tenant can have (reserved like the public scan namespace), read by probes. */
const PROBE_TENANT = "0-hot-state-probe";
const PROBE_KEY = "probe";
/** Deletes replayed at once when the primary returns. */
const REPLAY_CHUNK = 100;

/** What the failover keeps while the primary is unreachable. */
interface Outage {
  readonly startedAtMs: number;
  nextProbeAtMs: number;
  probing: boolean;
  /** Rate limits decided in this process, by the same token-bucket rule, until the primary returns. */
  readonly limiter: RateLimiter;
  /** Cache deletes owed to the primary, by tenant and key. */
  readonly pendingDeletes: Map<string, readonly [tenantId: string, key: string]>;
  overflowLogged: boolean;
}

/**
 * Wraps a hot state (typically Redis) so that public scans survive its
 * outage. When a cache or rate-limit call fails with `SERVICE_UNAVAILABLE`
 * (see `isTransientFailure`), the failover logs the outage once and from
 * then on answers those calls without the primary: cache reads miss, writes
 * are skipped, deletes are remembered, and rate limits are decided by an
 * in-process token bucket with the same rule (so each process allows the
 * full limit on its own). Calls during the outage probe the primary at most
 * once per `probeIntervalMs`, in the background; once a probe succeeds the
 * remembered deletes are replayed, one line is logged, and everything goes
 * back to the primary.
 *
 * Gates, counters, locks and idempotency keys are never served from process
 * memory (two processes could then both hold one lock or both take the last
 * unit): they go to the primary and fail with its `SERVICE_UNAVAILABLE`, so
 * their callers retry. While the primary is healthy each call costs one
 * extra promise reaction; nothing else is added to it.
 *
 * Use it with a client that fails fast when the server is gone (for
 * ioredis: `failFastRedisOptions` from `@onecode/adapter-redis`), or each
 * call waits for the client's own retries before the failover can answer.
 *
 * @example
 * ```ts
 * const hotState = failoverHotState(redisHotState({ client, ownsClient: true }), {
 *   log: (message, error) => console.warn(message, error),
 * });
 * const onecode = createOneCode({ storage, hotState });
 * ```
 */
export function failoverHotState(
  primary: HotState,
  options: HotStateFailoverOptions = {},
): HotState {
  const log = options.log ?? ((message: string, error?: unknown) => console.warn(message, error));
  const clock = options.clock ?? systemClock;
  const probeIntervalMs = options.probeIntervalMs ?? 1_000;
  const maxPendingDeletes = options.maxPendingDeletes ?? 10_000;
  checkPositiveInteger("probeIntervalMs", probeIntervalMs);
  checkNonNegativeInteger("maxPendingDeletes", maxPendingDeletes);
  let outage: Outage | null = null;

  const begin = (error: unknown): Outage => {
    if (outage) return outage;
    const now = clock.nowMs();
    outage = {
      startedAtMs: now,
      nextProbeAtMs: now + probeIntervalMs,
      probing: false,
      limiter: memoryHotState({ clock }).rateLimiter,
      pendingDeletes: new Map(),
      overflowLogged: false,
    };
    log(
      "[onecode] hot state unavailable: scans read storage without the shared cache and rate-limit in this process; locks, counters and idempotency keys fail until it returns",
      error,
    );
    return outage;
  };

  /** Rethrows anything but an outage; for an outage, answers without the primary. */
  const failedOver = <T>(error: unknown, fallback: (current: Outage) => T): T => {
    if (!isTransientFailure(error)) throw error;
    return fallback(begin(error));
  };

  const replayDeletes = async (current: Outage) => {
    while (current.pendingDeletes.size > 0) {
      const chunk = [...current.pendingDeletes].slice(0, REPLAY_CHUNK);
      await Promise.all(chunk.map(([, [tenantId, key]]) => primary.cache.delete(tenantId, key)));
      for (const [slot] of chunk) current.pendingDeletes.delete(slot);
    }
  };

  const recover = async (current: Outage) => {
    try {
      await primary.cache.get(PROBE_TENANT, PROBE_KEY);
      await replayDeletes(current);
      outage = null;
      const seconds = ((clock.nowMs() - current.startedAtMs) / 1000).toFixed(1);
      log(
        `[onecode] hot state reachable again after ${seconds} s: caches and rate limits are shared again`,
      );
    } catch {
      current.nextProbeAtMs = clock.nowMs() + probeIntervalMs;
    } finally {
      current.probing = false;
    }
  };

  /** Starts a background probe when one is due. */
  const probe = (current: Outage) => {
    if (current.probing || clock.nowMs() < current.nextProbeAtMs) return;
    current.probing = true;
    void recover(current);
  };

  const queueMissedDelete = (current: Outage, tenantId: string, key: string) => {
    const slot = `${tenantId}\u0000${key}`;
    if (current.pendingDeletes.size < maxPendingDeletes || current.pendingDeletes.has(slot)) {
      current.pendingDeletes.set(slot, [tenantId, key]);
    } else if (!current.overflowLogged) {
      current.overflowLogged = true;
      log(
        `[onecode] hot state still unavailable after ${maxPendingDeletes} cache invalidations: later ones are dropped, and the entries they meant expire with their TTL`,
      );
    }
  };

  const missed = () => null;
  const skipped = () => undefined;
  const getFailed = (error: unknown) => failedOver(error, missed);
  const setFailed = (error: unknown) => failedOver(error, skipped);

  // The methods are plain functions returning the primary's promise with
  // one `catch`, so a healthy primary costs one promise reaction more; the
  // outage paths are async so that argument errors reject like elsewhere.
  const cacheDuringOutage = {
    async get(current: Outage, tenantId: string, key: string) {
      checkKey(tenantId, key);
      probe(current);
      return null;
    },
    async set(current: Outage, tenantId: string, key: string, value: string, ttlMs: number) {
      checkKey(tenantId, key);
      checkValue(value);
      checkTtl("ttlMs", ttlMs);
      probe(current);
    },
    async delete(current: Outage, tenantId: string, key: string) {
      checkKey(tenantId, key);
      queueMissedDelete(current, tenantId, key);
      probe(current);
    },
  };

  const cache: HotCache = {
    get(tenantId, key) {
      if (outage) return cacheDuringOutage.get(outage, tenantId, key);
      return primary.cache.get(tenantId, key).catch(getFailed);
    },
    set(tenantId, key, value, ttlMs) {
      if (outage) return cacheDuringOutage.set(outage, tenantId, key, value, ttlMs);
      return primary.cache.set(tenantId, key, value, ttlMs).catch(setFailed);
    },
    delete(tenantId, key) {
      if (outage) return cacheDuringOutage.delete(outage, tenantId, key);
      return primary.cache
        .delete(tenantId, key)
        .catch((error) =>
          failedOver(error, (current) => queueMissedDelete(current, tenantId, key)),
        );
    },
  };

  const rateLimiter: RateLimiter = {
    hit(tenantId, key, policy) {
      if (outage) {
        probe(outage);
        return outage.limiter.hit(tenantId, key, policy);
      }
      return primary.rateLimiter
        .hit(tenantId, key, policy)
        .catch((error) =>
          failedOver(error, (current) => current.limiter.hit(tenantId, key, policy)),
        );
    },
  };

  return {
    gates: primary.gates,
    counters: primary.counters,
    locks: primary.locks,
    idempotency: primary.idempotency,
    cache,
    rateLimiter,
    close: () => primary.close(),
  };
}
