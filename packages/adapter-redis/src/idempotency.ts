import type { IdempotencyClaim, IdempotencyKeys } from "@onecode/core";
import type { KeyBuilder } from "./keys.js";
import { luaScript, runScript } from "./lua-script.js";
import type { RedisClient } from "./redis-client.js";
import { arrayReply, integerReply, stringOrNullReply, unexpectedReply } from "./replies.js";

/**
 * Stored values: `IN_PROGRESS_TAG` followed by the claim's fencing token
 * while the first caller runs, `COMPLETED_TAG` followed by the result once it
 * finished. The tags keep an empty result distinguishable from a running
 * operation.
 */
const IN_PROGRESS_TAG = "P";
const COMPLETED_TAG = "C";

/**
 * KEYS[1] idempotency key; ARGV in-progress value (tag + token), completed tag, ttl ms.
 * Replies {"claimed"}, {"in_progress"} or {"completed", result}.
 */
const CLAIM = luaScript(
  "idempotency.claim",
  `local stored = redis.call('GET', KEYS[1])
if not stored then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
  return {'claimed'}
end
if string.sub(stored, 1, 1) == ARGV[2] then
  return {'completed', string.sub(stored, 2)}
end
return {'in_progress'}`,
);

/**
 * KEYS[1] idempotency key; ARGV in-progress value of the caller's claim,
 * completed value, ttl ms. Stores the result when the key is free or still
 * holds that claim; replies 1 when stored, 0 when another claim or a result
 * is there.
 */
const COMPLETE = luaScript(
  "idempotency.complete",
  `local stored = redis.call('GET', KEYS[1])
if stored and stored ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`,
);

/**
 * KEYS[1] idempotency key; ARGV in-progress value of the caller's claim.
 * Deletes the key only while that claim's operation runs; replies 1 when deleted.
 */
const RELEASE = luaScript(
  "idempotency.release",
  `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`,
);

/**
 * Idempotency keys. `claim`, `complete` and `release` read and write in one
 * Lua script each, comparing the claim's fencing token, so a holder whose
 * claim expired cannot overwrite or drop a newer holder's. A completed key
 * keeps its result through a late `release`, so an operation can never run
 * twice.
 */
export function redisIdempotency(
  client: RedisClient,
  keyOf: KeyBuilder,
  newToken: () => string,
): IdempotencyKeys {
  return {
    async claim(tenantId, key, ttlMs): Promise<IdempotencyClaim> {
      const ttl = String(ttlMs);
      const token = newToken();
      const reply = await runScript(
        client,
        CLAIM,
        [keyOf("idem", tenantId, key)],
        [`${IN_PROGRESS_TAG}${token}`, COMPLETED_TAG, ttl],
      );
      const [state, result] = arrayReply(reply, 1, CLAIM.name);
      if (state === "claimed") return { state: "claimed", token };
      if (state === "in_progress") return { state: "in_progress" };
      const stored = stringOrNullReply(result ?? null, CLAIM.name);
      if (state === "completed" && stored !== null) return { state: "completed", result: stored };
      throw unexpectedReply(CLAIM.name);
    },
    async complete(tenantId, key, token, result, ttlMs) {
      const reply = await runScript(
        client,
        COMPLETE,
        [keyOf("idem", tenantId, key)],
        [`${IN_PROGRESS_TAG}${token}`, `${COMPLETED_TAG}${result}`, String(ttlMs)],
      );
      return integerReply(reply, COMPLETE.name) === 1;
    },
    async release(tenantId, key, token) {
      const reply = await runScript(
        client,
        RELEASE,
        [keyOf("idem", tenantId, key)],
        [`${IN_PROGRESS_TAG}${token}`],
      );
      return integerReply(reply, RELEASE.name) === 1;
    },
  };
}
