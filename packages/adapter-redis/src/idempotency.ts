import type { IdempotencyClaim, IdempotencyKeys } from "@onecode/core";
import type { KeyBuilder } from "./keys.js";
import { luaScript, runScript } from "./lua-script.js";
import type { RedisClient } from "./redis-client.js";
import { arrayReply, stringOrNullReply, unexpectedReply } from "./replies.js";

/**
 * Stored values: `IN_PROGRESS` while the first caller runs, `COMPLETED_TAG`
 * followed by the result once it finished. The tag keeps an empty result
 * distinguishable from a running operation.
 */
const IN_PROGRESS = "P";
const COMPLETED_TAG = "C";

/**
 * KEYS[1] idempotency key; ARGV in-progress value, completed tag, ttl ms.
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

/** KEYS[1] idempotency key; ARGV in-progress value. Deletes the key only while its operation runs. */
const RELEASE = luaScript(
  "idempotency.release",
  `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
end
return 0`,
);

/**
 * Idempotency keys. `claim` and `release` read and write in one Lua script
 * each; `complete` is a single SET PX. A completed key keeps its result
 * through a late `release`, so an operation can never run twice.
 */
export function redisIdempotency(client: RedisClient, keyOf: KeyBuilder): IdempotencyKeys {
  return {
    async claim(tenantId, key, ttlMs): Promise<IdempotencyClaim> {
      const ttl = String(ttlMs);
      const reply = await runScript(
        client,
        CLAIM,
        [keyOf("idem", tenantId, key)],
        [IN_PROGRESS, COMPLETED_TAG, ttl],
      );
      const [state, result] = arrayReply(reply, 1, CLAIM.name);
      if (state === "claimed") return { state: "claimed" };
      if (state === "in_progress") return { state: "in_progress" };
      const stored = stringOrNullReply(result ?? null, CLAIM.name);
      if (state === "completed" && stored !== null) return { state: "completed", result: stored };
      throw unexpectedReply(CLAIM.name);
    },
    async complete(tenantId, key, result, ttlMs) {
      const ttl = String(ttlMs);
      await client.call(
        "SET",
        keyOf("idem", tenantId, key),
        `${COMPLETED_TAG}${result}`,
        "PX",
        ttl,
      );
    },
    async release(tenantId, key) {
      await runScript(client, RELEASE, [keyOf("idem", tenantId, key)], [IN_PROGRESS]);
    },
  };
}
