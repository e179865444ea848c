import { describe, expect, it } from "vitest";
import { createOneCode } from "../create-one-code.js";
import { ManualClock } from "../kernel/clock.js";
import { seededRandom } from "../kernel/random.js";
import { memoryHotState } from "../memory/memory-hot-state.js";
import { memoryStorage } from "../memory/memory-storage.js";
import { codesTestKit, interceptStorage } from "./codes-test-kit.js";

describe("closing OneCode while a job runs", () => {
  it("stops after the current chunk, leaves the job resumable, and another instance finishes it", async () => {
    const clock = new ManualClock("2026-05-01T08:00:00Z");
    const shared = memoryStorage();
    const hotState = memoryHotState({ clock });
    let chunks = 0;
    let closing: Promise<void> | null = null;
    // The first instance is closed while it writes its third chunk.
    const storage = interceptStorage(shared, async (_repository, method, _args, call) => {
      const result = await call();
      if (method === "writeChunk" && ++chunks === 3) closing = kit.onecode.close();
      return result;
    });
    const kit = await codesTestKit({
      storage: { ...storage, close: async () => {} },
      hotState,
      clock,
      codes: { chunkSize: 100, autoRun: false },
    });
    const rule = await kit.quickRule();
    const pkg = await kit.onecode.codePackages.generate(kit.admin, {
      merchantId: kit.platform.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: 1000,
    });
    const stopped = await kit.onecode.codePackages.runJob(kit.admin, pkg.id);
    await closing;
    expect(stopped.status).toBe("running");
    expect(stopped.done).toBe(300);

    const second = createOneCode({
      clock,
      random: seededRandom("second"),
      storage: shared,
      hotState,
    });
    const finished = await second.codePackages.runJob(kit.admin, pkg.id);
    expect(finished).toMatchObject({ status: "succeeded", done: 1000, total: 1000 });
    const codes = new Set<string>();
    let afterSerial = 0;
    for (;;) {
      const page = await second.codePackages.listCodes(kit.admin, pkg.id, {
        afterSerial,
        limit: 500,
      });
      for (const [i, row] of page.items.entries()) {
        expect(row.serial).toBe(afterSerial + i + 1);
        codes.add(row.code);
      }
      if (page.nextAfterSerial === null) break;
      afterSerial = page.nextAfterSerial;
    }
    expect(codes.size).toBe(1000);
  });

  it("starts no new background job once closing", async () => {
    const kit = await codesTestKit({ codes: { autoRun: true } });
    const rule = await kit.quickRule();
    await kit.onecode.close();
    const pkg = await kit.onecode.codePackages.generate(kit.admin, {
      merchantId: kit.platform.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: 10,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await kit.onecode.codePackages.get(kit.admin, pkg.id)).status).toBe("queued");
  });
});
