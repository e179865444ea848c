import { describe, expect, it } from "vitest";
import type { TraceBatchStatus } from "../../src/trace/batches/trace-batch.js";
import {
  productionLineRecord,
  productionTaskRecord,
  productRecord,
  traceBatchRecord,
} from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";
import { changed, traceWorld } from "./trace-setup.js";

const AT = "2026-06-01T00:00:00.000Z";
const LATER = "2026-06-02T00:00:00.000Z";
const LATEST = "2026-06-03T00:00:00.000Z";
const MISSING = "batch_00000000000000000000000000";
const SEAL = { sequence: 1, hash: "cd".repeat(32), sealedAt: AT };

/** Trace batch rows: insert, read, list, update, status moves and delete, including races. */
export function traceBatchTests({ storage }: StorageSuiteContext): void {
  describe("trace batches", () => {
    it("stores a batch and reads every field back unchanged", async () => {
      const { tenant, product } = await traceWorld(storage());
      const batch = traceBatchRecord(tenant, product, {
        shelfLifeDays: null,
        expiryDate: null,
        remark: '多行\n"引号" 😀',
        customFields: [
          {
            title: "视频",
            type: "video",
            content: "https://v.example.com/1.mp4",
            showOnScan: true,
          },
          { title: "长文", type: "long_text", content: "长".repeat(5000), showOnScan: false },
        ],
        template: {
          kind: "brand",
          headerImage: "https://img.example.com/h.png",
          brandVideo: "https://v.example.com/b.mp4",
          showScanHistory: false,
          showAuthenticityCheck: true,
        },
      });
      expect(await storage().traceBatches.insert(batch)).toEqual({ outcome: "inserted" });
      expect(await storage().traceBatches.get(tenant, batch.id)).toEqual(batch);
      const sealed = traceBatchRecord(tenant, product, {
        seal: SEAL,
        sealedProduct: { name: "龙井", specification: "", description: "", images: [], gtin: null },
        version: 7,
      });
      expect(await storage().traceBatches.insert(sealed)).toEqual({ outcome: "inserted" });
      expect(await storage().traceBatches.get(tenant, sealed.id)).toEqual(sealed);
      expect(await storage().traceBatches.get(tenant, MISSING)).toBeNull();
    });

    it("refuses a batch whose product is missing, storing nothing", async () => {
      const { tenant, merchant } = await traceWorld(storage());
      const batch = traceBatchRecord(tenant, productRecord(tenant, merchant.id));
      expect(await storage().traceBatches.insert(batch)).toEqual({ outcome: "product_not_found" });
      expect(await storage().traceBatches.get(tenant, batch.id)).toBeNull();
    });

    it("keeps batch numbers unique within a tenant but not across tenants", async () => {
      const a = await traceWorld(storage());
      const b = await traceWorld(storage());
      await a.batch({ batchNumber: "20260401" });
      const duplicate = traceBatchRecord(a.tenant, a.product, { batchNumber: "20260401" });
      expect(await storage().traceBatches.insert(duplicate)).toEqual({
        outcome: "batch_number_taken",
      });
      expect(await storage().traceBatches.get(a.tenant, duplicate.id)).toBeNull();
      await b.batch({ batchNumber: "20260401" });
    });

    it("lets exactly one of many concurrent inserts claim a batch number", async () => {
      const { tenant, product } = await traceWorld(storage());
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          storage().traceBatches.insert(traceBatchRecord(tenant, product, { batchNumber: "同号" })),
        ),
      );
      expect(results.filter((result) => result.outcome === "inserted")).toHaveLength(1);
    });

    it("lists newest first, filtered and paged", async () => {
      const world = await traceWorld(storage());
      const other = productRecord(world.tenant, world.merchant.id);
      await storage().products.insert(other);
      const first = await world.batch();
      const second = await world.batch({ status: "active" });
      const third = await world.batch({ productId: other.id });
      const ids = async (filter: object, beforeId: string | null = null, limit = 50) =>
        (await storage().traceBatches.list(world.tenant, filter, { limit, beforeId })).map(
          (batch) => batch.id,
        );
      expect(await ids({})).toEqual([third.id, second.id, first.id]);
      expect(await ids({ productId: world.product.id })).toEqual([second.id, first.id]);
      expect(await ids({ merchantId: world.merchant.id, status: "inactive" })).toEqual([
        third.id,
        first.id,
      ]);
      expect(await ids({ batchNumber: second.batchNumber })).toEqual([second.id]);
      expect(await ids({ merchantId: "mch_00000000000000000000000000" })).toEqual([]);
      expect(await ids({}, null, 2)).toEqual([third.id, second.id]);
      expect(await ids({}, second.id, 2)).toEqual([first.id]);
    });

    it("updates the given fields, increments the version and keeps the rest", async () => {
      const world = await traceWorld(storage());
      const batch = await world.batch();
      const taken = await world.batch();
      const changes = {
        remark: "改",
        productionDate: "2026-05-01",
        shelfLifeDays: 30,
        expiryDate: "2026-05-31",
        updatedAt: AT,
      };
      const expected = changed(batch, changes);
      expect(await storage().traceBatches.update(world.tenant, batch.id, changes)).toEqual({
        outcome: "updated",
        batch: expected,
      });
      expect(await storage().traceBatches.get(world.tenant, batch.id)).toEqual(expected);
      expect(
        await storage().traceBatches.update(world.tenant, batch.id, {
          batchNumber: taken.batchNumber,
          updatedAt: AT,
        }),
      ).toEqual({ outcome: "batch_number_taken" });
      expect(
        await storage().traceBatches.update(world.tenant, batch.id, {
          batchNumber: batch.batchNumber,
          customFields: [],
          updatedAt: AT,
        }),
      ).toEqual({ outcome: "updated", batch: changed(expected, { customFields: [] }) });
      expect(
        await storage().traceBatches.update(world.tenant, MISSING, { remark: "x", updatedAt: AT }),
      ).toEqual({ outcome: "not_found" });
    });

    it("refuses trace-field changes of a sealed batch but lets its template change", async () => {
      const world = await traceWorld(storage());
      const batch = await world.batch({ seal: SEAL });
      for (const changes of [{ remark: "x" }, { customFields: [] }, { expiryDate: null }]) {
        expect(
          await storage().traceBatches.update(world.tenant, batch.id, {
            ...changes,
            updatedAt: AT,
          }),
        ).toEqual({ outcome: "sealed" });
      }
      expect(await storage().traceBatches.get(world.tenant, batch.id)).toEqual(batch);
      const template = { ...batch.template, kind: "identity" as const };
      expect(
        await storage().traceBatches.update(world.tenant, batch.id, { template, updatedAt: AT }),
      ).toEqual({ outcome: "updated", batch: changed(batch, { template, updatedAt: AT }) });
    });

    it("moves the status only from one of the given statuses", async () => {
      const world = await traceWorld(storage());
      const batch = await world.batch();
      expect(
        await storage().traceBatches.setStatus(world.tenant, batch.id, ["active"], "frozen", AT),
      ).toEqual({ outcome: "wrong_status", status: "inactive" });
      const active = changed(batch, { status: "active", activatedAt: AT, updatedAt: AT });
      expect(
        await storage().traceBatches.setStatus(
          world.tenant,
          batch.id,
          ["inactive", "frozen"],
          "active",
          AT,
        ),
      ).toEqual({ outcome: "updated", batch: active });
      expect(await storage().traceBatches.get(world.tenant, batch.id)).toEqual(active);
      expect(
        await storage().traceBatches.setStatus(world.tenant, MISSING, ["inactive"], "active", AT),
      ).toEqual({ outcome: "not_found" });
    });

    it("keeps the first activation time when a batch is frozen and activated again", async () => {
      const world = await traceWorld(storage());
      const batch = await world.batch();
      const move = (from: TraceBatchStatus[], to: TraceBatchStatus, at: string) =>
        storage().traceBatches.setStatus(world.tenant, batch.id, from, to, at);
      await move(["inactive"], "active", AT);
      const frozen = await move(["active"], "frozen", LATER);
      expect(frozen).toMatchObject({ batch: { status: "frozen", activatedAt: AT } });
      const again = await move(["frozen"], "active", LATEST);
      expect(again).toMatchObject({
        batch: { status: "active", activatedAt: AT, updatedAt: LATEST, version: 4 },
      });
      expect(await storage().traceBatches.get(world.tenant, batch.id)).toMatchObject({
        activatedAt: AT,
      });
    });

    it("applies exactly one of many parallel status changes from the same status", async () => {
      const world = await traceWorld(storage());
      const batch = await world.batch();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          storage().traceBatches.setStatus(
            world.tenant,
            batch.id,
            ["inactive"],
            i % 2 ? "active" : "frozen",
            AT,
          ),
        ),
      );
      const winners = results.filter((result) => result.outcome === "updated");
      expect(winners).toHaveLength(1);
      const stored = await storage().traceBatches.get(world.tenant, batch.id);
      expect(stored?.version).toBe(2);
      expect(winners[0]).toEqual({ outcome: "updated", batch: stored });
      for (const result of results) {
        if (result.outcome !== "updated")
          expect(result).toEqual({ outcome: "wrong_status", status: stored?.status });
      }
    });

    it("deletes a batch without packages or tasks, refusing the others", async () => {
      const world = await traceWorld(storage());
      const empty = await world.batch();
      expect(await storage().traceBatches.delete(world.tenant, empty.id)).toEqual({
        outcome: "deleted",
      });
      expect(await storage().traceBatches.get(world.tenant, empty.id)).toBeNull();
      expect(await storage().traceBatches.delete(world.tenant, empty.id)).toEqual({
        outcome: "not_found",
      });

      const withPackages = await world.batch();
      for (const total of [10, 20]) {
        const pkg = await world.codePackage(total);
        await storage().traceBatches.bindPackage(world.tenant, withPackages.id, pkg.id, AT);
      }
      expect(await storage().traceBatches.delete(world.tenant, withPackages.id)).toEqual({
        outcome: "has_packages",
        packageCount: 2,
      });

      const withTasks = await world.batch();
      const line = productionLineRecord(world.tenant);
      await storage().production.insertLine(line);
      const task = productionTaskRecord(world.tenant, withTasks.id, line.id);
      await storage().production.insertTask(task);
      expect(await storage().traceBatches.delete(world.tenant, withTasks.id)).toEqual({
        outcome: "has_tasks",
        taskCount: 1,
      });
      await storage().production.deleteDraft(world.tenant, task.id);
      expect(await storage().traceBatches.delete(world.tenant, withTasks.id)).toEqual({
        outcome: "deleted",
      });
    });
  });
}
