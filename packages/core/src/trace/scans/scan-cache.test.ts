import { describe, expect, it } from "vitest";
import { ManualClock } from "../../kernel/clock.js";
import { memoryHotState } from "../../memory/memory-hot-state.js";
import type { HotState } from "../../ports/hot-state.js";
import { distributionTestKit, IPS } from "../distribution/distribution-test-kit.js";
import { batchCacheKey } from "../trace-runtime.js";
import { UNBOUND_CODE_TTL_MS } from "./scan-resolution.js";

async function cached() {
  const kit = await distributionTestKit();
  const { pkg, codes } = await kit.makePackage({ quantity: 2 });
  const code = codes[0]?.code as string;
  const scan = (scanned = code) =>
    kit.onecode.scans.scan({ tenantId: "acme", code: scanned, ip: IPS.guangdong });
  return { ...kit, pkg, code, scan };
}

/** A distribution kit whose hot-state cache counts its reads and whose storage counts code look-ups. */
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
  const located: string[] = [];
  const locateCode = kit.storage.traceBatches.locateCode;
  kit.storage.traceBatches.locateCode = (tenantId, code) => {
    located.push(code);
    return locateCode(tenantId, code);
  };
  const scan = (code: string) =>
    kit.onecode.scans.scan({ tenantId: "acme", code, ip: IPS.guangdong });
  return { ...kit, reads, located, batch, code: codes[0]?.code as string, scan };
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

  it("reads only the batch page from hot state and locates a code in storage once per process", async () => {
    const { reads, located, scan, code, batch } = await counting();
    await scan(code);
    expect(reads.splice(0)).toEqual([batchCacheKey(batch.id)]);
    expect(located.splice(0)).toEqual([code]);
    expect((await scan(code)).verdict).toBe("genuine");
    expect(reads.splice(0)).toEqual([batchCacheKey(batch.id)]);
    expect(located).toEqual([]);
    // Unknown codes: the same reads and look-ups, first time and repeat.
    await scan("NoSuchCode000001");
    expect(reads.splice(0)).toHaveLength(1);
    expect(located.splice(0)).toEqual(["NoSuchCode000001"]);
    await scan("NoSuchCode000001");
    expect(reads.splice(0)).toHaveLength(1);
    expect(located).toEqual([]);
  });

  it("never caches code locations in hot state", async () => {
    const { reads, scan, code, hotState } = await counting();
    const written: string[] = [];
    const set = hotState.cache.set;
    hotState.cache.set = (tenantId, key, value, ttlMs) => {
      written.push(key);
      return set(tenantId, key, value, ttlMs);
    };
    await scan(code);
    await scan("NoSuchCode000001");
    expect(written.length).toBeGreaterThan(0);
    expect([...written, ...reads].every((key) => key.startsWith("trace:batch:"))).toBe(true);
  });

  it("locates the code in storage on every scan when the in-process memory is off", async () => {
    const { located, scan, code } = await counting({ scanLocalCacheEntries: 0 });
    await scan(code);
    await scan(code);
    expect(located).toEqual([code, code]);
  });

  it("looks a remembered unknown code up again after UNBOUND_CODE_TTL_MS, so codes generated later are found", async () => {
    const { located, scan, clock } = await counting();
    await scan("NotYetGenerated1");
    await scan("NotYetGenerated1");
    expect(located.splice(0)).toEqual(["NotYetGenerated1"]);
    clock.advance(UNBOUND_CODE_TTL_MS);
    await scan("NotYetGenerated1");
    expect(located).toEqual(["NotYetGenerated1"]);
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

  it("follows a package unbound from one batch and bound to another after the code was remembered", async () => {
    const { onecode, admin, makeBatch, pkg, scan } = await cached();
    const first = await makeBatch([pkg.id], { status: "inactive" });
    expect((await scan()).batchState).toBe("inactive");
    await onecode.traceBatches.unbindPackage(admin, first.id, pkg.id);
    expect((await scan()).verdict).toBe("unknown_code");
    await onecode.traceBatches.setStatus(admin, first.id, "active");
    expect((await scan()).verdict).toBe("unknown_code");
    const second = await makeBatch([pkg.id]);
    const result = await scan();
    expect(result.verdict).toBe("genuine");
    expect(result.batch?.batchNumber).toBe(second.batchNumber);
  });

  it("sees a newly bound package on the very next scan", async () => {
    const { makeBatch, pkg, scan } = await cached();
    expect((await scan()).verdict).toBe("unknown_code");
    // A known code of an unbound package is not remembered: binding cannot know which codes were scanned.
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
