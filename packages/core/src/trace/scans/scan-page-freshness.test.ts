import { describe, expect, it } from "vitest";
import { IPS } from "../distribution/distribution-test-kit.js";
import { batchCacheKey } from "../trace-runtime.js";
import type { ScanResult } from "./scan.js";
import { enterpriseCacheKey } from "./scan-cache-keys.js";
import { buildBatchPage } from "./scan-page.js";
import { traced } from "./scan-test-kit.js";

type Kit = Awaited<ReturnType<typeof traced>>;

/** One kind of committed change that consumers see on a scan of `code(2)`. */
interface Change {
  readonly name: string;
  /** The hot-state key the scan writes whose content the change makes stale. */
  readonly key: (kit: Kit) => string;
  readonly commit: (kit: Kit) => Promise<unknown>;
  /** Asserts that a scan result shows the change. */
  readonly shown: (result: ScanResult, kit: Kit) => void;
}

const draftTaskId = async ({ onecode, admin, batch }: Kit) => {
  const drafts = await onecode.production.listTasks(admin, { batchId: batch.id, status: "draft" });
  return drafts.items[0]?.id as string;
};
const effectiveTaskId = async ({ onecode, admin, batch }: Kit) => {
  const tasks = await onecode.production.listTasks(admin, {
    batchId: batch.id,
    status: "effective",
  });
  return tasks.items[0]?.id as string;
};
const batchPage = ({ batch }: Kit) => batchCacheKey(batch.id);

const CHANGES: readonly Change[] = [
  {
    name: "a batch field edit",
    key: batchPage,
    commit: ({ onecode, admin, batch }) =>
      onecode.traceBatches.update(admin, batch.id, { batchNumber: "RENAMED-1" }),
    shown: (result) => expect(result.batch?.batchNumber).toBe("RENAMED-1"),
  },
  {
    name: "a scan-page template edit",
    key: batchPage,
    commit: ({ onecode, admin, batch }) =>
      onecode.traceBatches.update(admin, batch.id, {
        template: { headerImage: "https://img.acme.example/header.png" },
      }),
    shown: (result) =>
      expect(result.batch?.template.headerImage).toBe("https://img.acme.example/header.png"),
  },
  {
    name: "a status change",
    key: batchPage,
    commit: ({ onecode, admin, batch }) =>
      onecode.traceBatches.setStatus(admin, batch.id, "frozen"),
    shown: (result) => expect(result.batchState).toBe("suspended"),
  },
  {
    name: "sealing the batch",
    key: batchPage,
    commit: ({ onecode, admin, batch }) => onecode.seals.sealBatch(admin, batch.id),
    shown: (result) => expect(result.batch?.sealed).toBe(true),
  },
  {
    name: "an edit of the batch's product",
    key: batchPage,
    commit: ({ onecode, admin, product }) =>
      onecode.products.update(admin, product.id, {
        name: "明前龙井 renamed",
        images: ["https://img.acme.example/2.png"],
      }),
    shown: (result) => {
      expect(result.product?.name).toBe("明前龙井 renamed");
      expect(result.product?.images).toEqual(["https://img.acme.example/2.png"]);
    },
  },
  {
    name: "a production task made effective",
    key: batchPage,
    commit: async (kit) =>
      kit.onecode.production.setTaskStatus(kit.admin, await draftTaskId(kit), "effective"),
    shown: (result) =>
      expect(result.productionTasks.map((task) => task.name)).toEqual([
        "杀青 Fixing",
        "Draft task",
      ]),
  },
  {
    name: "a production task made ineffective",
    key: batchPage,
    commit: async (kit) =>
      kit.onecode.production.setTaskStatus(kit.admin, await effectiveTaskId(kit), "ineffective"),
    shown: (result) => expect(result.productionTasks).toEqual([]),
  },
  {
    name: "an enterprise rename",
    key: ({ distributor }) => enterpriseCacheKey(distributor.id),
    commit: ({ onecode, admin, distributor }) =>
      onecode.distribution.updateEnterprise(admin, distributor.id, { name: "华南经销商" }),
    shown: (result) => expect(result.distribution[0]?.to).toBe("华南经销商"),
  },
];

/**
 * Runs `commit` at the worst moment: after the scan read everything its
 * cache entry holds, before it writes the entry (so the change's own cache
 * delete comes first and finds nothing to delete).
 */
function commitBeforeTheWrite(kit: Kit, key: string, commit: () => Promise<unknown>): void {
  const { cache } = kit.hotState;
  const set = cache.set;
  let raced = false;
  cache.set = async (tenantId, written, value, ttlMs) => {
    if (written === key && !raced) {
      raced = true;
      await commit();
    }
    return set(tenantId, written, value, ttlMs);
  };
}

describe("scan pages after a committed change", () => {
  const cases = CHANGES.map((change) => [change.name, change] as const);

  it.each(cases)("show %s on the next scan", async (_name, change) => {
    const kit = await traced();
    await kit.scan(kit.code(2));
    await change.commit(kit);
    change.shown(await kit.scan(kit.code(2)), kit);
  });

  it.each(cases)("never keep a page built while %s commits", async (_name, change) => {
    const kit = await traced();
    commitBeforeTheWrite(kit, change.key(kit), () => change.commit(kit));
    await kit.scan(kit.code(2));
    change.shown(await kit.scan(kit.code(2)), kit);
  });

  /** An inactive batch with one bound package, and the cached page checked against storage. */
  const inactiveBatch = async (kit: Kit) => {
    const { pkg, codes } = await kit.makePackage({ quantity: 2 });
    const batch = await kit.makeBatch([pkg.id], { status: "inactive" });
    const cachedPageIsFresh = async () => {
      const cached = await kit.hotState.cache.get("acme", batchCacheKey(batch.id));
      const now = await kit.storage.traceBatches.get("acme", batch.id);
      if (!now) throw new Error("the batch exists");
      const fresh = JSON.stringify(await buildBatchPage(kit.storage, "acme", now));
      return cached === null || cached === fresh;
    };
    return { pkg, batch, code: codes[0]?.code as string, cachedPageIsFresh };
  };

  it("never keeps a page built while a package is unbound", async () => {
    const kit = await traced();
    const { pkg, batch, code, cachedPageIsFresh } = await inactiveBatch(kit);
    commitBeforeTheWrite(kit, batchCacheKey(batch.id), () =>
      kit.onecode.traceBatches.unbindPackage(kit.admin, batch.id, pkg.id),
    );
    expect((await kit.scan(code)).batchState).toBe("inactive");
    expect(await cachedPageIsFresh()).toBe(true);
    expect((await kit.scan(code)).verdict).toBe("unknown_code");
  });

  it("never keeps a page built while a package is bound", async () => {
    const kit = await traced();
    const { batch, code, cachedPageIsFresh } = await inactiveBatch(kit);
    const second = await kit.makePackage({ quantity: 2 });
    commitBeforeTheWrite(kit, batchCacheKey(batch.id), () =>
      kit.onecode.traceBatches.bindPackage(kit.admin, batch.id, second.pkg.id),
    );
    expect((await kit.scan(code)).batchState).toBe("inactive");
    expect(await cachedPageIsFresh()).toBe(true);
    expect((await kit.scan(second.codes[0]?.code as string)).batchState).toBe("inactive");
    const page = await kit.hotState.cache.get("acme", batchCacheKey(batch.id));
    expect(JSON.parse(page ?? "{}").packageIds).toContain(second.pkg.id);
  });

  it("never keeps an enterprise's sales region read while it changes, so diversion follows the new region", async () => {
    const kit = await traced();
    const { onecode, admin, distributor, scan, code } = kit;
    commitBeforeTheWrite(kit, enterpriseCacheKey(distributor.id), () =>
      onecode.distribution.updateEnterprise(admin, distributor.id, { salesRegion: "CN-BJ" }),
    );
    await scan(code(1), IPS.beijing); // reads the card for the holder (the distributor)
    expect((await onecode.scans.listAlerts(admin, { code: code(1) })).items).toHaveLength(1);
    await scan(code(1), IPS.guangdong);
    const alerts = await onecode.scans.listAlerts(admin, { code: code(1) });
    expect(alerts.items.map((alert) => [alert.scanRegion, alert.expectedRegion])).toEqual([
      ["CN-GD", "CN-BJ"],
      ["CN-BJ", "CN-GD"],
    ]);
  });
});
