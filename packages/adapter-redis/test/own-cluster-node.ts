import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sleep } from "@onecode/core/testing";
import { Redis } from "ioredis";

/**
 * A one-node Redis Cluster of a test's own (redis-server in cluster mode
 * holding all 16384 slots), which the test may stop, freeze and restart
 * without disturbing the shared cluster the conformance suites use.
 */
export interface OwnClusterNode {
  readonly port: number;
  /** SIGSTOP: the node holds every reply, as a silent network. */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
  /** Kills the node (its cluster state file stays, as after a crash). */
  kill(): Promise<void>;
  /** Starts the node again on its port from its cluster state file. */
  restart(): Promise<void>;
  /** Kills the node and removes its files. */
  remove(): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A free port whose cluster bus port (port + 10000) is free too. */
async function freeClusterPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if ((await portFree(port)) && (await portFree(port + 10_000))) return port;
  }
  throw new Error("no free port pair for a cluster node");
}

async function ask(port: number, ...command: string[]): Promise<unknown> {
  const client = new Redis(port, "127.0.0.1", {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return await client.call(command[0] ?? "PING", ...command.slice(1));
  } finally {
    client.disconnect();
  }
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`own cluster node: ${what} within 10 s`);
}

/** Starts a node, gives it every slot and waits for `cluster_state:ok`. */
export async function ownClusterNode(): Promise<OwnClusterNode> {
  const port = await freeClusterPort();
  const dir = mkdtempSync(join(tmpdir(), "onecode-cluster-node-"));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      "redis-server",
      [
        ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir],
        ...["--cluster-enabled", "yes", "--cluster-config-file", join(dir, "nodes.conf")],
        ...["--save", "", "--appendonly", "no"],
        // A node that never met another does not know its address; clients need it.
        ...["--cluster-announce-ip", "127.0.0.1"],
      ],
      { stdio: "ignore" },
    );
    await until("redis-server answers", async () => (await ask(port, "PING")) === "PONG");
  };
  const clusterOk = async () =>
    String(await ask(port, "CLUSTER", "INFO")).includes("cluster_state:ok");
  await start();
  await ask(port, "CLUSTER", "ADDSLOTSRANGE", "0", "16383");
  await until("cluster_state:ok", clusterOk);
  const kill = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  };
  return {
    port,
    freeze: () => child?.kill("SIGSTOP"),
    thaw: () => child?.kill("SIGCONT"),
    kill,
    async restart() {
      await start();
      await until("cluster_state:ok after a restart", clusterOk);
    },
    async remove() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
