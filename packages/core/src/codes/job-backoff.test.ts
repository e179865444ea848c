import { describe, expect, it } from "vitest";
import { ManualClock } from "../kernel/clock.js";
import { OneCodeError } from "../kernel/errors.js";
import { seededRandom } from "../kernel/random.js";
import type { CodesRuntime } from "./codes-runtime.js";
import { pauseJob, retryDelayMs } from "./job-backoff.js";
import { jobFailureOf } from "./job-failure.js";
import { JobLifecycle } from "./job-lifecycle.js";

function runtimeWith(options: { jobRetryMinMs: number; jobRetryMaxMs: number }) {
  const clock = new ManualClock("2026-05-01T08:00:00Z");
  const runtime = {
    ports: { clock, random: seededRandom("backoff") },
    options: { ...options, pollMs: 2 },
    jobs: new JobLifecycle(),
  } as unknown as CodesRuntime;
  return { runtime, clock };
}

describe("job retry backoff", () => {
  it("doubles from jobRetryMinMs with each failure, never past jobRetryMaxMs, keeping at least half of each step", () => {
    const { runtime } = runtimeWith({ jobRetryMinMs: 500, jobRetryMaxMs: 60_000 });
    const ceilings = [500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000];
    for (let round = 0; round < 50; round++) {
      ceilings.forEach((ceiling, i) => {
        const delay = retryDelayMs(runtime, i + 1);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      });
    }
    expect(retryDelayMs(runtime, 10_000)).toBeLessThanOrEqual(60_000);
  });

  it("spreads the delays of jobs that failed together", () => {
    const { runtime } = runtimeWith({ jobRetryMinMs: 1_000, jobRetryMaxMs: 60_000 });
    const delays = new Set(Array.from({ length: 20 }, () => retryDelayMs(runtime, 4)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it("waits for the clock port, not for real time, and ends at once when jobs stop", async () => {
    const { runtime, clock } = runtimeWith({ jobRetryMinMs: 1, jobRetryMaxMs: 10 });
    let ended: boolean | undefined;
    const pause = pauseJob(runtime, 10_000).then((result) => {
      ended = result;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ended).toBeUndefined();
    clock.advance(10_000);
    await pause;
    expect(ended).toBe(true);

    const stopped = pauseJob(runtime, 10_000);
    await runtime.jobs.stop();
    expect(await stopped).toBe(false);
  });
});

describe("job failure reasons", () => {
  it("keep core's code and message, and never carry another error's text", () => {
    const exhausted = new OneCodeError(
      "SEQUENCE_EXHAUSTED",
      "sequence exhausted: 2 left, 3 needed",
      { needed: 3, remaining: 2 },
    );
    expect(jobFailureOf(exhausted)).toEqual({
      failureCode: "SEQUENCE_EXHAUSTED",
      failureReason: "sequence exhausted: 2 left, 3 needed",
    });
    const driverError = Object.assign(new Error('relation "onecode_codes" does not exist'), {
      code: "42P01",
    });
    const failure = jobFailureOf(driverError);
    expect(failure.failureCode).toBeNull();
    expect(failure.failureReason).not.toContain("onecode_codes");
    expect(failure.failureReason).toMatch(/^internal error/);
  });
});
