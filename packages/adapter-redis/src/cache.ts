import type { HotCache } from "@onecode/core";
import type { KeyBuilder } from "./keys.js";
import type { RedisClient } from "./redis-client.js";
import { stringOrNullReply } from "./replies.js";

/** The string cache: plain GET, SET PX and UNLINK (each one atomic by itself). */
export function redisCache(client: RedisClient, keyOf: KeyBuilder): HotCache {
  return {
    async get(tenantId, key) {
      return stringOrNullReply(
        await client.call("GET", keyOf("cache", tenantId, key)),
        "cache.get",
      );
    },
    async set(tenantId, key, value, ttlMs) {
      const ttl = String(ttlMs);
      await client.call("SET", keyOf("cache", tenantId, key), value, "PX", ttl);
    },
    async delete(tenantId, key) {
      await client.call("UNLINK", keyOf("cache", tenantId, key));
    },
  };
}
