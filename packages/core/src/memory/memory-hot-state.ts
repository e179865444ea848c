import { encodeBase64Url } from "../kernel/base64url.js";
import { type Clock, systemClock } from "../kernel/clock.js";
import { cryptoRandom, type RandomSource } from "../kernel/random.js";
import { checkedHotState } from "../ports/checked-hot-state.js";
import type { HotState, IdempotencyClaim } from "../ports/hot-state.js";
import { type TokenBucketState, tokenBucketStep } from "../ports/token-bucket.js";
import { memoryGates } from "./memory-gates.js";

type Value = number | string | TokenBucketState;

interface Entry {
  value: Value;
  /** `Infinity` for no expiry. */
  expiresAt: number;
}

/** How many writes between sweeps of expired entries, so memory stays bounded. */
const SWEEP_EVERY = 1000;
/** Prefix of a running claim's idempotency value; its fencing token follows. */
const IN_PROGRESS = "~";
/** Prefix of a completed idempotency value, so an empty result differs from a running claim. */
const COMPLETED = "=";

/**
 * The in-memory hot-state adapter. Time comes from the injected clock, so
 * expiry is deterministic under a `ManualClock`. Every method completes in
 * one synchronous step, which makes it atomic in a single Node process.
 *
 * @example
 * ```ts
 * const hotState = memoryHotState({ clock: new ManualClock("2026-01-01") });
 * ```
 */
export function memoryHotState(options: { clock?: Clock; random?: RandomSource } = {}): HotState {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? cryptoRandom;
  const entries = new Map<string, Entry>();
  let writes = 0;

  const slotOf = (kind: string, tenantId: string, key: string) =>
    `${kind}\u0000${tenantId}\u0000${key}`;
  const read = (slot: string): Entry | null => {
    const entry = entries.get(slot);
    if (!entry) return null;
    if (entry.expiresAt <= clock.nowMs()) {
      entries.delete(slot);
      return null;
    }
    return entry;
  };
  const write = (slot: string, value: Value, ttlMs: number | undefined) => {
    entries.set(slot, {
      value,
      expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : clock.nowMs() + ttlMs,
    });
    if (++writes % SWEEP_EVERY === 0) {
      const now = clock.nowMs();
      for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
    }
  };
  const newToken = () => encodeBase64Url(random.fill(new Uint8Array(16)));

  return checkedHotState({
    gates: memoryGates({
      read: (slot) => read(slot)?.value as number | string | undefined,
      write,
      update(slot, value) {
        const entry = read(slot);
        if (entry) entry.value = value;
      },
      remove: (slot) => entries.delete(slot),
      slotOf,
      newToken,
    }),
    counters: {
      async take(tenantId, key, amount, { limit, ttlMs }) {
        const slot = slotOf("counter", tenantId, key);
        const entry = read(slot);
        const current = (entry?.value as number | undefined) ?? 0;
        if (current + amount > limit) return { ok: false, value: current };
        if (entry) entry.value = current + amount;
        else write(slot, amount, ttlMs);
        return { ok: true, value: current + amount };
      },
      async give(tenantId, key, amount) {
        const slot = slotOf("counter", tenantId, key);
        const entry = read(slot);
        if (!entry) return 0;
        entry.value = Math.max(0, (entry.value as number) - amount);
        return entry.value;
      },
      async get(tenantId, key) {
        return (read(slotOf("counter", tenantId, key))?.value as number | undefined) ?? 0;
      },
    },
    rateLimiter: {
      async hit(tenantId, key, { limit, windowMs }) {
        const slot = slotOf("rate", tenantId, `${limit}/${windowMs}:${key}`);
        const stored = (read(slot)?.value as TokenBucketState | undefined) ?? null;
        const step = tokenBucketStep(stored, clock.nowMs(), limit, windowMs);
        if (step.next) write(slot, step.next, step.ttlMs);
        return step.decision;
      },
    },
    cache: {
      async get(tenantId, key) {
        return (read(slotOf("cache", tenantId, key))?.value as string | undefined) ?? null;
      },
      async set(tenantId, key, value, ttlMs) {
        const slot = slotOf("cache", tenantId, key);
        write(slot, value, ttlMs);
      },
      async delete(tenantId, key) {
        entries.delete(slotOf("cache", tenantId, key));
      },
    },
    locks: {
      async acquire(tenantId, key, ttlMs) {
        const slot = slotOf("lock", tenantId, key);
        if (read(slot)) return null;
        const token = newToken();
        write(slot, token, ttlMs);
        return token;
      },
      async renew(tenantId, key, token, ttlMs) {
        const slot = slotOf("lock", tenantId, key);
        if (read(slot)?.value !== token) return false;
        write(slot, token, ttlMs);
        return true;
      },
      async release(tenantId, key, token) {
        const slot = slotOf("lock", tenantId, key);
        if (read(slot)?.value !== token) return false;
        entries.delete(slot);
        return true;
      },
    },
    idempotency: {
      async claim(tenantId, key, ttlMs): Promise<IdempotencyClaim> {
        const slot = slotOf("idem", tenantId, key);
        const entry = read(slot);
        if (!entry) {
          const token = newToken();
          write(slot, `${IN_PROGRESS}${token}`, ttlMs);
          return { state: "claimed", token };
        }
        const stored = entry.value as string;
        return stored.startsWith(COMPLETED)
          ? { state: "completed", result: stored.slice(COMPLETED.length) }
          : { state: "in_progress" };
      },
      async complete(tenantId, key, token, result, ttlMs) {
        const slot = slotOf("idem", tenantId, key);
        const stored = read(slot)?.value;
        // A free key means the claim expired and nobody else ran the operation since.
        if (stored !== undefined && stored !== `${IN_PROGRESS}${token}`) return false;
        write(slot, `${COMPLETED}${result}`, ttlMs);
        return true;
      },
      async release(tenantId, key, token) {
        const slot = slotOf("idem", tenantId, key);
        if (read(slot)?.value !== `${IN_PROGRESS}${token}`) return false;
        entries.delete(slot);
        return true;
      },
    },
    async close() {
      entries.clear();
    },
  });
}
