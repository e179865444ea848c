// Removing a benchmark's Redis keys at the end of its run.
import { Redis } from "ioredis";

/** Deletes every key starting with `prefix` on `url`; reports, never throws. */
export async function removeRedisKeys(url, prefix) {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } catch (error) {
    console.error(`could not remove Redis keys ${prefix}*: ${error.message}`);
  } finally {
    redis.disconnect();
  }
}
