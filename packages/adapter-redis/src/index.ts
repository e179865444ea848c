/**
 * `@onecode/adapter-redis`: OneCode's hot state (atomic counters, GCRA rate
 * limits, caches, leased locks, idempotency keys) in Redis, each
 * read-then-write one Lua script. Start with {@link redisHotState}.
 *
 * @packageDocumentation
 */
export type { RedisClient } from "./redis-client.js";
export { type RedisHotStateOptions, redisHotState } from "./redis-hot-state.js";
