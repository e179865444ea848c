import { randomBelow } from "../kernel/random.js";
import type { CodesRuntime } from "./codes-runtime.js";

/**
 * How long a job waits before its next try after `failures` failures in a
 * row without progress (1 for the first): `jobRetryMinMs` doubling with each,
 * at most `jobRetryMaxMs`, of which a random part of up to half spreads the
 * retries of many jobs that met the same outage.
 */
export function retryDelayMs(runtime: CodesRuntime, failures: number): number {
  const { jobRetryMinMs, jobRetryMaxMs } = runtime.options;
  const ceiling = Math.min(jobRetryMaxMs, jobRetryMinMs * 2 ** Math.min(failures - 1, 40));
  const spread = Math.floor(ceiling / 2);
  return ceiling - spread + randomBelow(runtime.ports.random, spread + 1);
}

/**
 * Waits until the clock port has moved `ms` on (so tests with a manual clock
 * decide when a retry happens), looking at it at least every `pollMs` of
 * real time. Resolves `false` at once when jobs are stopping.
 */
export async function pauseJob(runtime: CodesRuntime, ms: number): Promise<boolean> {
  const { clock } = runtime.ports;
  const until = clock.nowMs() + ms;
  while (!runtime.jobs.stopping) {
    const left = until - clock.nowMs();
    if (left <= 0) return true;
    await runtime.jobs.sleep(Math.min(left, runtime.options.pollMs));
  }
  return false;
}
