import { runHotStateSuite, serviceSkipReason, sleep } from "@onecode/core/testing";
import type { Redis } from "ioredis";
import { redisHotState } from "../src/index.js";
import { deleteKeysUnder, openClient, redisProbe, uniquePrefix } from "./redis-server.js";

const skip = await serviceSkipReason(redisProbe);
const keyPrefix = uniquePrefix("conformance");
let client: Redis | undefined;

runHotStateSuite({
  name: "redis",
  skip,
  create: async () => {
    client = openClient();
    // Redis keeps time for expiry, so letting time pass means really waiting.
    return { hotState: redisHotState({ client, keyPrefix }), advanceTime: sleep };
  },
  destroy: async ({ hotState }) => {
    await hotState.close();
    if (!client) return;
    await deleteKeysUnder(client, keyPrefix);
    await client.quit();
  },
  capabilities: {
    // Another connection, as another app instance would have; same prefix, same state.
    sharedAcrossInstances: async () =>
      redisHotState({ client: openClient(), keyPrefix, ownsClient: true }),
  },
});
