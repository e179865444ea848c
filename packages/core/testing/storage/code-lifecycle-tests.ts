import { describe, expect, it } from "vitest";
import type { CodeRecord } from "../../src/codes/code-package.js";
import type { PageQuery } from "../../src/kernel/pagination.js";
import type { CodeLifecycleEntry } from "../../src/trace/lifecycle/code-lifecycle.js";
import { storedPackage } from "../distribution-fixtures.js";
import { freshTenantId } from "../fixtures.js";
import { aggregationChangeRecord, lifecycleEntryRecord } from "../lifecycle-fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const LATER = "2026-02-01T00:00:00.000Z";
const page: PageQuery = { limit: 50, beforeId: null };

/** Void, recall and restore entries per serial range, status look-ups and status versions. */
export function codeLifecycleTests({ storage }: StorageSuiteContext): void {
  const lifecycle = () => storage().codeLifecycle;

  async function world(total = 30) {
    const tenant = freshTenantId();
    const { pkg, codes } = await storedPackage(storage(), tenant, total);
    const range = (fromSerial: number, toSerial: number) => ({
      packageId: pkg.id,
      fromSerial,
      toSerial,
    });
    return { tenant, pkg, codes, range };
  }

  const statusOf = (entry: CodeLifecycleEntry) => ({
    entryId: entry.id,
    kind: entry.kind,
    reason: entry.reason,
    consumerMessage: entry.consumerMessage,
    since: entry.createdAt,
  });

  describe("code lifecycle entries", () => {
    it("stores a void over a range, raising the package's status version, and answers it for every code in the range", async () => {
      const { tenant, pkg, codes, range } = await world();
      const entry = lifecycleEntryRecord(tenant, range(5, 20), { consumerMessage: "退回门店" });
      expect(await lifecycle().insertVoid(entry)).toEqual({ outcome: "inserted", entry });
      expect(await lifecycle().get(tenant, entry.id)).toEqual(entry);
      expect(await lifecycle().statusVersions(tenant, [pkg.id, "pkg_none"])).toEqual({
        [pkg.id]: 1,
      });
      for (const serial of [5, 12, 20]) {
        expect(await lifecycle().statusOf(tenant, pkg.id, serial)).toEqual(statusOf(entry));
      }
      for (const serial of [4, 21]) {
        expect(await lifecycle().statusOf(tenant, pkg.id, serial)).toBeNull();
      }
      expect(
        await storage().traceBatches.locateCode(tenant, (codes[11] as CodeRecord).code),
      ).toEqual({
        packageId: pkg.id,
        serial: 12,
        batchId: null,
        status: statusOf(entry),
        statusVersion: 1,
      });
      const other = freshTenantId();
      expect(await lifecycle().get(other, entry.id)).toBeNull();
      expect(await lifecycle().statusOf(other, pkg.id, 12)).toBeNull();
      expect(await lifecycle().statusVersions(other, [pkg.id])).toEqual({});
    });

    it("returns the active entry of the same kind and range instead of storing another", async () => {
      const { tenant, pkg, range } = await world();
      const first = lifecycleEntryRecord(tenant, range(1, 10));
      await lifecycle().insertVoid(first);
      const again = lifecycleEntryRecord(tenant, range(1, 10), { reason: "damaged" });
      expect(await lifecycle().insertVoid(again)).toEqual({ outcome: "exists", entry: first });
      expect(await lifecycle().get(tenant, again.id)).toBeNull();
      expect(await lifecycle().statusVersions(tenant, [pkg.id])).toEqual({ [pkg.id]: 1 });
      const recall = lifecycleEntryRecord(tenant, range(1, 10), {
        kind: "recall",
        reason: "quality",
      });
      expect((await lifecycle().insertVoid(recall)).outcome).toBe("inserted");
      const wider = lifecycleEntryRecord(tenant, range(1, 11));
      expect((await lifecycle().insertVoid(wider)).outcome).toBe("inserted");
      expect(await lifecycle().statusVersions(tenant, [pkg.id])).toEqual({ [pkg.id]: 3 });
    });

    it("stores one entry of many concurrent identical voids", async () => {
      const { tenant, pkg, range } = await world();
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          lifecycle().insertVoid(lifecycleEntryRecord(tenant, range(3, 9))),
        ),
      );
      const inserted = results.filter((result) => result.outcome === "inserted");
      expect(inserted).toHaveLength(1);
      const winner = inserted[0]?.entry;
      expect(results.map((result) => result.entry)).toEqual(results.map(() => winner));
      expect(await lifecycle().list(tenant, {}, page)).toEqual([winner]);
      expect(await lifecycle().statusVersions(tenant, [pkg.id])).toEqual({ [pkg.id]: 1 });
    });

    it("answers the newest active entry when entries overlap", async () => {
      const { tenant, pkg, range } = await world();
      const older = lifecycleEntryRecord(tenant, range(1, 30));
      const newer = lifecycleEntryRecord(tenant, range(10, 12), {
        kind: "recall",
        reason: "safety",
        createdAt: LATER,
      });
      await lifecycle().insertVoid(older);
      await lifecycle().insertVoid(newer);
      expect(await lifecycle().statusOf(tenant, pkg.id, 11)).toEqual(statusOf(newer));
      expect(await lifecycle().statusOf(tenant, pkg.id, 13)).toEqual(statusOf(older));
      await lifecycle().restore(tenant, newer.id, "staff-2", LATER);
      expect(await lifecycle().statusOf(tenant, pkg.id, 11)).toEqual(statusOf(older));
    });

    it("restores an active entry once, raising the status version; a restored one comes back unchanged", async () => {
      const { tenant, pkg, range } = await world();
      const entry = lifecycleEntryRecord(tenant, range(2, 4));
      await lifecycle().insertVoid(entry);
      const restored = { ...entry, restoredBy: "staff-2", restoredAt: LATER };
      expect(await lifecycle().restore(tenant, entry.id, "staff-2", LATER)).toEqual({
        outcome: "restored",
        entry: restored,
      });
      expect(await lifecycle().statusOf(tenant, pkg.id, 3)).toBeNull();
      expect(await lifecycle().statusVersions(tenant, [pkg.id])).toEqual({ [pkg.id]: 2 });
      expect(
        await lifecycle().restore(tenant, entry.id, "staff-3", "2026-03-01T00:00:00.000Z"),
      ).toEqual({ outcome: "not_restorable", entry: restored });
      expect(
        await lifecycle().restore(tenant, "lcy_00000000000000000000000000", "x", LATER),
      ).toEqual({ outcome: "not_found" });
      expect(await lifecycle().restore(freshTenantId(), entry.id, "x", LATER)).toEqual({
        outcome: "not_found",
      });
      // Voiding the same range again makes a new entry: the old one is no longer active.
      expect(
        (await lifecycle().insertVoid(lifecycleEntryRecord(tenant, range(2, 4)))).outcome,
      ).toBe("inserted");
    });

    it("restores an entry once under concurrent restores", async () => {
      const { tenant, pkg, range } = await world();
      const entry = lifecycleEntryRecord(tenant, range(1, 1));
      await lifecycle().insertVoid(entry);
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => lifecycle().restore(tenant, entry.id, `s${i}`, LATER)),
      );
      expect(results.filter((result) => result.outcome === "restored")).toHaveLength(1);
      expect(await lifecycle().statusVersions(tenant, [pkg.id])).toEqual({ [pkg.id]: 2 });
    });

    it("leaves no entry, link, history or version behind when its transaction rolls back", async () => {
      const { tenant, pkg, range } = await world();
      const failure = new Error("rolled back on purpose");
      await expect(
        storage().transaction(async (tx) => {
          await tx.codeLifecycle.insertVoid(lifecycleEntryRecord(tenant, range(1, 3)));
          await tx.aggregation.apply(tenant, {
            packageId: pkg.id,
            expectedVersion: 0,
            holders: { serials: [1], expectedHolder: undefined },
            relinks: [{ serial: 2, parentSerial: null, layoutParent: false }],
            changes: [aggregationChangeRecord(tenant, pkg.id, 1, { fromSerial: 2, toSerial: 2 })],
          });
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await lifecycle().list(tenant, {}, page)).toEqual([]);
      expect(await lifecycle().statusVersions(tenant, [pkg.id])).toEqual({});
      expect(
        await storage().aggregation.linksAround(tenant, pkg.id, [{ fromSerial: 1, toSerial: 30 }]),
      ).toEqual({ version: 0, links: [] });
      expect(
        await storage().aggregation.changesOfPackage(tenant, pkg.id, { offset: 0, limit: 10 }),
      ).toEqual([]);
    });

    it("lists entries newest first, by kind, package, covering serial and activity", async () => {
      const { tenant, pkg, range } = await world();
      const second = await storedPackage(storage(), tenant, 5);
      const a = lifecycleEntryRecord(tenant, range(1, 5));
      const b = lifecycleEntryRecord(tenant, range(4, 9), { kind: "recall", reason: "quality" });
      const c = lifecycleEntryRecord(tenant, {
        packageId: second.pkg.id,
        fromSerial: 1,
        toSerial: 1,
      });
      for (const entry of [a, b, c]) await lifecycle().insertVoid(entry);
      await lifecycle().restore(tenant, a.id, "staff-2", LATER);
      const ids = async (filter: object, query = page) =>
        (await lifecycle().list(tenant, filter, query)).map((entry) => entry.id);
      expect(await ids({})).toEqual([c.id, b.id, a.id]);
      expect(await ids({ kind: "recall" })).toEqual([b.id]);
      expect(await ids({ packageId: pkg.id })).toEqual([b.id, a.id]);
      expect(await ids({ packageId: pkg.id, serial: 4 })).toEqual([b.id, a.id]);
      expect(await ids({ packageId: pkg.id, serial: 2 })).toEqual([a.id]);
      expect(await ids({ packageId: pkg.id, serial: 10 })).toEqual([]);
      expect(await ids({ active: true })).toEqual([c.id, b.id]);
      expect(await ids({ active: false })).toEqual([a.id]);
      expect(await ids({}, { limit: 1, beforeId: c.id })).toEqual([b.id]);
      expect(await lifecycle().list(freshTenantId(), {}, page)).toEqual([]);
    });
  });
}
