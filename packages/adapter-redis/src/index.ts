/**
 * `@onecode/adapter-redis`: OneCode's hot state (gates, atomic counters, GCRA
 * rate limits, caches, leased locks, idempotency keys) in Redis or a Redis
 * Cluster, each read-then-write one Lua script. Start with
 * {@link redisHotState}; connect the client with {@link failFastRedisOptions}
 * (a `Cluster` with {@link failFastClusterOptions}) so that an outage fails
 * fast with `SERVICE_UNAVAILABLE`, which `failoverHotState` from
 * `@onecode/core` turns into storage-only scans.
 *
 * @packageDocumentation
 */
export { isConnectionFailure } from "./connection-failures.js";
export { failFastClusterOptions, failFastRedisOptions } from "./fail-fast-options.js";
export type { RedisClient } from "./redis-client.js";
export { type RedisHotStateOptions, redisHotState } from "./redis-hot-state.js";
