import type { StockDocument, StockDocumentItem } from "../trace/distribution.js";
import type { StockItemWithDocument, StockRepository } from "../trace/ports.js";
import type { MemoryDistributionTables } from "./memory-distribution.js";
import type { UndoLog } from "./memory-table.js";

/** The memory stock repository: documents, their items and every code's current holder. */
export function memoryStockRepository(
  tables: MemoryDistributionTables,
  undo: UndoLog | null,
): StockRepository {
  const { documents, items, holdings } = tables;
  const withDocuments = (tenantId: string, list: readonly StockDocumentItem[]) =>
    list.map(
      (item): StockItemWithDocument => ({
        item: structuredClone(item),
        document: documents.get(tenantId, item.documentId) as StockDocument,
      }),
    );
  return {
    async insertDocument(document) {
      if (documents.get(document.tenantId, document.id)) {
        throw new Error(`duplicate stock document id ${document.id}`);
      }
      documents.put(document, undo);
    },
    async getDocument(tenantId, id) {
      return documents.get(tenantId, id);
    },
    async listDocuments(tenantId, filter, page) {
      const matches = (row: StockDocument) =>
        (filter.status === undefined || row.status === filter.status) &&
        (filter.enterpriseId === undefined ||
          row.fromEnterpriseId === filter.enterpriseId ||
          row.toEnterpriseId === filter.enterpriseId);
      return documents.list(tenantId, matches, page.beforeId, page.limit);
    },
    async closeDocument(tenantId, id, at) {
      const current = documents.get(tenantId, id);
      if (!current || current.status === "closed") return current;
      const closed: StockDocument = { ...current, status: "closed", updatedAt: at };
      documents.put(closed, undo);
      return structuredClone(closed);
    },
    async moveCodes(tenantId, item, expectedHolder, newHolder) {
      const document = documents.get(tenantId, item.documentId);
      if (document?.status !== "open") return { outcome: "document_not_open" };
      const { packageId, fromSerial, toSerial } = item.range;
      let mismatched = 0;
      for (let serial = fromSerial; serial <= toSerial; serial++) {
        const holding = holdings.get(tenantId, packageId, serial);
        const matches =
          expectedHolder === undefined
            ? holding === null
            : holding !== null && holding.enterpriseId === expectedHolder;
        if (!matches) mismatched++;
      }
      if (mismatched > 0) return { outcome: "holder_mismatch", mismatched };
      const holding = { enterpriseId: newHolder, documentId: document.id, since: item.scannedAt };
      for (let serial = fromSerial; serial <= toSerial; serial++) {
        holdings.set(tenantId, packageId, serial, holding, undo);
      }
      items.add({ ...item, tenantId }, undo);
      const count = toSerial - fromSerial + 1;
      const updated: StockDocument = {
        ...document,
        codeCount: document.codeCount + count,
        updatedAt: item.scannedAt,
      };
      documents.put(updated, undo);
      return { outcome: "moved", count, document: structuredClone(updated) };
    },
    async holderOf(tenantId, packageId, serial) {
      const holding = holdings.get(tenantId, packageId, serial);
      return holding ? { ...holding } : null;
    },
    async itemsForCode(tenantId, packageId, serial) {
      const covering = items
        .ofPackage(tenantId, packageId)
        .filter((item) => item.range.fromSerial <= serial && serial <= item.range.toSerial);
      return withDocuments(tenantId, covering);
    },
    async itemsForPackage(tenantId, packageId, page) {
      const list = items.ofPackage(tenantId, packageId);
      return withDocuments(tenantId, list.slice(page.offset, page.offset + page.limit));
    },
    async listItems(tenantId, documentId, page) {
      const list = items.ofDocument(tenantId, documentId);
      return list.slice(page.offset, page.offset + page.limit).map((item) => structuredClone(item));
    },
  };
}
