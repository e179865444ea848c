import type { Clock, RateLimiter } from "@onecode/core";
import type { KeyBuilder } from "./keys.js";
import { luaScript, runScript } from "./lua-script.js";
import type { RedisClient } from "./redis-client.js";
import { arrayReply, integerReply } from "./replies.js";

/**
 * Core's `tokenBucketStep`, line for line. All values are integers below
 * 2^53 (core's `checkRatePolicy` guarantees it), which Lua's doubles hold
 * exactly, so every decision matches the other adapters'. KEYS[1] holds
 * "credits:updatedAtMs"; ARGV now (whole ms), limit, window ms. Replies
 * {allowed (1/0), remaining, retryAfterMs}. The key expires when the bucket
 * would be full again, from when on a missing key decides the same way.
 */
const HIT = luaScript(
  "rateLimiter.hit",
  `local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local capacity = limit * window
local credits = capacity
local stored = redis.call('GET', KEYS[1])
if stored then
  local sep = string.find(stored, ':', 1, true)
  local elapsed = math.min(math.max(now - tonumber(string.sub(stored, sep + 1)), 0), window)
  credits = math.min(capacity, tonumber(string.sub(stored, 1, sep - 1)) + elapsed * limit)
end
if credits < window then
  return {0, 0, math.ceil((window - credits) / limit)}
end
local left = credits - window
local ttl = math.ceil((capacity - left) / limit)
redis.call('SET', KEYS[1], string.format('%.0f:%.0f', left, now), 'PX', string.format('%.0f', ttl))
return {1, math.floor(left / window), 0}`,
);

/**
 * The token-bucket rate limiter. Time is the injected clock's `nowMs()`,
 * sent as a script argument, so all app instances decide by the same
 * arithmetic as core's `tokenBucketStep`; Redis's own clock only drives the
 * key's expiry.
 */
export function redisRateLimiter(
  client: RedisClient,
  keyOf: KeyBuilder,
  clock: Clock,
): RateLimiter {
  return {
    async hit(tenantId, key, { limit, windowMs }) {
      // The policy is part of the bucket (as in the other adapters): one key
      // limited under two policies keeps two independent states.
      const slot = keyOf("rate", tenantId, `${limit}/${windowMs}:${key}`);
      const reply = await runScript(
        client,
        HIT,
        [slot],
        [String(Math.floor(clock.nowMs())), String(limit), String(windowMs)],
      );
      const [allowed, remaining, retryAfterMs] = arrayReply(reply, 3, HIT.name);
      return {
        allowed: allowed === 1,
        remaining: integerReply(remaining, HIT.name),
        retryAfterMs: integerReply(retryAfterMs, HIT.name),
      };
    },
  };
}
