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

/**
 * The same for an ioredis `Cluster` (`new Cluster(nodes, {
 * ...failFastClusterOptions, lazyConnect: true })`): ioredis's cluster
 * defaults re-send a command to a lost primary, or to a cluster that says
 * `CLUSTERDOWN`, every 100 ms until 16 redirections have passed, so each
 * command of an outage waits one to two seconds.
 *
 * - `enableOfflineQueue: false`: a command sent before the cluster is ready
 *   fails instead of waiting.
 * - `retryDelayOnFailover: 0`, `retryDelayOnClusterDown: 0`: a command whose
 *   primary's connection closed, or that the cluster refuses as down, fails
 *   at once. `MOVED` and `ASK` redirections (resharding, a promoted
 *   replica) are still followed.
 * - `clusterRetryStrategy`: when every node is lost, reconnect at most
 *   every second.
 * - `redisOptions`: each node's connection times commands out after 500 ms
 *   (a silent primary) and does not re-send them after a reconnect, as in
 *   {@link failFastRedisOptions}.
 */
export const failFastClusterOptions = {
  enableOfflineQueue: false,
  retryDelayOnFailover: 0,
  retryDelayOnClusterDown: 0,
  clusterRetryStrategy: (attempt: number): number => Math.min(attempt * 100, 1_000),
  redisOptions: {
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    connectTimeout: 2_000,
  },
} as const;
