import { describe, expect, it } from "vitest";
import { createOneCode } from "../create-one-code.js";
import { ManualClock } from "../kernel/clock.js";
import { seededRandom } from "../kernel/random.js";
import { tenantContext } from "../kernel/tenant.js";
import { memoryHotState } from "../memory/memory-hot-state.js";
import { memoryStorage } from "../memory/memory-storage.js";
import { codesTestKit, dyingProcess, interceptStorage } from "./codes-test-kit.js";
import { INTERNAL_FAILURE_REASON } from "./job-failure.js";
import type { CodeChunk } from "./ports.js";

/** Generous under a loaded machine: these wait for background work, never measure it. */
const POLL = { timeout: 10_000 };

describe("interrupted generation jobs", () => {
  it("resume after the process died, once the lease ran out, with every serial exactly once", async () => {
    const clock = new ManualClock("2026-05-01T08:00:00Z");
    const storage = memoryStorage();
    const hotState = memoryHotState({ clock });
    const first = dyingProcess(storage, hotState, 3);
    const options = { chunkSize: 10, jobLeaseMs: 60_000, autoRun: false, pollMs: 2 };
    const kit = await codesTestKit({ ...first, clock, codes: options });
    const rule = await kit.onecode.codeRules.createCustom(kit.admin, {
      merchantId: kit.platform.id,
      name: "With sequence",
      length: 24,
      segments: [
        { kind: "sequence", start: 1000, end: 9999, length: 4 },
        { kind: "random", charset: "digits", length: 20 },
      ],
      serials: true,
    });
    const pkg = await kit.onecode.codePackages.generate(kit.admin, {
      merchantId: kit.platform.id,
      codeType: "two-level",
      ratio: { innerPerOuter: 4 },
      rules: { item: rule.id },
      quantity: 19,
    });
    expect(pkg.total).toBe(95);
    await expect(kit.onecode.codePackages.runJob(kit.admin, pkg.id)).rejects.toThrow(
      "process died",
    );

    // A second process on the same storage and lock service.
    const second = createOneCode({
      clock,
      storage,
      hotState,
      random: seededRandom("second process"),
      codes: options,
    });
    const admin = tenantContext("acme", { id: "ops", kind: "staff", roles: ["admin"] });
    const interrupted = await second.codePackages.get(admin, pkg.id);
    expect(interrupted).toMatchObject({ status: "running", done: 30 });
    const before = (await second.codePackages.listCodes(admin, pkg.id)).items;
    expect(before).toHaveLength(30);

    // The dead process still holds the lease: nobody takes the job over yet.
    expect(await second.codePackages.resumeUnfinished()).toBe(0);
    const waiting = second.codePackages.runJob(admin, pkg.id);
    clock.advance(60_001);
    const finished = await waiting;
    expect(finished).toMatchObject({ status: "succeeded", done: 95, total: 95 });

    const rows = (await second.codePackages.listCodes(admin, pkg.id)).items;
    expect(rows.map((row) => row.serial)).toEqual(Array.from({ length: 95 }, (_, i) => i + 1));
    expect(new Set(rows.map((row) => row.code)).size).toBe(95);
    expect(rows.slice(0, 30)).toEqual(before);
    // Sequence values were reserved at creation, so the resumed part continues them exactly.
    expect(rows.map((row) => Number(row.code.slice(0, 4)))).toEqual(
      Array.from({ length: 95 }, (_, i) => 1000 + i),
    );
    expect(rows.filter((row) => row.level === "outer")).toHaveLength(19);
    expect(await second.codePackages.resumeUnfinished()).toBe(0);
  });

  it("are picked up by resumeUnfinished across tenants", async () => {
    const kit = await codesTestKit({ codes: { autoRun: false } });
    const rule = await kit.quickRule();
    const globex = kit.staff("globex", "admin");
    const globexMerchant = await kit.onecode.merchants.create(globex, {
      name: "Globex",
      codeSource: "platform",
      urlPrefixes: ["https://g.example/"],
    });
    const globexRule = await kit.onecode.codeRules.createQuick(globex, {
      merchantId: globexMerchant.id,
      charset: "letters",
      length: 14,
      serials: false,
    });
    const a = await kit.generateSingle(rule.id, 3);
    const b = await kit.onecode.codePackages.generate(globex, {
      merchantId: globexMerchant.id,
      codeType: "single",
      rules: { item: globexRule.id },
      quantity: 4,
    });
    expect(await kit.onecode.codePackages.resumeUnfinished({ limit: 10 })).toBe(2);
    expect((await kit.onecode.codePackages.get(kit.admin, a.id)).status).toBe("succeeded");
    expect((await kit.onecode.codePackages.get(globex, b.id)).done).toBe(4);
  });

  it("continue from storage's progress when another writer moved the job on", async () => {
    const real = memoryStorage();
    let writes = 0;
    const storage = interceptStorage(real, async (_repository, method, args, call) => {
      if (method === "writeChunk" && ++writes === 2) {
        // Another runner writes this very chunk first, with its own codes.
        const [tenantId, id, chunk] = args as [string, string, CodeChunk];
        const rows = chunk.rows.map((row) => ({ ...row, code: `other-${row.serial}` }));
        await real.codePackages.writeChunk(tenantId, id, { ...chunk, rows });
      }
      return call();
    });
    const kit = await codesTestKit({ storage, codes: { chunkSize: 5 } });
    const rule = await kit.quickRule();
    const pkg = await kit.generateSingle(rule.id, 12);
    const done = await kit.onecode.codePackages.waitFor(kit.admin, pkg.id);
    expect(done).toMatchObject({ status: "succeeded", done: 12 });
    const codes = (await kit.allCodes(pkg)).map((row) => row.code);
    expect(codes).toHaveLength(12);
    expect(codes.slice(5, 10)).toEqual([6, 7, 8, 9, 10].map((serial) => `other-${serial}`));
    expect(new Set(codes).size).toBe(12);
  });

  it("fail as an internal error, without the error's text, when storage refuses a chunk for good", async () => {
    const storage = interceptStorage(memoryStorage(), async (_repository, method, _args, call) => {
      if (method === "writeChunk") throw new Error("disk full at /var/lib/postgresql");
      return call();
    });
    const reported: unknown[] = [];
    const kit = await codesTestKit({
      storage,
      codes: { onJobError: (error, job) => reported.push([(error as Error).message, job]) },
    });
    const rule = await kit.quickRule();
    const pkg = await kit.generateSingle(rule.id, 3);
    expect(await kit.onecode.codePackages.waitFor(kit.admin, pkg.id)).toMatchObject({
      status: "failed",
      failureReason: INTERNAL_FAILURE_REASON,
      failureCode: null,
      done: 0,
    });
    expect(reported).toEqual([
      ["disk full at /var/lib/postgresql", { tenantId: "acme", packageId: pkg.id }],
    ]);
  });

  it("stay resumable and tell onJobError when even recording the failure fails", async () => {
    let broken = false;
    const storage = interceptStorage(memoryStorage(), async (_repository, method, _args, call) => {
      if (broken && method !== "get") throw new Error("database unreachable");
      return call();
    });
    const reported: unknown[] = [];
    const kit = await codesTestKit({
      storage,
      codes: { onJobError: (error, job) => reported.push([(error as Error).message, job]) },
    });
    const rule = await kit.quickRule();
    const stuck = await kit.generateSingle(rule.id, 3);
    // The job starts in the background after generate returned: every write fails from now on.
    broken = true;
    await expect.poll(() => reported.length, POLL).toBe(1);
    expect(reported[0]).toEqual([
      "database unreachable",
      { tenantId: "acme", packageId: stuck.id },
    ]);
    broken = false;
    expect((await kit.onecode.codePackages.get(kit.admin, stuck.id)).status).toBe("queued");
    expect((await kit.onecode.codePackages.runJob(kit.admin, stuck.id)).status).toBe("succeeded");
  });
});
