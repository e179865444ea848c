import { describe, expect, it } from "vitest";
import type { StockDocument } from "../../src/trace/distribution/distribution.js";
import {
  enterpriseRecord,
  stockDocumentRecord,
  stockItem,
  storedPackage,
} from "../distribution-fixtures.js";
import { freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

/** When fixture items are scanned. */
const AT = "2026-01-01T00:00:00.000Z";
const LATER = "2026-03-02T00:00:00.000Z";
const page = { limit: 50, beforeId: null };

export function stockTests({ storage }: StorageSuiteContext): void {
  const stock = () => storage().stock;

  /** A tenant with two enterprises (factory → shop), a package of 30 codes and an entry document. */
  async function world() {
    const tenant = freshTenantId();
    const ids: string[] = [];
    for (const name of ["Factory", "Shop", "Other"]) {
      const result = await storage().enterprises.insert(
        enterpriseRecord(tenant, { name, parentId: ids[0] ?? null }),
      );
      if (result.outcome !== "inserted") throw new Error("enterprise insert failed");
      ids.push(result.enterprise.id);
    }
    const [factory, shop, other] = ids as [string, string, string];
    const { pkg, codes } = await storedPackage(storage(), tenant, 30);
    const document = async (from: string | null, to: string | null) => {
      const record = stockDocumentRecord(
        tenant,
        from,
        to,
        from === null ? { inboundType: "production" } : {},
      );
      await stock().insertDocument(record);
      return record;
    };
    const entry = await document(null, factory);
    return { tenant, factory, shop, other, pkg, codes, document, entry };
  }

  describe("stock documents and code holdings", () => {
    it("stores documents and lists them by enterprise (issuer or receiver) and status", async () => {
      const { tenant, factory, shop, other, document, entry } = await world();
      expect(await stock().getDocument(tenant, entry.id)).toEqual(entry);
      const sale = await document(factory, shop);
      const toOther = await document(factory, other);
      const ids = async (filter: object) =>
        (await stock().listDocuments(tenant, filter, page)).map((d) => d.id);
      expect(await ids({})).toEqual([toOther.id, sale.id, entry.id]);
      expect(await ids({ enterpriseId: factory })).toEqual([toOther.id, sale.id, entry.id]);
      expect(await ids({ enterpriseId: shop })).toEqual([sale.id]);
      await stock().closeDocument(tenant, sale.id, LATER);
      expect(await ids({ status: "closed" })).toEqual([sale.id]);
      expect(await ids({ status: "open", enterpriseId: factory })).toEqual([toOther.id, entry.id]);
      const paged = await stock().listDocuments(tenant, {}, { limit: 1, beforeId: toOther.id });
      expect(paged.map((d) => d.id)).toEqual([sale.id]);
    });

    it("closes an open document once; a closed one comes back unchanged; null when absent", async () => {
      const { tenant, entry } = await world();
      const closed = await stock().closeDocument(tenant, entry.id, LATER);
      expect(closed).toEqual({ ...entry, status: "closed", updatedAt: LATER });
      expect(await stock().closeDocument(tenant, entry.id, "2026-04-01T00:00:00.000Z")).toEqual(
        closed,
      );
      expect(await stock().closeDocument(tenant, "sdoc_00000000000000000000000000", AT)).toBeNull();
    });

    it("brings codes into circulation, recording the item and growing the document", async () => {
      const { tenant, factory, pkg, entry } = await world();
      const item = stockItem(entry, pkg.id, 1, 7, { scannedAt: LATER });
      const moved = await stock().moveCodes(tenant, item, undefined, factory);
      expect(moved).toEqual({
        outcome: "moved",
        count: 7,
        document: { ...entry, codeCount: 7, updatedAt: LATER },
      });
      expect(await stock().getDocument(tenant, entry.id)).toEqual({
        ...entry,
        codeCount: 7,
        updatedAt: LATER,
      });
      for (const serial of [1, 4, 7]) {
        expect(await stock().holderOf(tenant, pkg.id, serial)).toEqual({
          enterpriseId: factory,
          documentId: entry.id,
          since: LATER,
        });
      }
      expect(await stock().holderOf(tenant, pkg.id, 8)).toBeNull();
      expect(await stock().listItems(tenant, entry.id, { offset: 0, limit: 10 })).toEqual([item]);
    });

    it("moves all or nothing: any code not held as expected refuses the whole range", async () => {
      const { tenant, factory, shop, pkg, entry, document } = await world();
      await stock().moveCodes(tenant, stockItem(entry, pkg.id, 3, 4), undefined, factory);
      expect(
        await stock().moveCodes(tenant, stockItem(entry, pkg.id, 1, 7), undefined, factory),
      ).toEqual({ outcome: "holder_mismatch", mismatched: 2 });
      expect(await stock().holderOf(tenant, pkg.id, 1)).toBeNull();
      const sale = await document(factory, shop);
      expect(await stock().moveCodes(tenant, stockItem(sale, pkg.id, 3, 5), factory, shop)).toEqual(
        { outcome: "holder_mismatch", mismatched: 1 },
      );
      expect((await stock().holderOf(tenant, pkg.id, 3))?.enterpriseId).toBe(factory);
      expect(await stock().moveCodes(tenant, stockItem(sale, pkg.id, 3, 4), shop, factory)).toEqual(
        { outcome: "holder_mismatch", mismatched: 2 },
      );
      expect((await stock().getDocument(tenant, sale.id))?.codeCount).toBe(0);
      expect(await stock().listItems(tenant, sale.id, { offset: 0, limit: 10 })).toEqual([]);
    });

    it("hands codes on, takes them out of circulation, and never lets them re-enter", async () => {
      const { tenant, factory, shop, pkg, entry, document } = await world();
      await stock().moveCodes(tenant, stockItem(entry, pkg.id, 1, 2), undefined, factory);
      const sale = await document(factory, shop);
      await stock().moveCodes(tenant, stockItem(sale, pkg.id, 1, 2), factory, shop);
      expect((await stock().holderOf(tenant, pkg.id, 2))?.enterpriseId).toBe(shop);
      const destruction = stockDocumentRecord(tenant, shop, null, {
        outboundType: "destruction",
        inboundType: null,
      });
      await stock().insertDocument(destruction);
      await stock().moveCodes(tenant, stockItem(destruction, pkg.id, 1, 1), shop, null);
      expect(await stock().holderOf(tenant, pkg.id, 1)).toEqual({
        enterpriseId: null,
        documentId: destruction.id,
        since: AT,
      });
      expect(
        await stock().moveCodes(tenant, stockItem(entry, pkg.id, 1, 1), undefined, factory),
      ).toEqual({ outcome: "holder_mismatch", mismatched: 1 });
    });

    it("refuses moves into closed or missing documents, moving nothing", async () => {
      const { tenant, factory, pkg, entry } = await world();
      await stock().closeDocument(tenant, entry.id, LATER);
      expect(
        await stock().moveCodes(tenant, stockItem(entry, pkg.id, 1, 1), undefined, factory),
      ).toEqual({ outcome: "document_not_open" });
      const ghost = stockDocumentRecord(tenant, null, factory);
      expect(
        await stock().moveCodes(tenant, stockItem(ghost, pkg.id, 1, 1), undefined, factory),
      ).toEqual({ outcome: "document_not_open" });
      expect(await stock().holderOf(tenant, pkg.id, 1)).toBeNull();
    });

    it("lets exactly one of many parallel moves of one case win", async () => {
      const { tenant, factory, shop, other, pkg, entry, document } = await world();
      await stock().moveCodes(tenant, stockItem(entry, pkg.id, 1, 10), undefined, factory);
      const targets: StockDocument[] = [];
      for (let i = 0; i < 6; i++) targets.push(await document(factory, i % 2 ? shop : other));
      const results = await Promise.all([
        ...targets.map((target, i) =>
          stock().moveCodes(
            tenant,
            stockItem(target, pkg.id, 1, 10),
            factory,
            i % 2 ? shop : other,
          ),
        ),
        stock().moveCodes(
          tenant,
          stockItem(targets[0] as StockDocument, pkg.id, 4, 4),
          factory,
          other,
        ),
      ]);
      const winners = results.filter((result) => result.outcome === "moved");
      expect(winners).toHaveLength(1);
      const holders = new Set<string | null | undefined>();
      for (let serial = 1; serial <= 10; serial++) {
        holders.add((await stock().holderOf(tenant, pkg.id, serial))?.enterpriseId);
      }
      expect(holders.size).toBe(1);
      let items = 0;
      for (const target of targets) {
        items += (await stock().listItems(tenant, target.id, { offset: 0, limit: 10 })).length;
      }
      expect(items).toBe(1);
    });

    it("counts every parallel move of distinct codes into one document", async () => {
      const { tenant, factory, pkg, entry } = await world();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          stock().moveCodes(tenant, stockItem(entry, pkg.id, i + 1, i + 1), undefined, factory),
        ),
      );
      expect((await stock().getDocument(tenant, entry.id))?.codeCount).toBe(20);
      expect(await stock().listItems(tenant, entry.id, { offset: 5, limit: 100 })).toHaveLength(15);
    });

    it("lists the items covering a code, oldest first, with their documents", async () => {
      const { tenant, factory, shop, pkg, entry, document } = await world();
      await stock().moveCodes(tenant, stockItem(entry, pkg.id, 1, 10), undefined, factory);
      const sale = await document(factory, shop);
      const itemSale = stockItem(sale, pkg.id, 2, 4, { scannedAt: LATER, code: "C-2" });
      await stock().moveCodes(tenant, itemSale, factory, shop);
      await stock().moveCodes(tenant, stockItem(sale, pkg.id, 6, 6), factory, shop);
      const covering = await stock().itemsForCode(tenant, pkg.id, 3);
      expect(covering.map(({ item }) => item.range)).toEqual([
        { packageId: pkg.id, fromSerial: 1, toSerial: 10 },
        { packageId: pkg.id, fromSerial: 2, toSerial: 4 },
      ]);
      expect(covering[1]).toEqual({
        item: itemSale,
        document: { ...sale, codeCount: 4, updatedAt: AT },
      });
      expect(await stock().itemsForCode(tenant, pkg.id, 11)).toEqual([]);
      const all = await stock().itemsForPackage(tenant, pkg.id, { offset: 0, limit: 10 });
      expect(all.map(({ item }) => item.range.fromSerial)).toEqual([1, 2, 6]);
      const rest = await stock().itemsForPackage(tenant, pkg.id, { offset: 1, limit: 1 });
      expect(rest.map(({ item }) => item.range.fromSerial)).toEqual([2]);
      expect(
        await stock().itemsForPackage(tenant, "pkg_00000000000000000000000000", {
          offset: 0,
          limit: 10,
        }),
      ).toEqual([]);
    });
  });
}
