import { describe, expect, it } from "vitest";
import type { CodeRecord } from "../../src/codes/code-package.js";
import type { SealedProductInfo } from "../../src/trace/batches/trace-batch.js";
import { storedPackage } from "../distribution-fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";
import { changed, traceWorld } from "./trace-setup.js";

const AT = "2026-06-01T00:00:00.000Z";
const LATER = "2026-06-02T00:00:00.000Z";
const MISSING = "zz_00000000000000000000000000";
const SEAL = { sequence: 3, hash: "ef".repeat(32), sealedAt: LATER };
const PRODUCT: SealedProductInfo = {
  name: "龙井 Longjing",
  specification: "250g",
  description: "明前",
  images: ["https://img.example.com/1.png"],
  gtin: "06901234567892",
};

/** Package bindings and `markSealed`: atomic outcomes and races. */
export function batchBindingTests({ storage }: StorageSuiteContext): void {
  describe("trace batch package bindings and seals", () => {
    it("binds packages: the code count grows, the version increments, order is kept", async () => {
      const world = await traceWorld(storage());
      const batch = await world.batch();
      const first = await world.codePackage(40);
      const second = await world.codePackage(2);
      const once = changed(batch, { codeCount: 40, updatedAt: AT });
      expect(
        await storage().traceBatches.bindPackage(world.tenant, batch.id, first.id, AT),
      ).toEqual({ outcome: "bound", batch: once });
      const twice = changed(once, { codeCount: 42, updatedAt: LATER });
      expect(
        await storage().traceBatches.bindPackage(world.tenant, batch.id, second.id, LATER),
      ).toEqual({ outcome: "bound", batch: twice });
      expect(await storage().traceBatches.get(world.tenant, batch.id)).toEqual(twice);
      expect(await storage().traceBatches.listPackages(world.tenant, batch.id)).toEqual([
        first.id,
        second.id,
      ]);
      expect(await storage().traceBatches.batchOfPackage(world.tenant, second.id)).toBe(batch.id);
      expect(await storage().traceBatches.batchOfPackage(world.tenant, MISSING)).toBeNull();
      expect(await storage().traceBatches.listPackages(world.tenant, MISSING)).toEqual([]);
    });

    it("locates a code: package, serial and bound batch, within the tenant only", async () => {
      const world = await traceWorld(storage());
      const other = await traceWorld(storage());
      const { pkg, codes } = await storedPackage(storage(), world.tenant, 3);
      const code = (codes[1] as CodeRecord).code;
      const unbound = {
        packageId: pkg.id,
        serial: 2,
        batchId: null,
        status: null,
        statusVersion: 0,
      };
      expect(await storage().traceBatches.locateCode(world.tenant, code)).toEqual(unbound);
      const batch = await world.batch();
      await storage().traceBatches.bindPackage(world.tenant, batch.id, pkg.id, AT);
      expect(await storage().traceBatches.locateCode(world.tenant, code)).toEqual({
        ...unbound,
        batchId: batch.id,
      });
      expect(
        await storage().transaction((tx) => tx.traceBatches.locateCode(world.tenant, code)),
      ).toEqual({ ...unbound, batchId: batch.id });
      expect(await storage().traceBatches.locateCode(world.tenant, "NoSuchCode")).toBeNull();
      expect(await storage().traceBatches.locateCode(other.tenant, code)).toBeNull();
      // Concurrent look-ups (which an adapter may batch) each get their own answer.
      const all = await Promise.all(
        [...codes.map((row) => row.code), "NoSuchCode"].map((scanned) =>
          storage().traceBatches.locateCode(world.tenant, scanned),
        ),
      );
      expect(all).toEqual([
        ...codes.map((row) => ({
          packageId: pkg.id,
          serial: row.serial,
          batchId: batch.id,
          status: null,
          statusVersion: 0,
        })),
        null,
      ]);
    });

    it("refuses binds that break a rule, changing nothing", async () => {
      const world = await traceWorld(storage());
      const batch = await world.batch();
      const other = await world.batch();
      const bound = await world.codePackage();
      await storage().traceBatches.bindPackage(world.tenant, other.id, bound.id, AT);
      const fresh = await world.codePackage();
      const queued = await world.codePackage(10, { status: "validating" });
      const active = await world.batch({ status: "active" });
      const sealed = await world.batch({ seal: SEAL });
      const bind = (batchId: string, packageId: string) =>
        storage().traceBatches.bindPackage(world.tenant, batchId, packageId, AT);
      expect(await bind(MISSING, fresh.id)).toEqual({ outcome: "batch_not_found" });
      expect(await bind(batch.id, MISSING)).toEqual({ outcome: "package_not_found" });
      expect(await bind(batch.id, queued.id)).toEqual({ outcome: "package_not_ready" });
      expect(await bind(batch.id, bound.id)).toEqual({
        outcome: "already_bound",
        batchId: other.id,
      });
      expect(await bind(other.id, bound.id)).toEqual({
        outcome: "already_bound",
        batchId: other.id,
      });
      expect(await bind(active.id, fresh.id)).toEqual({
        outcome: "wrong_status",
        status: "active",
      });
      expect(await bind(sealed.id, fresh.id)).toEqual({ outcome: "sealed" });
      for (const unchanged of [batch, active, sealed]) {
        expect(await storage().traceBatches.get(world.tenant, unchanged.id)).toEqual(unchanged);
      }
      expect(await storage().traceBatches.batchOfPackage(world.tenant, fresh.id)).toBeNull();
    });

    it("binds one package to exactly one of many batches binding it at once", async () => {
      const world = await traceWorld(storage());
      const batches = await Promise.all(Array.from({ length: 6 }, () => world.batch()));
      const pkg = await world.codePackage(25);
      const results = await Promise.all(
        batches.map((batch) =>
          storage().traceBatches.bindPackage(world.tenant, batch.id, pkg.id, AT),
        ),
      );
      const winners = results.flatMap((result) => (result.outcome === "bound" ? [result] : []));
      expect(winners).toHaveLength(1);
      const winner = winners[0]?.batch.id;
      for (const result of results) {
        if (result.outcome !== "bound")
          expect(result).toEqual({ outcome: "already_bound", batchId: winner });
      }
      expect(await storage().traceBatches.batchOfPackage(world.tenant, pkg.id)).toBe(winner);
      for (const batch of batches) {
        const stored = await storage().traceBatches.get(world.tenant, batch.id);
        expect(stored?.codeCount).toBe(batch.id === winner ? 25 : 0);
      }
    });

    it("counts every one of many packages bound to one batch at once", async () => {
      const world = await traceWorld(storage());
      const batch = await world.batch();
      const packages = await Promise.all(
        Array.from({ length: 10 }, (_, i) => world.codePackage(i + 1)),
      );
      const results = await Promise.all(
        packages.map((pkg) =>
          storage().traceBatches.bindPackage(world.tenant, batch.id, pkg.id, AT),
        ),
      );
      expect(results.every((result) => result.outcome === "bound")).toBe(true);
      const stored = await storage().traceBatches.get(world.tenant, batch.id);
      expect(stored?.codeCount).toBe(55);
      expect(stored?.version).toBe(11);
      const listed = await storage().traceBatches.listPackages(world.tenant, batch.id);
      expect([...listed].sort()).toEqual(packages.map((pkg) => pkg.id).sort());
    });

    it("unbinds a package of an inactive, unsealed batch, reversing the bind", async () => {
      const world = await traceWorld(storage());
      const batch = await world.batch();
      const other = await world.batch();
      const pkg = await world.codePackage(40);
      await storage().traceBatches.bindPackage(world.tenant, batch.id, pkg.id, AT);
      const unbind = (batchId: string, packageId: string) =>
        storage().traceBatches.unbindPackage(world.tenant, batchId, packageId, LATER);
      expect(await unbind(other.id, pkg.id)).toEqual({ outcome: "not_bound" });
      expect(await unbind(MISSING, pkg.id)).toEqual({ outcome: "not_bound" });
      expect(await unbind(batch.id, MISSING)).toEqual({ outcome: "not_bound" });
      const expected = { ...batch, codeCount: 0, version: 3, updatedAt: LATER };
      expect(await unbind(batch.id, pkg.id)).toEqual({ outcome: "unbound", batch: expected });
      expect(await unbind(batch.id, pkg.id)).toEqual({ outcome: "not_bound" });
      expect(await storage().traceBatches.listPackages(world.tenant, batch.id)).toEqual([]);
      expect(await storage().traceBatches.batchOfPackage(world.tenant, pkg.id)).toBeNull();
      expect(
        (await storage().traceBatches.bindPackage(world.tenant, other.id, pkg.id, AT)).outcome,
      ).toBe("bound");
    });

    it("refuses unbinding from an active or a sealed batch", async () => {
      const world = await traceWorld(storage());
      const batch = await world.batch();
      const pkg = await world.codePackage();
      await storage().traceBatches.bindPackage(world.tenant, batch.id, pkg.id, AT);
      await storage().traceBatches.setStatus(world.tenant, batch.id, ["inactive"], "active", AT);
      expect(
        await storage().traceBatches.unbindPackage(world.tenant, batch.id, pkg.id, LATER),
      ).toEqual({ outcome: "wrong_status", status: "active" });
      const sealed = await world.batch();
      const sealedPackage = await world.codePackage();
      await storage().traceBatches.bindPackage(world.tenant, sealed.id, sealedPackage.id, AT);
      await storage().traceBatches.markSealed(world.tenant, sealed.id, SEAL, PRODUCT, 2);
      expect(
        await storage().traceBatches.unbindPackage(
          world.tenant,
          sealed.id,
          sealedPackage.id,
          LATER,
        ),
      ).toEqual({ outcome: "sealed" });
      expect(await storage().traceBatches.batchOfPackage(world.tenant, sealedPackage.id)).toBe(
        sealed.id,
      );
    });

    it("marks a batch sealed once, only at the expected version", async () => {
      const world = await traceWorld(storage());
      const batch = await world.batch();
      expect(
        await storage().traceBatches.markSealed(world.tenant, batch.id, SEAL, PRODUCT, 2),
      ).toEqual({ outcome: "version_changed", version: 1 });
      const sealed = changed(batch, { seal: SEAL, sealedProduct: PRODUCT, updatedAt: LATER });
      expect(
        await storage().traceBatches.markSealed(world.tenant, batch.id, SEAL, PRODUCT, 1),
      ).toEqual({ outcome: "updated", batch: sealed });
      expect(await storage().traceBatches.get(world.tenant, batch.id)).toEqual(sealed);
      expect(
        await storage().traceBatches.markSealed(world.tenant, batch.id, SEAL, PRODUCT, 2),
      ).toEqual({ outcome: "sealed" });
      expect(
        await storage().traceBatches.markSealed(world.tenant, MISSING, SEAL, PRODUCT, 1),
      ).toEqual({ outcome: "not_found" });
    });

    it("seals a batch exactly once when many seal it at once", async () => {
      const world = await traceWorld(storage());
      const batch = await world.batch();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          storage().traceBatches.markSealed(
            world.tenant,
            batch.id,
            { ...SEAL, sequence: i + 1 },
            PRODUCT,
            1,
          ),
        ),
      );
      const winners = results.flatMap((result) => (result.outcome === "updated" ? [result] : []));
      expect(winners).toHaveLength(1);
      expect(await storage().traceBatches.get(world.tenant, batch.id)).toEqual(winners[0]?.batch);
      for (const result of results) {
        if (result.outcome !== "updated")
          expect(["sealed", "version_changed"]).toContain(result.outcome);
      }
    });
  });
}
