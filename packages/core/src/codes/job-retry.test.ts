import { describe, expect, it } from "vitest";
import { memoryStorage } from "../memory/memory-storage.js";
import { codesTestKit, interceptStorage, rejectionOf } from "./codes-test-kit.js";
import { INTERNAL_FAILURE_REASON } from "./job-failure.js";

/** A kit whose third chunk write fails with an unexpected error until `fixed`. */
async function kitWithBrokenThirdChunk() {
  const state = { fixed: false, writes: 0 };
  const real = memoryStorage();
  const storage = interceptStorage(real, async (_repository, method, _args, call) => {
    if (method === "writeChunk" && !state.fixed && ++state.writes === 3) {
      throw new TypeError("Cannot read properties of undefined (reading 'rows')");
    }
    return call();
  });
  const kit = await codesTestKit({ storage, codes: { chunkSize: 10 } });
  return { kit, state, real };
}

describe("retrying a failed generation job", () => {
  it("puts it back in the queue, and it continues from its last committed chunk", async () => {
    const { kit, state, real } = await kitWithBrokenThirdChunk();
    const rule = await kit.quickRule();
    const pkg = await kit.generateSingle(rule.id, 45);
    const failed = await kit.onecode.codePackages.waitFor(kit.admin, pkg.id);
    expect(failed).toMatchObject({
      status: "failed",
      done: 20,
      failureReason: INTERNAL_FAILURE_REASON,
      failureCode: null,
    });
    // Storage itself: listing is for succeeded and running packages only.
    const before = await real.codePackages.listCodes("acme", pkg.id, {
      afterSerial: 0,
      limit: 100,
    });
    expect(before).toHaveLength(20);

    state.fixed = true;
    const queued = await kit.onecode.codePackages.retry(kit.admin, pkg.id);
    expect(queued).toMatchObject({
      status: "queued",
      done: 20,
      failureReason: null,
      failureCode: null,
      finishedAt: null,
    });
    const finished = await kit.onecode.codePackages.waitFor(kit.admin, pkg.id);
    expect(finished).toMatchObject({ status: "succeeded", done: 45, failureReason: null });
    const rows = await kit.allCodes(finished);
    expect(rows.slice(0, 20)).toEqual(before);
    expect(rows.map((row) => row.serial)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(new Set(rows.map((row) => row.code)).size).toBe(45);
  });

  it("refuses anything but a failed generation job with INVALID_STATE_TRANSITION, changing nothing", async () => {
    const kit = await codesTestKit({ codes: { autoRun: false } });
    const rule = await kit.quickRule();
    const queued = await kit.generateSingle(rule.id, 3);
    const error = await rejectionOf(kit.onecode.codePackages.retry(kit.admin, queued.id));
    expect(error).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { id: queued.id, from: "queued", to: "queued" },
    });
    expect(await kit.onecode.codePackages.get(kit.admin, queued.id)).toEqual(queued);

    const succeeded = await kit.onecode.codePackages.runJob(kit.admin, queued.id);
    await expect(kit.onecode.codePackages.retry(kit.admin, succeeded.id)).rejects.toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { from: "succeeded" },
    });

    const uploaded = await kit.onecode.codePackages.upload(kit.admin, {
      merchantId: kit.external.id,
      fileName: "codes.csv",
      lines: ["https://own.example/q/A1"],
    });
    await expect(kit.onecode.codePackages.retry(kit.admin, uploaded.id)).rejects.toMatchObject({
      code: "INVALID_STATE_TRANSITION",
    });
    await expect(kit.onecode.codePackages.retry(kit.admin, "pkg_missing")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("needs the admin role", async () => {
    const { kit } = await kitWithBrokenThirdChunk();
    const rule = await kit.quickRule();
    const pkg = await kit.generateSingle(rule.id, 30);
    expect((await kit.onecode.codePackages.waitFor(kit.admin, pkg.id)).status).toBe("failed");
    for (const role of ["stock_operator", "inspector"] as const) {
      await expect(
        kit.onecode.codePackages.retry(kit.staff("acme", role), pkg.id),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect((await kit.onecode.codePackages.get(kit.admin, pkg.id)).status).toBe("failed");
  });
});
