import { failFastRedisOptions, redisHotState } from "@onecode/adapter-redis";
import { failoverHotState, type HotState } from "@onecode/core";
import { Redis } from "ioredis";
import { unreachable } from "./unreachable-service.js";

/** Options of {@link openRedisHotState}. */
export interface RedisHotStateSettings {
  /** `REDIS_URL`. */
  readonly url: string;
  readonly keyPrefix: string | undefined;
  /** Receives the failover's two lines per outage (start and end). */
  readonly log: (message: string, error?: unknown) => void;
}

/**
 * Connects to Redis and returns the hot state on it, behind core's
 * failover: while Redis is unreachable, scans answer from storage with
 * in-process rate limits, and the outage is logged once when it starts and
 * once when it ends. The client fails commands at once while disconnected
 * (`failFastRedisOptions`) and sends the commands of one event-loop turn
 * as one write (auto-pipelining: under scan load it divides the socket
 * writes, the dearest part of a Redis call here, by the number of
 * requests). Fails with a message naming `REDIS_URL` when Redis cannot be
 * reached at start.
 */
export async function openRedisHotState(settings: RedisHotStateSettings): Promise<HotState> {
  const client = new Redis(settings.url, {
    ...failFastRedisOptions,
    lazyConnect: true,
    enableAutoPipelining: true,
  });
  // ioredis reports socket errors as events (printing each one when nobody
  // listens) and rejects `connect` with a generic "Connection is closed".
  // Keep the first, which names the cause; the failover logs later outages.
  let firstError: unknown;
  client.on("error", (error: unknown) => {
    firstError ??= error;
  });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw unreachable("REDIS_URL", "Redis", settings.url, firstError ?? error);
  }
  const hotState = redisHotState({
    client,
    ownsClient: true,
    ...(settings.keyPrefix !== undefined && { keyPrefix: settings.keyPrefix }),
  });
  return failoverHotState(hotState, { log: settings.log });
}
