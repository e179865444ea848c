import { describe, expect, it } from "vitest";
import { sleep } from "../../testing/fixtures.js";
import { createOneCode } from "../create-one-code.js";
import { ManualClock } from "../kernel/clock.js";
import { isOneCodeError, serviceUnavailable } from "../kernel/errors.js";
import { seededRandom } from "../kernel/random.js";
import { memoryHotState } from "../memory/memory-hot-state.js";
import { memoryStorage } from "../memory/memory-storage.js";
import type { HotState } from "../ports/hot-state.js";
import type { CodePackage } from "./code-package.js";
import { codesTestKit, interceptStorage } from "./codes-test-kit.js";

const START = "2026-05-01T08:00:00Z";

/** A storage that answers SERVICE_UNAVAILABLE to every call while `outage.on`, as a lost database does. */
function flakyStorage(real: ReturnType<typeof memoryStorage>, onWrite?: (writes: number) => void) {
  const outage = { on: false, writes: 0, calls: [] as string[] };
  const storage = interceptStorage(real, async (_repository, method, _args, call) => {
    outage.calls.push(method);
    if (outage.on) throw serviceUnavailable("storage", new Error("Connection terminated"));
    const result = (await call()) as { outcome?: string };
    if (method === "writeChunk" && result.outcome === "written") onWrite?.(++outage.writes);
    return result;
  });
  return { storage, outage };
}

/** Every serial 1..total exactly once, every code distinct. */
async function expectComplete(kit: Awaited<ReturnType<typeof codesTestKit>>, pkg: CodePackage) {
  const rows = await kit.allCodes(pkg);
  expect(rows.map((row) => row.serial)).toEqual(Array.from({ length: pkg.total }, (_, i) => i + 1));
  expect(new Set(rows.map((row) => row.code)).size).toBe(pkg.total);
}

/** Generous under a loaded machine: these wait for background work, never measure it. */
const POLL = { timeout: 10_000 };

describe("generation jobs during an outage", () => {
  it("wait out a storage outage mid-job, record no failure, and finish with every serial once", async () => {
    const clock = new ManualClock(START);
    const real = memoryStorage();
    const { storage, outage } = flakyStorage(real, (writes) => {
      if (writes === 3) outage.on = true;
    });
    const reported: unknown[] = [];
    const kit = await codesTestKit({
      storage,
      clock,
      codes: {
        chunkSize: 10,
        jobRetryMinMs: 1_000,
        jobRetryMaxMs: 8_000,
        onJobError: (error) => reported.push(error),
      },
    });
    const rule = await kit.quickRule();
    const pkg = await kit.generateSingle(rule.id, 95);
    await expect.poll(() => reported.length, POLL).toBe(1);
    expect(isOneCodeError(reported[0], "SERVICE_UNAVAILABLE")).toBe(true);
    // A long outage: the job keeps trying, at most jobRetryMaxMs apart, and never fails.
    for (let minute = 0; minute < 5; minute++) {
      const before = outage.calls.length;
      clock.advance(8_000);
      await expect.poll(() => outage.calls.length, POLL).toBeGreaterThan(before);
    }
    expect(await real.codePackages.get("acme", pkg.id)).toMatchObject({
      status: "running",
      done: 30,
      failureReason: null,
      failureCode: null,
    });
    outage.on = false;
    clock.advance(8_000);
    const finished = await kit.onecode.codePackages.waitFor(kit.admin, pkg.id);
    expect(finished).toMatchObject({ status: "succeeded", done: 95, failureReason: null });
    await expectComplete(kit, finished);
    // Told once when the outage began, not at every retry.
    expect(reported).toHaveLength(1);
  });

  it("retry no sooner than the backoff on the clock port, then carry on", async () => {
    const clock = new ManualClock(START);
    const { storage, outage } = flakyStorage(memoryStorage());
    const kit = await codesTestKit({
      storage,
      clock,
      codes: { chunkSize: 10, autoRun: false, jobRetryMinMs: 1_000, jobRetryMaxMs: 60_000 },
    });
    const rule = await kit.quickRule();
    const pkg = await kit.generateSingle(rule.id, 20);
    outage.on = true;
    const before = outage.calls.length;
    const running = kit.onecode.codePackages.runJob(kit.admin, pkg.id);
    await expect.poll(() => outage.calls.length, POLL).toBe(before + 1);
    const tries = outage.calls.length;
    // The first wait is 500-1,000 ms (1,000 with up to half of it random): nothing before 500.
    clock.advance(499);
    await sleep(50);
    expect(outage.calls.length).toBe(tries);
    outage.on = false;
    clock.advance(501);
    expect(await running).toMatchObject({ status: "succeeded", done: 20 });
  });

  it("wait out a hot-state outage of the job's lock (acquire, renew, release) and finish", async () => {
    const clock = new ManualClock(START);
    const real = memoryHotState({ clock });
    const lockOutage = { on: false, calls: 0, refused: 0 };
    const guard =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      async (...args: A) => {
        lockOutage.calls++;
        if (lockOutage.on) {
          lockOutage.refused++;
          throw serviceUnavailable("hot_state", new Error("ECONNREFUSED"));
        }
        return fn(...args);
      };
    const hotState: HotState = {
      ...real,
      locks: {
        acquire: guard(real.locks.acquire),
        renew: guard(real.locks.renew),
        release: guard(real.locks.release),
      },
    };
    const { storage } = flakyStorage(memoryStorage(), (writes) => {
      // The renew after the second chunk meets the outage.
      if (writes === 2) lockOutage.on = true;
    });
    const kit = await codesTestKit({
      storage,
      hotState,
      clock,
      codes: { chunkSize: 10, jobRetryMinMs: 1_000, jobRetryMaxMs: 4_000 },
    });
    const rule = await kit.quickRule();
    const pkg = await kit.generateSingle(rule.id, 50);
    await expect.poll(() => lockOutage.refused, POLL).toBe(1);
    for (let i = 0; i < 3; i++) {
      const before = lockOutage.calls;
      clock.advance(4_000);
      await expect.poll(() => lockOutage.calls, POLL).toBeGreaterThan(before);
    }
    expect((await kit.onecode.codePackages.get(kit.admin, pkg.id)).status).toBe("running");
    lockOutage.on = false;
    clock.advance(4_000);
    const finished = await kit.onecode.codePackages.waitFor(kit.admin, pkg.id);
    expect(finished).toMatchObject({ status: "succeeded", done: 50 });
    await expectComplete(kit, finished);
    // The lock was released at the end: anyone can take it now.
    expect(await real.locks.acquire("acme", `codes:job:${pkg.id}`, 1_000)).not.toBeNull();
  });

  it("stop waiting when closed, leaving the job running at its checkpoint for the next process", async () => {
    const clock = new ManualClock(START);
    const real = memoryStorage();
    const hotState = memoryHotState({ clock });
    const { storage, outage } = flakyStorage(real, (writes) => {
      if (writes === 2) outage.on = true;
    });
    const kit = await codesTestKit({
      storage: { ...storage, close: async () => {} },
      hotState,
      clock,
      codes: { chunkSize: 10 },
    });
    const rule = await kit.quickRule();
    const pkg = await kit.generateSingle(rule.id, 40);
    await expect.poll(() => outage.calls.filter((m) => m === "writeChunk").length, POLL).toBe(3);
    // The clock never moves: close() must not wait for the backoff.
    await kit.onecode.close();
    expect(await real.codePackages.get("acme", pkg.id)).toMatchObject({
      status: "running",
      done: 20,
      failureReason: null,
    });
    outage.on = false;
    clock.advance(60_001); // the lock's lease, in case its release met the outage
    const second = createOneCode({
      clock,
      random: seededRandom("second"),
      storage: real,
      hotState,
    });
    expect(await second.codePackages.runJob(kit.admin, pkg.id)).toMatchObject({
      status: "succeeded",
      done: 40,
    });
  });

  it("fail at once, naming the cause, on an error retrying cannot fix", async () => {
    let ruleGone = false;
    const storage = interceptStorage(memoryStorage(), async (repository, method, _args, call) => {
      if (ruleGone && repository === "codeRules" && method === "get") return null;
      return call();
    });
    const reported: unknown[] = [];
    const kit = await codesTestKit({
      storage,
      codes: { autoRun: false, onJobError: (error) => reported.push(error) },
    });
    const rule = await kit.quickRule();
    const pkg = await kit.generateSingle(rule.id, 5);
    ruleGone = true;
    expect(await kit.onecode.codePackages.runJob(kit.admin, pkg.id)).toMatchObject({
      status: "failed",
      done: 0,
      failureCode: "NOT_FOUND",
      failureReason: `code rule ${rule.id} no longer exists`,
    });
    // A domain failure explains itself: nothing for the host's error log.
    expect(reported).toEqual([]);
  });
});
