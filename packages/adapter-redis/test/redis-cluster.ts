import type { ServiceProbe } from "@onecode/core/testing";
import { Cluster } from "ioredis";
import { Cluster as Cluster5 } from "ioredis5";
import type { RedisClient } from "../src/index.js";
import { keysUnder } from "./redis-server.js";

/**
 * The Redis Cluster the cluster suites run against:
 * `REDIS_CLUSTER_NODES=127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002`, as
 * `scripts/redis-cluster.sh` prints it.
 */
export const clusterNodesSetting = process.env.REDIS_CLUSTER_NODES ?? "";

/** The startup nodes named by `REDIS_CLUSTER_NODES`. */
export const clusterNodes: readonly { readonly host: string; readonly port: number }[] =
  clusterNodesSetting
    .split(",")
    .map((node) => node.trim())
    .filter(Boolean)
    .map((node) => {
      const colon = node.lastIndexOf(":");
      return { host: node.slice(0, colon), port: Number(node.slice(colon + 1)) };
    });

/** A cluster client of one ioredis major, as the adapter and the tests use it. */
export interface ClusterClient extends RedisClient {
  connect(): Promise<void>;
  disconnect(): void;
  /** The clients of the cluster's primaries. */
  nodes(role: "master"): RedisClient[];
}

/** A supported ioredis release line's `Cluster` (see `redisDrivers`). */
export interface ClusterDriver {
  readonly name: string;
  open(): ClusterClient;
}

const nodeOptions = { connectTimeout: 2_000, maxRetriesPerRequest: 1 };

export const clusterDrivers: readonly ClusterDriver[] = [
  {
    name: "ioredis 6 Cluster",
    open: () => new Cluster([...clusterNodes], { redisOptions: nodeOptions }),
  },
  {
    name: "ioredis 6 Cluster (RESP3 reply mapping)",
    open: () =>
      new Cluster([...clusterNodes], {
        redisOptions: { ...nodeOptions, replyMapping: "resp3" },
      }),
  },
  {
    name: "ioredis 5 Cluster",
    open: () => new Cluster5([...clusterNodes], { redisOptions: nodeOptions }),
  },
];

/** Opens a cluster client that fails fast instead of retrying forever. */
export function openClusterClient(): ClusterClient {
  return new Cluster([...clusterNodes], { redisOptions: nodeOptions });
}

/**
 * Connects once and asks a node for `CLUSTER INFO`, which must say
 * `cluster_state:ok`: a cluster with unassigned slots would fail the suite
 * in confusing ways, so it counts as unreachable.
 */
export const clusterProbe: ServiceProbe = {
  service: "Redis Cluster",
  envVar: "REDIS_CLUSTER_NODES",
  url: clusterNodesSetting || "(not set)",
  async probe() {
    if (clusterNodes.length === 0)
      throw new Error("REDIS_CLUSTER_NODES is not set; scripts/redis-cluster.sh starts one");
    const client = new Cluster([...clusterNodes], {
      lazyConnect: true,
      enableOfflineQueue: false,
      clusterRetryStrategy: () => null,
      redisOptions: { connectTimeout: 1_000, maxRetriesPerRequest: 0 },
    });
    let nodeError: unknown;
    client.on("error", (error) => {
      nodeError ??= error;
    });
    client.on("node error", (error) => {
      nodeError ??= error;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("no answer within 3 s")), 3_000);
    });
    try {
      const info = await Promise.race([
        client.connect().then(() => client.call("CLUSTER", "INFO")),
        timeout,
      ]);
      if (!String(info).includes("cluster_state:ok")) throw new Error("cluster_state is not ok");
    } catch (error) {
      throw nodeError ?? error;
    } finally {
      clearTimeout(timer);
      client.disconnect();
    }
  },
};

/** Every key under `prefix` on every primary of the cluster. */
export async function clusterKeysUnder(client: ClusterClient, prefix: string): Promise<string[]> {
  const perNode = await Promise.all(client.nodes("master").map((node) => keysUnder(node, prefix)));
  return perNode.flat();
}

/**
 * Deletes every key under `prefix` on the cluster: one UNLINK per key, since
 * one command may only name keys of one slot.
 */
export async function deleteClusterKeysUnder(client: ClusterClient, prefix: string): Promise<void> {
  const keys = await clusterKeysUnder(client, prefix);
  for (let i = 0; i < keys.length; i += 200) {
    await Promise.all(keys.slice(i, i + 200).map((key) => client.call("UNLINK", key)));
  }
}
