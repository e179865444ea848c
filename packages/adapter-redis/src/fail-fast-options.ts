/**
 * ioredis options under which an unreachable Redis fails each command at
 * once with `SERVICE_UNAVAILABLE` instead of holding it: ioredis's defaults
 * queue commands while it reconnects and retry each up to 20 times, so a
 * request waits seconds before anything can fall back. Spread them into the
 * client's options (`new Redis(url, { ...failFastRedisOptions })`) and put
 * `failoverHotState` from `@onecode/core` around the hot state.
 *
 * - `enableOfflineQueue: false`: a command sent while disconnected fails
 *   instead of waiting for the reconnect.
 * - `maxRetriesPerRequest: 0`: commands in flight when the connection drops
 *   fail instead of being sent again after a reconnect.
 * - `commandTimeout: 500`: a silent network (no reset, no refusal) fails a
 *   command after 500 ms. A command that timed out may still have run:
 *   a counter take then stays taken (an undersell, never an oversell).
 * - `connectTimeout: 2000` and a reconnect at most every second, so the
 *   client is connected again within about a second of Redis returning.
 *
 * Connect before serving (`lazyConnect: true` and `await client.connect()`),
 * since commands sent before the first connection fail too; and listen to
 * the client's `error` events, or ioredis prints every reconnect failure.
 */
export const failFastRedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 500,
  connectTimeout: 2_000,
  retryStrategy: (attempt: number): number => Math.min(attempt * 100, 1_000),
} as const;
