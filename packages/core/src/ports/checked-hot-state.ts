import { checkGatePass, checkGateReceipt } from "./gate-arguments.js";
import type { HotState } from "./hot-state.js";
import {
  checkGateScope,
  checkKey,
  checkNonNegativeInteger,
  checkPositiveInteger,
  checkRatePolicy,
  checkToken,
  checkTtl,
  checkValue,
} from "./hot-state-arguments.js";

/**
 * Wraps a hot-state adapter so every call is checked against the port's
 * argument rules before the adapter sees it. Adapters return
 * `checkedHotState(impl)` and can then trust their arguments; all of them
 * refuse exactly the same inputs with the same `RangeError`s, as rejected
 * promises like any other failure of a port method.
 */
export function checkedHotState(inner: HotState): HotState {
  const { gates, counters, rateLimiter, cache, locks, idempotency } = inner;
  return {
    gates: {
      async pass(tenantId, scope, steps, options) {
        checkGatePass(tenantId, scope, steps, options);
        return gates.pass(tenantId, scope, steps, options);
      },
      async undo(tenantId, receipt) {
        checkGateReceipt(tenantId, receipt);
        return gates.undo(tenantId, receipt);
      },
      async setFlag(tenantId, scope, key, on) {
        checkGateScope(tenantId, scope);
        checkKey(tenantId, key);
        if (typeof on !== "boolean") throw new RangeError("on must be a boolean");
        return gates.setFlag(tenantId, scope, key, on);
      },
      async counter(tenantId, scope, key) {
        checkGateScope(tenantId, scope);
        checkKey(tenantId, key);
        return gates.counter(tenantId, scope, key);
      },
      async isClaimed(tenantId, scope, key) {
        checkGateScope(tenantId, scope);
        checkKey(tenantId, key);
        return gates.isClaimed(tenantId, scope, key);
      },
      async flag(tenantId, scope, key) {
        checkGateScope(tenantId, scope);
        checkKey(tenantId, key);
        return gates.flag(tenantId, scope, key);
      },
    },
    counters: {
      async take(tenantId, key, amount, options) {
        checkKey(tenantId, key);
        checkPositiveInteger("amount", amount);
        checkNonNegativeInteger("limit", options.limit);
        if (options.ttlMs !== undefined) checkTtl("ttlMs", options.ttlMs);
        return counters.take(tenantId, key, amount, options);
      },
      async give(tenantId, key, amount) {
        checkKey(tenantId, key);
        checkPositiveInteger("amount", amount);
        return counters.give(tenantId, key, amount);
      },
      async get(tenantId, key) {
        checkKey(tenantId, key);
        return counters.get(tenantId, key);
      },
    },
    rateLimiter: {
      async hit(tenantId, key, options) {
        checkKey(tenantId, key);
        checkRatePolicy(options.limit, options.windowMs);
        return rateLimiter.hit(tenantId, key, options);
      },
    },
    cache: {
      async get(tenantId, key) {
        checkKey(tenantId, key);
        return cache.get(tenantId, key);
      },
      async set(tenantId, key, value, ttlMs) {
        checkKey(tenantId, key);
        checkValue(value);
        checkTtl("ttlMs", ttlMs);
        return cache.set(tenantId, key, value, ttlMs);
      },
      async delete(tenantId, key) {
        checkKey(tenantId, key);
        return cache.delete(tenantId, key);
      },
    },
    locks: {
      async acquire(tenantId, key, ttlMs) {
        checkKey(tenantId, key);
        checkTtl("ttlMs", ttlMs);
        return locks.acquire(tenantId, key, ttlMs);
      },
      async renew(tenantId, key, token, ttlMs) {
        checkKey(tenantId, key);
        checkTtl("ttlMs", ttlMs);
        checkToken(token);
        return locks.renew(tenantId, key, token, ttlMs);
      },
      async release(tenantId, key, token) {
        checkKey(tenantId, key);
        checkToken(token);
        return locks.release(tenantId, key, token);
      },
    },
    idempotency: {
      async claim(tenantId, key, ttlMs) {
        checkKey(tenantId, key);
        checkTtl("ttlMs", ttlMs);
        return idempotency.claim(tenantId, key, ttlMs);
      },
      async complete(tenantId, key, token, result, ttlMs) {
        checkKey(tenantId, key);
        checkToken(token);
        checkValue(result);
        checkTtl("ttlMs", ttlMs);
        return idempotency.complete(tenantId, key, token, result, ttlMs);
      },
      async release(tenantId, key, token) {
        checkKey(tenantId, key);
        checkToken(token);
        return idempotency.release(tenantId, key, token);
      },
    },
    close: () => inner.close(),
  };
}
