import { describe, expect, it } from "vitest";
import { sleep } from "../../testing/fixtures.js";
import { createOneCode } from "../create-one-code.js";
import { ManualClock } from "../kernel/clock.js";
import { seededRandom } from "../kernel/random.js";
import { memoryHotState } from "../memory/memory-hot-state.js";
import { memoryStorage } from "../memory/memory-storage.js";
import { codesTestKit, dyingProcess, interceptStorage } from "./codes-test-kit.js";
import { RESUME_TURN_CHUNKS } from "./job-resume.js";

/** Records which package each chunk write was for, in order, and how many ran at once. */
function recordingStorage(delayMs = 0) {
  const writes: string[] = [];
  const inFlight = new Set<string>();
  let mostAtOnce = 0;
  const storage = interceptStorage(memoryStorage(), async (_repository, method, args, call) => {
    if (method !== "writeChunk") return call();
    const id = args[1] as string;
    writes.push(id);
    inFlight.add(id);
    mostAtOnce = Math.max(mostAtOnce, inFlight.size);
    try {
      if (delayMs > 0) await sleep(delayMs);
      return await call();
    } finally {
      inFlight.delete(id);
    }
  });
  return { storage, writes, mostAtOnce: () => mostAtOnce };
}

describe("resuming unfinished jobs", () => {
  it("works on every unfinished job, not only the oldest hundred", async () => {
    const kit = await codesTestKit({ codes: { autoRun: false, chunkSize: 5 } });
    const rule = await kit.quickRule();
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) {
      const pkg = await kit.generateSingle(rule.id, 2);
      ids.push(pkg.id);
    }
    expect(await kit.onecode.codePackages.resumeUnfinished({ limit: 10 })).toBe(10);
    expect(await kit.onecode.codePackages.resumeUnfinished()).toBe(140);
    const statuses = await Promise.all(
      ids.map(async (id) => (await kit.onecode.codePackages.get(kit.admin, id)).status),
    );
    expect(new Set(statuses)).toEqual(new Set(["succeeded"]));
  });

  it(`gives every job turns of ${RESUME_TURN_CHUNKS} chunks, so a small job never waits for a large one to finish`, async () => {
    const { storage, writes } = recordingStorage();
    const kit = await codesTestKit({
      storage,
      codes: { autoRun: false, chunkSize: 1, jobConcurrency: 1 },
    });
    const rule = await kit.quickRule();
    const large = await kit.generateSingle(rule.id, 100);
    const small = await kit.generateSingle(rule.id, 1);
    expect(await kit.onecode.codePackages.resumeUnfinished()).toBe(2);
    // The large job (older) gets the first turn, then the small one its whole job.
    expect(writes.indexOf(small.id)).toBe(RESUME_TURN_CHUNKS);
    expect(writes.filter((id) => id === large.id)).toHaveLength(100);
    for (const pkg of [large, small]) {
      expect((await kit.onecode.codePackages.get(kit.admin, pkg.id)).status).toBe("succeeded");
    }
  });

  it("runs up to jobConcurrency jobs side by side", async () => {
    const { storage, mostAtOnce } = recordingStorage(2);
    const kit = await codesTestKit({
      storage,
      codes: { autoRun: false, chunkSize: 2, jobConcurrency: 2 },
    });
    const rule = await kit.quickRule();
    for (let i = 0; i < 4; i++) {
      await kit.generateSingle(rule.id, 10);
    }
    expect(await kit.onecode.codePackages.resumeUnfinished()).toBe(4);
    expect(mostAtOnce()).toBe(2);
  });

  it("takes over at once the jobs a dead run of the same instance left, but not another instance's", async () => {
    const clock = new ManualClock("2026-05-01T08:00:00Z");
    const storage = memoryStorage();
    const hotState = memoryHotState({ clock });
    const options = { chunkSize: 10, autoRun: false, pollMs: 2 };
    const first = dyingProcess(storage, hotState, 3);
    const kit = await codesTestKit({
      ...first,
      clock,
      codes: { ...options, instanceId: "node-a" },
    });
    const rule = await kit.quickRule();
    const pkg = await kit.generateSingle(rule.id, 95);
    await expect(kit.onecode.codePackages.runJob(kit.admin, pkg.id)).rejects.toThrow(
      "process died",
    );
    const restart = (instanceId: string) =>
      createOneCode({
        clock,
        storage,
        hotState,
        random: seededRandom(instanceId),
        codes: { ...options, instanceId },
      });
    // The lease is still running: another instance cannot know the holder is dead.
    expect(await restart("node-b").codePackages.resumeUnfinished()).toBe(0);
    // The same instance, restarted, knows: it takes the job over with no wait on the clock.
    const restarted = restart("node-a");
    expect(await restarted.codePackages.resumeUnfinished()).toBe(1);
    const finished = await restarted.codePackages.get(kit.admin, pkg.id);
    expect(finished).toMatchObject({ status: "succeeded", done: 95 });
    const rows = (await restarted.codePackages.listCodes(kit.admin, pkg.id, { limit: 1000 })).items;
    expect(rows.map((row) => row.serial)).toEqual(Array.from({ length: 95 }, (_, i) => i + 1));
    expect(new Set(rows.map((row) => row.code)).size).toBe(95);
  });

  it("refuses a limit that is not a positive integer", async () => {
    const kit = await codesTestKit();
    await expect(kit.onecode.codePackages.resumeUnfinished({ limit: 0 })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { issues: [{ field: "limit", rule: "positive_integer" }] },
    });
  });
});
