import { runHotStateSuite, serviceSkipReason, sleep } from "@onecode/core/testing";
import { redisHotState } from "../src/index.js";
import {
  type DriverClient,
  deleteKeysUnder,
  redisDrivers,
  redisProbe,
  redisUrl,
  uniquePrefix,
} from "./redis-server.js";

const skip = await serviceSkipReason(redisProbe);

for (const driver of redisDrivers) {
  const keyPrefix = uniquePrefix("conformance");
  const open = () => driver.open(redisUrl, { connectTimeout: 2_000, maxRetriesPerRequest: 1 });
  let client: DriverClient | undefined;

  runHotStateSuite({
    name: `redis (${driver.name})`,
    skip,
    create: async () => {
      client = open();
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
        redisHotState({ client: open(), keyPrefix, ownsClient: true }),
    },
  });
}
