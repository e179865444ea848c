import type { AtomicCounters } from "@onecode/core";
import type { KeyBuilder } from "./keys.js";
import { luaScript, runScript } from "./lua-script.js";
import type { RedisClient } from "./redis-client.js";
import { arrayReply, integerReply } from "./replies.js";

/**
 * KEYS[1] counter; ARGV amount, limit, ttl ms ("" for none). Replies
 * {1, value} when taken, {0, value} when refused. The ttl is applied only when
 * the take creates the counter; INCRBY keeps an existing counter's expiry.
 */
const TAKE = luaScript(
  "counters.take",
  `local stored = redis.call('GET', KEYS[1])
local current = 0
if stored then current = tonumber(stored) end
if current + tonumber(ARGV[1]) > tonumber(ARGV[2]) then
  return {0, current}
end
if stored then
  return {1, redis.call('INCRBY', KEYS[1], ARGV[1])}
end
if ARGV[3] == '' then
  redis.call('SET', KEYS[1], ARGV[1])
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
end
return {1, tonumber(ARGV[1])}`,
);

/**
 * KEYS[1] counter; ARGV amount. Floors at 0 by decrementing at most the
 * stored value; DECRBY keeps the counter's expiry. An absent counter stays
 * absent and reads 0.
 */
const GIVE = luaScript(
  "counters.give",
  `local stored = redis.call('GET', KEYS[1])
if not stored then return 0 end
if tonumber(stored) <= tonumber(ARGV[1]) then
  return redis.call('DECRBY', KEYS[1], stored)
end
return redis.call('DECRBY', KEYS[1], ARGV[1])`,
);

/** Atomic counters: `take` and `give` are one Lua script each. */
export function redisCounters(client: RedisClient, keyOf: KeyBuilder): AtomicCounters {
  return {
    async take(tenantId, key, amount, { limit, ttlMs }) {
      const args = [String(amount), String(limit), ttlMs === undefined ? "" : String(ttlMs)];
      const reply = await runScript(client, TAKE, [keyOf("counter", tenantId, key)], args);
      const [ok, value] = arrayReply(reply, 2, TAKE.name);
      return { ok: ok === 1, value: integerReply(value, TAKE.name) };
    },
    async give(tenantId, key, amount) {
      const args = [String(amount)];
      const reply = await runScript(client, GIVE, [keyOf("counter", tenantId, key)], args);
      return integerReply(reply, GIVE.name);
    },
    async get(tenantId, key) {
      const reply = await client.call("GET", keyOf("counter", tenantId, key));
      return reply === null ? 0 : integerReply(reply, "counters.get");
    },
  };
}
