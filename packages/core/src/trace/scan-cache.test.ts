import { describe, expect, it } from "vitest";
import { ManualClock } from "../kernel/clock.js";
import { memoryHotState } from "../memory/memory-hot-state.js";
import type { HotState } from "../ports/hot-state.js";
import { distributionTestKit, IPS } from "./distribution-test-kit.js";
import { codeCacheKey } from "./scan-cache-keys.js";
import { UNBOUND_CODE_TTL_MS } from "./scan-resolution.js";
import { batchCacheKey } from "./trace-runtime.js";

async function cached() {
  const kit = await distributionTestKit();
  const { pkg, codes } = await kit.makePackage({ quantity: 2 });
  const code = codes[0]?.code as string;
  const scan = (scanned = code) =>
    kit.onecode.scans.scan({ tenantId: "acme", code: scanned, ip: IPS.guangdong });
  return { ...kit, pkg, code, scan };
}

/** A distribution kit whose hot-state cache counts its reads. */
async function counting(trace: { scanLocalCacheEntries?: number } = {}) {
  const clock = new ManualClock("2026-05-01T08:00:00Z");
  const inner = memoryHotState({ clock });
  const reads: string[] = [];
  const hotState: HotState = {
    ...inner,
    cache: {
      ...inner.cache,
      get: (tenantId, key) => {
        reads.push(key);
        return inner.cache.get(tenantId, key);
      },
    },
  };
  const kit = await distributionTestKit({ hotState, trace });
  const { pkg, codes } = await kit.makePackage({ quantity: 2 });
  const batch = await kit.makeBatch([pkg.id]);
  const scan = (code: string) =>
    kit.onecode.scans.scan({ tenantId: "acme", code, ip: IPS.guangdong });
  return { ...kit, reads, batch, code: codes[0]?.code as string, scan };
}

describe("scan caching", () => {
  it("serves one parsed page to many scans, which none of them can change for the others", async () => {
    const { scan, code, batch } = await counting();
    await scan(code);
    const second = await scan(code);
    const third = await scan(code);
    const shared = second.batch;
    if (!shared) throw new Error("an active batch's scan shows its batch");
    expect(third.batch).toBe(shared);
    expect(shared.batchNumber).toBe(batch.batchNumber);
    expect(() => {
      (shared as { batchNumber: string }).batchNumber = "FORGED";
    }).toThrow(TypeError);
    expect(() => (shared.customFields as unknown[]).push({})).toThrow(TypeError);
    expect((await scan(code)).batch?.batchNumber).toBe(batch.batchNumber);
  });

  it("remembers resolved codes in process, so repeat scans read only the batch page", async () => {
    const { reads, scan, code, batch } = await counting();
    await scan(code);
    expect(reads.splice(0)).toEqual([codeCacheKey(code), batchCacheKey(batch.id)]);
    expect((await scan(code)).verdict).toBe("genuine");
    expect(reads.splice(0)).toEqual([batchCacheKey(batch.id)]);
    // Unknown codes: the same reads, first time and repeat.
    await scan("NoSuchCode000001");
    expect(reads.splice(0)).toHaveLength(2);
    await scan("NoSuchCode000001");
    expect(reads.splice(0)).toHaveLength(1);
  });

  it("reads hot state on every scan when the in-process memory is off", async () => {
    const { reads, scan, code } = await counting({ scanLocalCacheEntries: 0 });
    await scan(code);
    reads.splice(0);
    await scan(code);
    expect(reads).toHaveLength(2);
  });

  it("forgets a remembered unknown code when the hot-state entry expires, so it is looked up again", async () => {
    const { reads, scan, clock } = await counting();
    await scan("NotYetGenerated1");
    await scan("NotYetGenerated1");
    reads.splice(0);
    clock.advance(UNBOUND_CODE_TTL_MS);
    await scan("NotYetGenerated1");
    expect(reads).toContain(codeCacheKey("NotYetGenerated1"));
  });

  it("serves repeat scans from hot state without reading the batch again", async () => {
    const { makeBatch, pkg, scan, hotState, storage } = await cached();
    const batch = await makeBatch([pkg.id]);
    await scan();
    expect(await hotState.cache.get("acme", batchCacheKey(batch.id))).not.toBeNull();
    // Changing storage behind the cache's back is not seen until the entry goes.
    await storage.traceBatches.update("acme", batch.id, {
      remark: "direct",
      customFields: [],
      updatedAt: batch.updatedAt,
    });
    expect((await scan()).batch?.customFields).toHaveLength(1);
    await hotState.cache.delete("acme", batchCacheKey(batch.id));
    expect((await scan()).batch?.customFields).toEqual([]);
  });

  it("shows batch updates and status changes on the next scan", async () => {
    const { onecode, admin, makeBatch, pkg, scan } = await cached();
    const batch = await makeBatch([pkg.id]);
    expect((await scan()).batch?.batchNumber).toBe(batch.batchNumber);
    await onecode.traceBatches.update(admin, batch.id, { batchNumber: "RENAMED-1" });
    expect((await scan()).batch?.batchNumber).toBe("RENAMED-1");
    await onecode.traceBatches.setStatus(admin, batch.id, "frozen");
    expect((await scan()).batchState).toBe("suspended");
    await onecode.traceBatches.setStatus(admin, batch.id, "active");
    expect((await scan()).verdict).toBe("genuine");
  });

  it("shows production tasks made effective after the page was cached", async () => {
    const { onecode, admin, makeBatch, pkg, scan } = await cached();
    const batch = await makeBatch([pkg.id]);
    expect((await scan()).productionTasks).toEqual([]);
    const line = await onecode.production.createLine(admin, { name: "L" });
    const task = await onecode.production.createTask(admin, {
      name: "Task",
      batchId: batch.id,
      lineId: line.id,
      executedAt: "2026-04-01T00:00:00Z",
    });
    await onecode.production.setTaskStatus(admin, task.id, "effective");
    expect((await scan()).productionTasks.map((t) => t.name)).toEqual(["Task"]);
  });

  it("follows a package unbound from one batch and bound to another, however the code was cached", async () => {
    const { onecode, admin, makeBatch, pkg, scan, hotState, code } = await cached();
    const first = await makeBatch([pkg.id], { status: "inactive" });
    expect((await scan()).batchState).toBe("inactive");
    expect(await hotState.cache.get("acme", codeCacheKey(code))).toContain(first.id);
    await onecode.traceBatches.unbindPackage(admin, first.id, pkg.id);
    expect((await scan()).verdict).toBe("unknown_code");
    await onecode.traceBatches.setStatus(admin, first.id, "active");
    expect((await scan()).verdict).toBe("unknown_code");
    // Rebind elsewhere while the code's stale entry still names the first batch.
    await hotState.cache.set(
      "acme",
      codeCacheKey(code),
      JSON.stringify({ p: pkg.id, s: 1, b: first.id }),
      60_000,
    );
    const second = await makeBatch([pkg.id]);
    const result = await scan();
    expect(result.verdict).toBe("genuine");
    expect(result.batch?.batchNumber).toBe(second.batchNumber);
  });

  it("sees a newly bound package on the very next scan", async () => {
    const { makeBatch, pkg, scan, hotState, code } = await cached();
    expect((await scan()).verdict).toBe("unknown_code");
    // A known code of an unbound package is not cached: binding cannot know its key.
    expect(await hotState.cache.get("acme", codeCacheKey(code))).toBeNull();
    await makeBatch([pkg.id]);
    expect((await scan()).verdict).toBe("genuine");
  });

  it("shows a product's new name on the next scan of its batches", async () => {
    const { onecode, admin, makeBatch, pkg, scan, product } = await cached();
    await makeBatch([pkg.id]);
    expect((await scan()).product?.name).toBe(product.name);
    await onecode.products.update(admin, product.id, { name: "明前龙井 renamed" });
    expect((await scan()).product?.name).toBe("明前龙井 renamed");
  });

  it("expires cached unknown codes after UNBOUND_CODE_TTL_MS", async () => {
    const { scan, hotState, clock } = await cached();
    await scan("NotYetGenerated1");
    clock.advance(UNBOUND_CODE_TTL_MS);
    expect(await hotState.cache.get("acme", codeCacheKey("NotYetGenerated1"))).toBeNull();
  });

  it("caches unknown codes briefly too, so codes generated later are found", async () => {
    const { scan, hotState } = await cached();
    await scan("NotYetGenerated1");
    expect(await hotState.cache.get("acme", codeCacheKey("NotYetGenerated1"))).toBe('{"u":1}');
  });

  it("drops a page written concurrently with a batch change", async () => {
    const { onecode, admin, makeBatch, pkg, scan, hotState, storage } = await cached();
    const batch = await makeBatch([pkg.id]);
    const original = storage.traceBatches.get;
    let calls = 0;
    storage.traceBatches.get = async (tenantId, id) => {
      const read = await original(tenantId, id);
      // A change commits (and deletes the key) between the page's read and its write.
      if (++calls === 1) await onecode.traceBatches.update(admin, batch.id, { remark: "changed" });
      return read;
    };
    try {
      await scan();
    } finally {
      storage.traceBatches.get = original;
    }
    expect(await hotState.cache.get("acme", batchCacheKey(batch.id))).toBeNull();
  });
});
