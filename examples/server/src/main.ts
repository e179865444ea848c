import { readConfig } from "./config.js";
import { startServer } from "./server.js";

/** Signals that stop the server cleanly: Ctrl-C, `kill`, a closed terminal. */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** How often a server started by npm checks that its launcher is still there. */
const LAUNCHER_CHECK_MS = 250;

/**
 * Calls `stop` once the process that launched this one is gone. npm runs a
 * script through a shell (`sh -c`), forwards SIGINT and SIGTERM to that
 * shell only, and the shell does not pass them on: without this, a signal to
 * `npm start` would end npm and its shell and leave the server running. When
 * the shell dies, this process is handed to another parent, which is what
 * is watched for. Only when started by npm (`npm_lifecycle_event` is set).
 */
function stopWhenLauncherExits(stop: (reason: string) => void): void {
  if (!process.env.npm_lifecycle_event) return;
  const launcher = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== launcher) stop("npm exited");
  }, LAUNCHER_CHECK_MS);
  timer.unref();
}

/**
 * `npm start`: runs the reference server until a stop signal (or, under npm,
 * until npm is gone), then closes it cleanly: generation jobs stop at their
 * checkpoint, storage flushes.
 */
async function main(): Promise<void> {
  const running = await startServer(readConfig());
  for (const line of running.banner) console.log(line);
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${reason}, closing storage...`);
    await running.close();
    process.exit(0);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, () => void stop(`${signal} received`));
  stopWhenLauncherExits((reason) => void stop(reason));
}

main().catch((error: unknown) => {
  console.error(
    "OneCode reference server failed to start:",
    error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
