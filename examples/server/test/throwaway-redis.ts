import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { runningInCi } from "@onecode/core/testing";

/** Why tests that need their own `redis-server` skip, or `undefined` when the binary runs. */
export function throwawayRedisSkipReason(): string | undefined {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return undefined;
  } catch {
    if (runningInCi()) throw new Error("redis-server is not installed; CI must run these tests");
    return "redis-server is not installed (apt-get install redis-server)";
  }
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A `redis-server` of the test's own on a free port, keeping nothing on
 * disk, that the test can stop (SIGKILL: as a crash, refusing connections
 * from then on) and start again on the same port. Never the shared Redis.
 */
export async function throwawayRedis() {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    child = started;
    let output = "";
    await new Promise<void>((resolve, reject) => {
      started.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) resolve();
      });
      started.once("exit", (code) =>
        reject(new Error(`redis-server exited with ${code}: ${output}`)),
      );
    });
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}
