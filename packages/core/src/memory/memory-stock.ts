import type {
  CodeRange,
  StockDocument,
  StockDocumentItem,
} from "../trace/distribution/distribution.js";
import type { StockItemWithDocument, StockRepository } from "../trace/distribution/ports.js";
import type { CodeLifecycleEntry } from "../trace/lifecycle/code-lifecycle.js";
import type { MemoryDistributionTables } from "./memory-distribution.js";
import type { UndoLog } from "./memory-table.js";

/** The `destroyed` entry a destruction move records for one segment. */
function destroyedEntry(item: StockDocumentItem, range: CodeRange, id: string): CodeLifecycleEntry {
  return {
    id,
    tenantId: item.tenantId,
    kind: "destroyed",
    reason: null,
    note: "",
    consumerMessage: null,
    range,
    code: item.code,
    documentId: item.documentId,
    createdBy: item.scannedBy,
    createdAt: item.scannedAt,
    restoredBy: null,
    restoredAt: null,
  };
}

/** The memory stock repository: documents, their items and every code's current holder. */
export function memoryStockRepository(
  tables: MemoryDistributionTables,
  undo: UndoLog | null,
): StockRepository {
  const { documents, items, holdings, lifecycle } = tables;
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
    async moveCodes(tenantId, item, expectedHolder, newHolder, conditions = {}) {
      const document = documents.get(tenantId, item.documentId);
      if (document?.status !== "open") return { outcome: "document_not_open" };
      const { packageId } = item.range;
      const segments = conditions.segments ?? [item.range];
      if (conditions.destroys && conditions.destroys.entryIds.length !== segments.length) {
        throw new RangeError(`a destruction needs one entry id per segment (${segments.length})`);
      }
      if (conditions.aggregationVersion !== undefined) {
        const version = lifecycle.aggregationVersions.get(tenantId, packageId);
        if (version !== conditions.aggregationVersion) {
          return { outcome: "aggregation_changed", version };
        }
      }
      if (conditions.refuseVoided) {
        const voided = segments
          .flatMap((segment) => lifecycle.activeOverlapping(tenantId, packageId, segment))
          .filter((entry) => entry.kind !== "destroyed")
          .sort((a, b) => (a.id < b.id ? 1 : -1))[0];
        if (voided) return { outcome: "voided", entryId: voided.id };
      }
      let mismatched = 0;
      let count = 0;
      for (const { fromSerial, toSerial } of segments) {
        for (let serial = fromSerial; serial <= toSerial; serial++) {
          const holding = holdings.get(tenantId, packageId, serial);
          const matches =
            expectedHolder === undefined
              ? holding === null
              : holding !== null && holding.enterpriseId === expectedHolder;
          if (!matches) mismatched++;
          count++;
        }
      }
      if (mismatched > 0) return { outcome: "holder_mismatch", mismatched };
      const holding = { enterpriseId: newHolder, documentId: document.id, since: item.scannedAt };
      segments.forEach(({ fromSerial, toSerial }, index) => {
        for (let serial = fromSerial; serial <= toSerial; serial++) {
          holdings.set(tenantId, packageId, serial, holding, undo);
        }
        const range = { packageId, fromSerial, toSerial };
        items.add({ ...item, tenantId, range }, undo);
        const entryId = conditions.destroys?.entryIds[index];
        if (entryId !== undefined) {
          lifecycle.entries.put(destroyedEntry({ ...item, tenantId }, range, entryId), undo);
        }
      });
      if (conditions.destroys) lifecycle.statusVersions.increment(tenantId, packageId, undo);
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
