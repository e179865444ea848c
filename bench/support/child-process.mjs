// Starting and stopping the benchmarks' server processes.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";

/**
 * Starts `node args` with `env` added to this process's environment and
 * resolves once a stdout line matches `ready`, with the match; rejects with
 * the process's stderr if it exits first. `label` names it in that error.
 */
export async function startProcess(args, env, ready, label) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderr = [];
  child.stderr.on("data", (chunk) => stderr.push(chunk));
  const lines = createInterface({ input: child.stdout });
  const match = await new Promise((resolve, reject) => {
    child.once("exit", (code) =>
      reject(new Error(`${label} exited with ${code}: ${Buffer.concat(stderr).toString()}`)),
    );
    lines.on("line", (line) => {
      const found = ready.exec(line);
      if (found) resolve(found);
    });
  });
  return { child, match, stderr: () => Buffer.concat(stderr).toString() };
}

/** Stops a process from startProcess (SIGTERM, SIGKILL after 5 s); nothing when it is gone. */
export async function stopProcess(running) {
  if (!running || running.child.exitCode !== null) return;
  running.child.kill("SIGTERM");
  await Promise.race([once(running.child, "exit"), new Promise((r) => setTimeout(r, 5000))]);
  if (running.child.exitCode === null) running.child.kill("SIGKILL");
}

const SERVER_MAIN = new URL("../../examples/server/dist/main.js", import.meta.url).pathname;

/**
 * Writes the token file (`tokenLines`, mode 0600) into `workDir` and starts
 * the reference server on it: production mode, a free port on 127.0.0.1,
 * `databaseUrl` and `redisUrl` with `redisPrefix`, any `env` added, and the
 * node flags of `BENCH_SERVER_ARGS` (e.g. `--cpu-prof`). Resolves with the
 * running process and its base URL.
 */
export async function startReferenceServer({
  workDir,
  tokenLines,
  databaseUrl,
  redisUrl,
  redisPrefix,
  env = {},
}) {
  const tokensFile = join(workDir, "tokens.env");
  await writeFile(tokensFile, `${tokenLines.join("\n")}\n`, { mode: 0o600 });
  const server = await startProcess(
    [...(process.env.BENCH_SERVER_ARGS?.split(" ").filter(Boolean) ?? []), SERVER_MAIN],
    {
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      ONECODE_REDIS_PREFIX: redisPrefix,
      ONECODE_DATA_DIR: workDir,
      ONECODE_TOKENS_FILE: tokensFile,
      ...env,
    },
    /listening on (http:\/\/\S+)/,
    "reference server",
  );
  const base = server.match[1];
  console.log(`reference server ${base} (pid ${server.child.pid})`);
  return { server, base };
}
