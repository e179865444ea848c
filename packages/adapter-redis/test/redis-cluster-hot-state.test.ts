import { runHotStateSuite, serviceSkipReason, sleep } from "@onecode/core/testing";
import { redisHotState } from "../src/index.js";
import {
  type ClusterClient,
  clusterDrivers,
  clusterProbe,
  deleteClusterKeysUnder,
} from "./redis-cluster.js";
import { uniquePrefix } from "./redis-server.js";

// The same conformance suite as redis-hot-state.test.ts, through ioredis'
// Cluster client against a Redis Cluster of three primaries: every script's
// keys must hash to one slot, or the cluster refuses it with CROSSSLOT.
const skip = await serviceSkipReason(clusterProbe);

for (const driver of clusterDrivers) {
  const keyPrefix = uniquePrefix("cluster-conformance");
  let client: ClusterClient | undefined;

  runHotStateSuite({
    name: `redis cluster (${driver.name})`,
    skip,
    create: async () => {
      client = driver.open();
      // Redis keeps time for expiry, so letting time pass means really waiting.
      return { hotState: redisHotState({ client, keyPrefix }), advanceTime: sleep };
    },
    destroy: async ({ hotState }) => {
      await hotState.close();
      if (!client) return;
      await deleteClusterKeysUnder(client, keyPrefix);
      await client.quit();
    },
    capabilities: {
      // Another cluster client, as another app instance would have; same prefix, same state.
      sharedAcrossInstances: async () =>
        redisHotState({ client: driver.open(), keyPrefix, ownsClient: true }),
    },
  });
}
