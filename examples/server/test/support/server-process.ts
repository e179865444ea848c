import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");

/** The built reference server, as `npm start` runs it. */
export const SERVER_MAIN = join(ROOT, "examples", "server", "dist", "main.js");

/**
 * Builds whatever changed since the last build (the bootstrap `npm start`
 * and `npm test` run first): process tests run the built server, as users do.
 */
export function ensureBuilt(): void {
  const result = spawnSync(process.execPath, [join(ROOT, "scripts", "bootstrap.mjs")], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`bootstrap failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/** A server running in a process of its own. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** Base URL from the banner. */
  readonly url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code or signal once the process ended. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

/** Spawns `command` and resolves once it printed the server's "listening on" line. */
export async function startServerProcess(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<ServerProcess> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, "exit").then(([code, signal]) =>
    code === null ? (signal as NodeJS.Signals) : (code as number),
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on("line", (line) => {
      output += `${line}\n`;
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) resolve(match[1] as string);
    });
    exited.then((how) => reject(new Error(`server exited (${how}) before listening:\n${output}`)));
  });
  return { child, url, output: () => output, exited };
}

/** True while something answers HTTP at `url`. */
export async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/openapi.json`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` every 50 ms until it is true; false when `ms` passed first. */
export async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}
