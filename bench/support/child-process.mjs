// Starting and stopping the benchmarks' server processes.
import { spawn } from "node:child_process";
import { once } from "node:events";
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
