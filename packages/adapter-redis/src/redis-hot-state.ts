import {
  type Clock,
  cryptoRandom,
  type HotState,
  type RandomSource,
  systemClock,
} from "@onecode/core";
import { checkedHotState } from "@onecode/core/adapter-kit";
import { redisCache } from "./cache.js";
import { translatingClient } from "./connection-failures.js";
import { redisCounters } from "./counters.js";
import { redisGates } from "./gates.js";
import { redisIdempotency } from "./idempotency.js";
import { gateKeys, keyBuilder } from "./keys.js";
import { redisLocks } from "./locks.js";
import { redisRateLimiter } from "./rate-limiter.js";
import type { RedisClient } from "./redis-client.js";
import { hotStateTokens } from "./token.js";

/** Options of {@link redisHotState}. */
export interface RedisHotStateOptions {
  /**
   * A connected ioredis `Redis` or `Cluster`, ioredis 5.4 or later or 6
   * (either protocol and reply mapping), or anything with the
   * {@link RedisClient} shape. Several hot states and the rest of the app
   * may share it.
   */
  readonly client: RedisClient;
  /**
   * Prepended to every key, so several apps or environments can share one
   * Redis. Must not contain `{` or `}`. Default `"onecode:"`.
   */
  readonly keyPrefix?: string;
  /**
   * Time for the rate limiter's decisions (expiry is kept by Redis). It must
   * run at real-time speed, like the default `systemClock`: a rate state's
   * key expires in Redis when the clock says its window is over.
   */
  readonly clock?: Clock;
  /** Source of lock, claim and receipt tokens. Default: the platform CSPRNG (`cryptoRandom`). */
  readonly random?: RandomSource;
  /**
   * True when the hot state owns `client`: `close()` then quits it. Default
   * `false`: `close()` leaves an injected client open for its other users.
   */
  readonly ownsClient?: boolean;
}

/**
 * The Redis hot-state adapter. Every read-then-write (a gate, counter take
 * and give, rate-limit hit, lock renew and release, idempotency claim,
 * complete and release) is one Lua script, so it stays atomic across any
 * number of app instances; each call costs one round trip (a gate's undo
 * two). Keys are `${keyPrefix}{${tenantId}}:${kind}:${key}`, the tenant
 * being the cluster hash tag, and a gate's keys are
 * `${keyPrefix}{${tenantId}:${scope}}:${kind}:${key}`, tenant and scope
 * being the tag: every script touches keys of one slot, so the adapter runs
 * on a single Redis and on a Redis Cluster (pass an ioredis `Cluster`)
 * alike. Tenant ids are `[A-Za-z0-9_-]` and braces in a scope are encoded,
 * so no two tenants or scopes can share a key. Time-to-live values use
 * Redis expiry (`PX`).
 *
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { createOneCode } from "@onecode/core";
 * import { redisHotState } from "@onecode/adapter-redis";
 *
 * const client = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
 * const hotState = redisHotState({ client, keyPrefix: "shop:", ownsClient: true });
 * const onecode = createOneCode({ hotState });
 *
 * const take = await hotState.counters.take("acme", "flash-sale:sku-1", 1, { limit: 500 });
 * if (!take.ok) console.log("sold out");
 * await onecode.close(); // closes the hot state, which quits the client it owns
 * ```
 */
export function redisHotState(options: RedisHotStateOptions): HotState {
  const client = translatingClient(options.client);
  const keyPrefix = options.keyPrefix ?? "onecode:";
  const keyOf = keyBuilder(keyPrefix);
  const newToken = hotStateTokens(options.random ?? cryptoRandom);
  return checkedHotState({
    gates: redisGates(client, gateKeys(keyPrefix), newToken),
    counters: redisCounters(client, keyOf),
    rateLimiter: redisRateLimiter(client, keyOf, options.clock ?? systemClock),
    cache: redisCache(client, keyOf),
    locks: redisLocks(client, keyOf, newToken),
    idempotency: redisIdempotency(client, keyOf, newToken),
    async close() {
      if (!options.ownsClient) return;
      try {
        await options.client.quit();
      } catch (error) {
        // Unreachable: there is nothing to flush, only reconnect attempts to stop.
        if (!options.client.disconnect) throw error;
        options.client.disconnect();
      }
    },
  });
}
