import type { Locks } from "@onecode/core";
import type { KeyBuilder } from "./keys.js";
import { luaScript, runScript } from "./lua-script.js";
import type { RedisClient } from "./redis-client.js";
import { integerReply } from "./replies.js";

/** KEYS[1] lock; ARGV token, ttl ms. Replies 1 when the token held the lock and its lease was reset. */
const RENEW = luaScript(
  "locks.renew",
  `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`,
);

/** KEYS[1] lock; ARGV token. Replies 1 when the token held the lock and it was deleted. */
const RELEASE = luaScript(
  "locks.release",
  `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`,
);

/**
 * Leased locks. `acquire` is one `SET NX PX` (atomic by itself); renew and
 * release compare the token and act in one Lua script, so a holder whose
 * lease ran out cannot touch the next holder's lock.
 */
export function redisLocks(client: RedisClient, keyOf: KeyBuilder, newToken: () => string): Locks {
  return {
    async acquire(tenantId, key, ttlMs) {
      const ttl = String(ttlMs);
      const token = newToken();
      const reply = await client.call("SET", keyOf("lock", tenantId, key), token, "NX", "PX", ttl);
      return reply === "OK" ? token : null;
    },
    async renew(tenantId, key, token, ttlMs) {
      const ttl = String(ttlMs);
      const reply = await runScript(client, RENEW, [keyOf("lock", tenantId, key)], [token, ttl]);
      return integerReply(reply, RENEW.name) === 1;
    },
    async release(tenantId, key, token) {
      const reply = await runScript(client, RELEASE, [keyOf("lock", tenantId, key)], [token]);
      return integerReply(reply, RELEASE.name) === 1;
    },
  };
}
