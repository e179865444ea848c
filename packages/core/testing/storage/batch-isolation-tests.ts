import { describe, expect, it } from "vitest";
import {
  freshTenantId,
  ledgerEntryRecord,
  productionLineRecord,
  productionTaskRecord,
  traceBatchRecord,
} from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";
import { traceWorld } from "./trace-setup.js";

const AT = "2026-06-01T00:00:00.000Z";
const PAGE = { limit: 50, beforeId: null };
const SEAL = { sequence: 1, hash: "34".repeat(32), sealedAt: AT };
const PRODUCT = { name: "x", specification: "", description: "", images: [], gtin: null };

/** Tenant isolation and transactions of the trace batch, production and ledger repositories. */
export function batchIsolationTests({ storage }: StorageSuiteContext): void {
  describe("trace batch, production and ledger tenant isolation", () => {
    it("hides one tenant's batches, bindings, lines, tasks and ledger from another", async () => {
      const owner = await traceWorld(storage());
      const intruder = freshTenantId();
      const batch = await owner.batch();
      const pkg = await owner.codePackage();
      await storage().traceBatches.bindPackage(owner.tenant, batch.id, pkg.id, AT);
      const line = productionLineRecord(owner.tenant);
      await storage().production.insertLine(line);
      const task = productionTaskRecord(owner.tenant, batch.id, line.id);
      await storage().production.insertTask(task);
      const entry = ledgerEntryRecord(owner.tenant, null, { subjectId: batch.id });
      await storage().ledger.append(entry);
      const batches = storage().traceBatches;
      const production = storage().production;

      expect(await batches.get(intruder, batch.id)).toBeNull();
      expect(await batches.list(intruder, {}, PAGE)).toEqual([]);
      expect(await batches.list(intruder, { productId: owner.product.id }, PAGE)).toEqual([]);
      expect(await batches.update(intruder, batch.id, { remark: "x", updatedAt: AT })).toEqual({
        outcome: "not_found",
      });
      expect(await batches.setStatus(intruder, batch.id, ["inactive"], "active", AT)).toEqual({
        outcome: "not_found",
      });
      expect(await batches.delete(intruder, batch.id)).toEqual({ outcome: "not_found" });
      expect(await batches.bindPackage(intruder, batch.id, pkg.id, AT)).toEqual({
        outcome: "batch_not_found",
      });
      expect(await batches.unbindPackage(intruder, batch.id, pkg.id, AT)).toEqual({
        outcome: "not_bound",
      });
      expect(await batches.listPackages(intruder, batch.id)).toEqual([]);
      expect(await batches.batchOfPackage(intruder, pkg.id)).toBeNull();
      expect(await batches.markSealed(intruder, batch.id, SEAL, PRODUCT, 2)).toEqual({
        outcome: "not_found",
      });
      // The intruder's batch cannot name the owner's product.
      expect(await batches.insert(traceBatchRecord(intruder, owner.product))).toEqual({
        outcome: "product_not_found",
      });

      expect(await production.getLine(intruder, line.id)).toBeNull();
      expect(await production.listLines(intruder, PAGE)).toEqual([]);
      expect(await production.updateLine(intruder, { ...line, name: "hijacked" })).toBeNull();
      expect(await production.deleteLine(intruder, line.id)).toEqual({ outcome: "not_found" });
      expect(await production.getTask(intruder, task.id)).toBeNull();
      expect(await production.listTasks(intruder, { batchId: batch.id }, PAGE)).toEqual([]);
      expect(await production.updateDraft(intruder, { ...task, name: "hijacked" })).toEqual({
        outcome: "not_found",
      });
      expect(
        await production.setTaskStatus(intruder, task.id, "draft", {
          status: "effective",
          line: null,
          updatedAt: AT,
        }),
      ).toEqual({ outcome: "not_found" });
      expect(await production.deleteDraft(intruder, task.id)).toEqual({ outcome: "not_found" });
      expect(await production.markTaskSealed(intruder, task.id, SEAL)).toEqual({
        outcome: "not_found",
      });
      expect(
        await production.insertTask(productionTaskRecord(intruder, batch.id, line.id)),
      ).toEqual({ outcome: "batch_not_found" });

      expect(await storage().ledger.last(intruder)).toBeNull();
      expect(await storage().ledger.list(intruder, 0, 10)).toEqual([]);
      expect(await storage().ledger.findBySubject(intruder, "batch", batch.id)).toBeNull();

      const owned = await batches.get(owner.tenant, batch.id);
      expect(owned).toMatchObject({ codeCount: pkg.total, version: 2, status: "inactive" });
      expect(await production.getTask(owner.tenant, task.id)).toEqual(task);
      expect(await storage().ledger.list(owner.tenant, 0, 10)).toEqual([entry]);
    });

    it("binds a package only within its own tenant", async () => {
      const a = await traceWorld(storage());
      const b = await traceWorld(storage());
      const batchB = await b.batch();
      const packageA = await a.codePackage();
      expect(
        await storage().traceBatches.bindPackage(b.tenant, batchB.id, packageA.id, AT),
      ).toEqual({ outcome: "package_not_found" });
      expect(await storage().traceBatches.batchOfPackage(a.tenant, packageA.id)).toBeNull();
    });
  });

  describe("trace batches in transactions", () => {
    it("roll back a bind, a product count and a seal together", async () => {
      const world = await traceWorld(storage());
      const batch = await world.batch();
      const pkg = await world.codePackage(30);
      const failure = new Error("a later step failed");
      await expect(
        storage().transaction(async (tx) => {
          expect(
            (await tx.traceBatches.bindPackage(world.tenant, batch.id, pkg.id, AT)).outcome,
          ).toBe("bound");
          expect(await tx.products.adjustBoundCodes(world.tenant, world.product.id, 30)).toBe(30);
          const entry = ledgerEntryRecord(world.tenant, null, { subjectId: batch.id });
          expect(await tx.ledger.append(entry)).toEqual({ outcome: "appended" });
          const seal = { sequence: 1, hash: entry.hash, sealedAt: AT };
          expect(
            (await tx.traceBatches.markSealed(world.tenant, batch.id, seal, PRODUCT, 2)).outcome,
          ).toBe("updated");
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await storage().traceBatches.get(world.tenant, batch.id)).toEqual(batch);
      expect(await storage().traceBatches.batchOfPackage(world.tenant, pkg.id)).toBeNull();
      expect((await storage().products.get(world.tenant, world.product.id))?.boundCodeCount).toBe(
        0,
      );
      expect(await storage().ledger.last(world.tenant)).toBeNull();
    });

    it("commit an append and a seal together", async () => {
      const world = await traceWorld(storage());
      const line = productionLineRecord(world.tenant);
      await storage().production.insertLine(line);
      const batch = await world.batch();
      const task = productionTaskRecord(world.tenant, batch.id, line.id, {
        status: "effective",
        line: { name: line.name, lineCode: line.lineCode, workshop: "", factory: "" },
      });
      await storage().production.insertTask(task);
      const entry = ledgerEntryRecord(world.tenant, null, {
        subjectKind: "production_task",
        subjectId: task.id,
      });
      await storage().transaction(async (tx) => {
        await tx.ledger.append(entry);
        await tx.production.markTaskSealed(world.tenant, task.id, {
          sequence: 1,
          hash: entry.hash,
          sealedAt: AT,
        });
      });
      expect(await storage().ledger.last(world.tenant)).toEqual(entry);
      expect((await storage().production.getTask(world.tenant, task.id))?.seal).toEqual({
        sequence: 1,
        hash: entry.hash,
        sealedAt: AT,
      });
    });
  });
}
