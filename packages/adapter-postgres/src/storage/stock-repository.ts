import type { StockItemWithDocument, StockRepository } from "@onecode/core";
import type { Selectable } from "kysely";
import type { StockDocumentsTable } from "../trace-tables.js";
import type { BatchedLookups } from "./batched-lookups.js";
import {
  holdingFromRow,
  type StockItemColumns,
  stockDocumentFromRow,
  stockDocumentToRow,
  stockItemFromRow,
} from "./distribution-row-mapping.js";
import { moveCodes } from "./move-codes.js";
import type { StatementScope } from "./statement-scope.js";

type Db = StatementScope["db"];

/** Items joined with their documents (every document column, the item's own beside them). */
function itemsWithDocuments(db: Db, tenantId: string) {
  return db
    .selectFrom("onecode_stock_document_items as i")
    .innerJoin("onecode_stock_documents as d", (join) =>
      join.onRef("d.tenant_id", "=", "i.tenant_id").onRef("d.id", "=", "i.document_id"),
    )
    .selectAll("d")
    .select([
      "i.document_id",
      "i.package_id",
      "i.from_serial",
      "i.to_serial",
      "i.code",
      "i.scanned_by",
      "i.scanned_at",
    ])
    .where("i.tenant_id", "=", tenantId);
}

function withDocument(
  row: Selectable<StockDocumentsTable> & Omit<StockItemColumns, "tenant_id">,
): StockItemWithDocument {
  return { item: stockItemFromRow(row), document: stockDocumentFromRow(row) };
}

/**
 * Stock documents, their items and every code's current holder
 * (`onecode_stock_documents`, `onecode_stock_document_items`,
 * `onecode_code_holdings`); every statement is scoped by tenant. With `lookups`,
 * the two look-ups every consumer scan makes (`holderOf`, `itemsForCode`)
 * share statements with the other scans of their event-loop turn.
 */
export function stockRepository(scope: StatementScope, lookups?: BatchedLookups): StockRepository {
  const { db } = scope;
  const readDocument = (tenantId: string, id: string) =>
    db
      .selectFrom("onecode_stock_documents")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .executeTakeFirst();

  return {
    async insertDocument(document) {
      await db.insertInto("onecode_stock_documents").values(stockDocumentToRow(document)).execute();
    },

    async getDocument(tenantId, id) {
      const row = await readDocument(tenantId, id);
      return row ? stockDocumentFromRow(row) : null;
    },

    async listDocuments(tenantId, filter, page) {
      let query = db
        .selectFrom("onecode_stock_documents")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      const { enterpriseId } = filter;
      if (enterpriseId !== undefined) {
        query = query.where((eb) =>
          eb.or([
            eb("from_enterprise_id", "=", enterpriseId),
            eb("to_enterprise_id", "=", enterpriseId),
          ]),
        );
      }
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(stockDocumentFromRow);
    },

    async closeDocument(tenantId, id, at) {
      // Waits for a move holding the document's row lock; a later move then finds it closed.
      const row = await db
        .updateTable("onecode_stock_documents")
        .set({ status: "closed", updated_at: at })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("status", "=", "open")
        .returningAll()
        .executeTakeFirst();
      const current = row ?? (await readDocument(tenantId, id));
      return current ? stockDocumentFromRow(current) : null;
    },

    moveCodes: (tenantId, item, expectedHolder, newHolder, conditions) =>
      moveCodes(scope, tenantId, item, expectedHolder, newHolder, conditions),

    async holderOf(tenantId, packageId, serial) {
      if (lookups) return lookups.holderOf({ tenantId, packageId, serial });
      const row = await db
        .selectFrom("onecode_code_holdings")
        .select(["holder_id", "document_id", "since"])
        .where("tenant_id", "=", tenantId)
        .where("package_id", "=", packageId)
        .where("serial", "=", serial)
        .executeTakeFirst();
      return row ? holdingFromRow(row) : null;
    },

    async itemsForCode(tenantId, packageId, serial) {
      if (lookups) return lookups.itemsForCode({ tenantId, packageId, serial });
      // A range scan of onecode_stock_document_items_package_idx (from_serial <= serial),
      // checking to_serial from the index's included column.
      const rows = await itemsWithDocuments(db, tenantId)
        .where("i.package_id", "=", packageId)
        .where("i.from_serial", "<=", serial)
        .where("i.to_serial", ">=", serial)
        .orderBy("i.position")
        .execute();
      return rows.map((row) => withDocument({ ...row, tenant_id: tenantId }));
    },

    async itemsForPackage(tenantId, packageId, page) {
      const rows = await itemsWithDocuments(db, tenantId)
        .where("i.package_id", "=", packageId)
        .orderBy("i.position")
        .offset(page.offset)
        .limit(page.limit)
        .execute();
      return rows.map((row) => withDocument({ ...row, tenant_id: tenantId }));
    },

    async listItems(tenantId, documentId, page) {
      const rows = await db
        .selectFrom("onecode_stock_document_items")
        .select([
          "tenant_id",
          "document_id",
          "package_id",
          "from_serial",
          "to_serial",
          "code",
          "scanned_by",
          "scanned_at",
        ])
        .where("tenant_id", "=", tenantId)
        .where("document_id", "=", documentId)
        .orderBy("position")
        .offset(page.offset)
        .limit(page.limit)
        .execute();
      return rows.map(stockItemFromRow);
    },
  };
}
