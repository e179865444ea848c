import { describe, expect, it } from "vitest";
import type { StockDocument } from "../../src/trace/distribution/distribution.js";
import {
  enterpriseRecord,
  stockDocumentRecord,
  stockItem,
  storedPackage,
} from "../distribution-fixtures.js";
import { freshId, freshTenantId } from "../fixtures.js";
import { aggregationChangeRecord, lifecycleEntryRecord } from "../lifecycle-fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const LATER = "2026-03-02T00:00:00.000Z";
const page = { limit: 50, beforeId: null };

/** `moveCodes` conditions: segments, the aggregation version, voided codes, destruction. */
export function stockConditionTests({ storage }: StorageSuiteContext): void {
  const stock = () => storage().stock;

  /** A factory → shop tree, a package of 30 codes held by the factory, and a sale document. */
  async function world() {
    const tenant = freshTenantId();
    const factory = await storage().enterprises.insert(enterpriseRecord(tenant));
    if (factory.outcome !== "inserted") throw new Error("enterprise insert failed");
    const shop = await storage().enterprises.insert(
      enterpriseRecord(tenant, { parentId: factory.enterprise.id }),
    );
    if (shop.outcome !== "inserted") throw new Error("enterprise insert failed");
    const [from, to] = [factory.enterprise.id, shop.enterprise.id];
    const { pkg } = await storedPackage(storage(), tenant, 30);
    const entry = stockDocumentRecord(tenant, null, from, { inboundType: "production" });
    await stock().insertDocument(entry);
    const entryItem = stockItem(entry, pkg.id, 1, 30);
    await stock().moveCodes(tenant, entryItem, undefined, from);
    const document = async (overrides: Partial<StockDocument> = {}) => {
      const record = stockDocumentRecord(tenant, from, to, overrides);
      await stock().insertDocument(record);
      return record;
    };
    return { tenant, pkg, factory: from, shop: to, entryItem, document };
  }

  describe("stock moves under conditions", () => {
    it("moves exactly the given segments, recording an item per segment", async () => {
      const { tenant, pkg, factory, shop, entryItem, document } = await world();
      const sale = await document();
      const item = stockItem(sale, pkg.id, 1, 3, { scannedAt: LATER, code: "CASE-1" });
      const segments = [
        { fromSerial: 1, toSerial: 3 },
        { fromSerial: 5, toSerial: 5 },
        { fromSerial: 21, toSerial: 22 },
      ];
      const moved = await stock().moveCodes(tenant, item, factory, shop, { segments });
      expect(moved).toEqual({
        outcome: "moved",
        count: 6,
        document: { ...sale, codeCount: 6, updatedAt: LATER },
      });
      for (const serial of [1, 3, 5, 21, 22]) {
        expect((await stock().holderOf(tenant, pkg.id, serial))?.enterpriseId).toBe(shop);
      }
      for (const serial of [4, 6, 20, 23]) {
        expect((await stock().holderOf(tenant, pkg.id, serial))?.enterpriseId).toBe(factory);
      }
      const items = segments.map((segment) => ({
        ...item,
        range: { packageId: pkg.id, ...segment },
      }));
      expect(await stock().listItems(tenant, sale.id, { offset: 0, limit: 10 })).toEqual(items);
      const covering = await stock().itemsForCode(tenant, pkg.id, 21);
      expect(covering.map(({ item: found }) => found)).toEqual([entryItem, items[2]]);
      expect(await stock().itemsForCode(tenant, pkg.id, 4)).toHaveLength(1);
    });

    it("refuses all segments when one code of them is held elsewhere", async () => {
      const { tenant, pkg, factory, shop, document } = await world();
      const sale = await document();
      await stock().moveCodes(tenant, stockItem(sale, pkg.id, 7, 7), factory, shop);
      const segments = [
        { fromSerial: 1, toSerial: 2 },
        { fromSerial: 7, toSerial: 8 },
      ];
      expect(
        await stock().moveCodes(tenant, stockItem(sale, pkg.id, 1, 2), factory, shop, { segments }),
      ).toEqual({ outcome: "holder_mismatch", mismatched: 1 });
      expect((await stock().holderOf(tenant, pkg.id, 1))?.enterpriseId).toBe(factory);
      expect((await stock().getDocument(tenant, sale.id))?.codeCount).toBe(1);
    });

    it("moves only while the package's aggregation version is as given", async () => {
      const { tenant, pkg, factory, shop, document } = await world();
      const sale = await document();
      const item = stockItem(sale, pkg.id, 1, 10);
      const change = {
        packageId: pkg.id,
        expectedVersion: 0,
        holders: { serials: [1], expectedHolder: factory },
        relinks: [{ serial: 4, parentSerial: null, layoutParent: false }],
        changes: [aggregationChangeRecord(tenant, pkg.id, 1, { fromSerial: 4, toSerial: 4 })],
      };
      await storage().aggregation.apply(tenant, change);
      expect(
        await stock().moveCodes(tenant, item, factory, shop, { aggregationVersion: 0 }),
      ).toEqual({ outcome: "aggregation_changed", version: 1 });
      expect((await stock().holderOf(tenant, pkg.id, 1))?.enterpriseId).toBe(factory);
      expect(
        (await stock().moveCodes(tenant, item, factory, shop, { aggregationVersion: 1 })).outcome,
      ).toBe("moved");
    });

    it("refuses void and recalled codes when asked, naming the newest entry covering the move", async () => {
      const { tenant, pkg, factory, shop, document } = await world();
      const sale = await document();
      const lifecycle = storage().codeLifecycle;
      const older = lifecycleEntryRecord(tenant, {
        packageId: pkg.id,
        fromSerial: 9,
        toSerial: 12,
      });
      const newer = lifecycleEntryRecord(
        tenant,
        { packageId: pkg.id, fromSerial: 10, toSerial: 10 },
        { kind: "recall", reason: "quality" },
      );
      await lifecycle.insertVoid(older);
      await lifecycle.insertVoid(newer);
      const segments = [
        { fromSerial: 1, toSerial: 2 },
        { fromSerial: 10, toSerial: 10 },
      ];
      const item = stockItem(sale, pkg.id, 1, 2);
      expect(
        await stock().moveCodes(tenant, item, factory, shop, { segments, refuseVoided: true }),
      ).toEqual({ outcome: "voided", entryId: newer.id });
      expect(await stock().listItems(tenant, sale.id, { offset: 0, limit: 10 })).toEqual([]);
      expect(
        (
          await stock().moveCodes(tenant, stockItem(sale, pkg.id, 1, 8), factory, shop, {
            refuseVoided: true,
          })
        ).outcome,
      ).toBe("moved");
      // Without the condition (returns, destructions) voided codes move.
      expect(
        (await stock().moveCodes(tenant, stockItem(sale, pkg.id, 9, 9), factory, shop)).outcome,
      ).toBe("moved");
      await lifecycle.restore(tenant, newer.id, "staff-2", LATER);
      await lifecycle.restore(tenant, older.id, "staff-2", LATER);
      expect(
        (
          await stock().moveCodes(tenant, stockItem(sale, pkg.id, 10, 12), factory, shop, {
            refuseVoided: true,
          })
        ).outcome,
      ).toBe("moved");
    });

    it("records a destruction: a destroyed entry per segment, and a new status version", async () => {
      const { tenant, pkg, factory, document } = await world();
      const lifecycle = storage().codeLifecycle;
      const voided = lifecycleEntryRecord(tenant, {
        packageId: pkg.id,
        fromSerial: 1,
        toSerial: 30,
      });
      await lifecycle.insertVoid(voided);
      const destruction = await document({
        outboundType: "destruction",
        inboundType: null,
        toEnterpriseId: null,
      });
      const item = stockItem(destruction, pkg.id, 4, 5, { scannedAt: LATER, scannedBy: "op-9" });
      const entryIds = [freshId("lcy"), freshId("lcy")];
      const segments = [
        { fromSerial: 4, toSerial: 5 },
        { fromSerial: 8, toSerial: 8 },
      ];
      const moved = await stock().moveCodes(tenant, item, factory, null, {
        segments,
        destroys: { entryIds },
      });
      expect(moved.outcome).toBe("moved");
      const destroyed = segments.map((segment, i) =>
        lifecycleEntryRecord(
          tenant,
          { packageId: pkg.id, ...segment },
          {
            id: entryIds[i] as string,
            kind: "destroyed",
            reason: null,
            note: "",
            code: item.code,
            documentId: destruction.id,
            createdBy: "op-9",
            createdAt: LATER,
          },
        ),
      );
      expect(await lifecycle.list(tenant, { kind: "destroyed" }, page)).toEqual(
        [...destroyed].reverse(),
      );
      expect(await lifecycle.statusOf(tenant, pkg.id, 8)).toEqual({
        entryId: entryIds[1],
        kind: "destroyed",
        reason: null,
        consumerMessage: null,
        since: LATER,
      });
      expect((await lifecycle.statusOf(tenant, pkg.id, 6))?.kind).toBe("void");
      expect(await lifecycle.statusVersions(tenant, [pkg.id])).toEqual({ [pkg.id]: 2 });
      expect(await lifecycle.restore(tenant, entryIds[0] as string, "x", LATER)).toEqual({
        outcome: "not_restorable",
        entry: destroyed[0],
      });
    });

    it("never lets a move and an aggregation change of its unit both apply against the same version", async () => {
      for (let round = 0; round < 5; round++) {
        const { tenant, pkg, factory, shop, document } = await world();
        const sale = await document();
        // Code 4 leaves case 1..10 while the case moves as read before (version 0).
        const [move, change] = await Promise.all([
          stock().moveCodes(tenant, stockItem(sale, pkg.id, 1, 10), factory, shop, {
            aggregationVersion: 0,
          }),
          storage().aggregation.apply(tenant, {
            packageId: pkg.id,
            expectedVersion: 0,
            holders: { serials: [1], expectedHolder: factory },
            relinks: [{ serial: 4, parentSerial: null, layoutParent: false }],
            changes: [aggregationChangeRecord(tenant, pkg.id, 1, { fromSerial: 4, toSerial: 4 })],
          }),
        ]);
        const outcomes = [move.outcome, change.outcome].sort();
        expect([
          ["aggregation_changed", "applied"],
          ["holder_mismatch", "moved"],
        ]).toContainEqual(outcomes);
        const holder = (await stock().holderOf(tenant, pkg.id, 4))?.enterpriseId;
        expect(holder).toBe(move.outcome === "moved" ? shop : factory);
      }
    });
  });
}
