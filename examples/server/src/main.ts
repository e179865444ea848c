import { readConfig } from "./config.js";
import { startServer } from "./server.js";

/** `npm start`: runs the reference server until SIGINT/SIGTERM, then shuts down cleanly. */
async function main(): Promise<void> {
  const running = await startServer(readConfig());
  for (const line of running.banner) console.log(line);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received, closing storage...`);
    await running.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(
    "OneCode reference server failed to start:",
    error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
