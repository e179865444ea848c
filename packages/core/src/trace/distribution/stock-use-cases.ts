import { requireReady } from "../../codes/csv-export.js";
import { dateInZone } from "../../codes/generation-moment.js";
import { countChanges, createdChanges, fieldChanges } from "../../kernel/audit/audit-summary.js";
import { auditRecorder } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { invalidField, notFound } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { paginate } from "../../kernel/pagination.js";
import {
  requireCapability,
  requireCapabilityAnywhere,
} from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { SerialSegment } from "../lifecycle/aggregation.js";
import { readAggregation } from "../lifecycle/read-aggregation.js";
import { segmentsOf } from "../lifecycle/serial-segments.js";
import { invalidatePackageStatus } from "../lifecycle/status-invalidation.js";
import { closedDocument, moveScannedCode } from "../lifecycle/stock-move.js";
import { codeAtSerial, findScannedCode } from "../scanned-code.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { DistributionService } from "../trace-services.js";
import type { StockDocument } from "./distribution.js";
import { requireStockAccess } from "./distribution-access.js";
import { checkNewStockDocument } from "./stock-document-check.js";
import { checkStockFlow } from "./stock-flow.js";

/** The stock part of {@link DistributionService}. */
export type StockUseCases = Pick<
  DistributionService,
  | "createDocument"
  | "getDocument"
  | "listDocuments"
  | "closeDocument"
  | "scanIntoDocument"
  | "listDocumentItems"
  | "locateCode"
>;

/** Paging of `listDocumentItems`. */
export const DOCUMENT_ITEM_LIMITS = Object.freeze({ defaultLimit: 100, maxLimit: 1000 });

/**
 * A document's human number: `SD`, the creation date in the deployment's
 * time zone, and six characters of the document id (unique without a
 * shared counter, so no extra round trip and no collision across processes).
 */
export function documentNumber(id: string, ms: number, timeZone: string): string {
  return `SD${dateInZone(ms, timeZone)}-${id.slice(-6).toUpperCase()}`;
}

/**
 * Stock document use cases. Creating, closing and scanning need `stock.move`
 * over the document's issuing (inbound only: receiving) enterprise: admins
 * hold it everywhere, stock operators over the enterprises assigned to
 * them; reading needs `distribution.read`.
 */
export function stockUseCases(
  runtime: TraceRuntime,
  options: { readonly timeZoneOf: (tenantId: string) => Promise<string> },
): StockUseCases {
  const { storage, clock, ids } = runtime.ports;
  const recordAudit = auditRecorder(runtime.ports);
  const target = (id: string) => ({ type: "stock_document", id });

  const findDocument = async (ctx: TenantContext, id: string) => {
    const document = await storage.stock.getDocument(ctx.tenantId, id);
    if (!document) throw notFound("stock document", id);
    return document;
  };

  const enterpriseOf = async (ctx: TenantContext, id: string | null, field: string) => {
    if (id === null) return null;
    const enterprise = await storage.enterprises.get(ctx.tenantId, id);
    if (!enterprise) throw notFound("enterprise", id, field);
    return enterprise;
  };

  /** Checks the flow against the tree as it is now (it may have moved since creation). */
  const checkFlowNow = async (
    ctx: TenantContext,
    document: Pick<
      StockDocument,
      "outboundType" | "inboundType" | "fromEnterpriseId" | "toEnterpriseId"
    >,
  ) => {
    const [from, to] = await Promise.all([
      enterpriseOf(ctx, document.fromEnterpriseId, "fromEnterpriseId"),
      enterpriseOf(ctx, document.toEnterpriseId, "toEnterpriseId"),
    ]);
    checkStockFlow({
      outboundType: document.outboundType,
      inboundType: document.inboundType,
      from,
      to,
    });
  };

  const resolveCode = (ctx: TenantContext, scanned: string) =>
    findScannedCode(storage, ctx.tenantId, scanned);

  return {
    async createDocument(ctx, input) {
      requireCapabilityAnywhere(ctx, "stock.move");
      const fields = checkNewStockDocument(input);
      await requireStockAccess(storage, ctx, fields);
      await checkFlowNow(ctx, fields);
      const timeZone = await options.timeZoneOf(ctx.tenantId);
      const now = clock.nowMs();
      const id = ids.newId("sdoc");
      const document: StockDocument = {
        id,
        tenantId: ctx.tenantId,
        number: documentNumber(id, now, timeZone),
        ...fields,
        status: "open",
        codeCount: 0,
        createdBy: ctx.actor.id,
        createdAt: new Date(now).toISOString(),
        updatedAt: new Date(now).toISOString(),
      };
      await storage.transaction(async (tx) => {
        await tx.stock.insertDocument(document);
        await recordAudit(tx, ctx, {
          action: "trace.stock_document.created",
          target: target(id),
          changes: createdChanges(document),
        });
      });
      return document;
    },
    async getDocument(ctx, id) {
      requireCapability(ctx, "distribution.read");
      return findDocument(ctx, id);
    },
    async listDocuments(ctx, filter = {}, page) {
      requireCapability(ctx, "distribution.read");
      if (filter.status !== undefined && filter.status !== "open" && filter.status !== "closed") {
        throw invalidField("status", "one_of", "status must be one of: open, closed");
      }
      return paginate(page, (query) => storage.stock.listDocuments(ctx.tenantId, filter, query));
    },
    async closeDocument(ctx, id) {
      requireCapabilityAnywhere(ctx, "stock.move");
      const document = await findDocument(ctx, id);
      await requireStockAccess(storage, ctx, document);
      return storage.transaction(async (tx) => {
        const closed = await tx.stock.closeDocument(ctx.tenantId, id, isoNow(clock));
        if (!closed) throw notFound("stock document", id);
        await recordAudit(tx, ctx, {
          action: "trace.stock_document.closed",
          target: target(id),
          changes: fieldChanges({ status: { before: document.status, after: closed.status } }),
        });
        return closed;
      });
    },
    async scanIntoDocument(ctx, documentId, scanned) {
      requireCapabilityAnywhere(ctx, "stock.move");
      const document = await findDocument(ctx, documentId);
      await requireStockAccess(storage, ctx, document);
      if (document.status !== "open") throw closedDocument(documentId);
      const { record, pkg } = await resolveCode(ctx, scanned);
      requireReady(pkg);
      await checkFlowNow(ctx, document);
      const result = await storage.transaction(async (tx) => {
        const moved = await moveScannedCode(tx, {
          ctx,
          document,
          record,
          pkg,
          scannedAt: isoNow(clock),
          newEntryId: () => ids.newId("lcy"),
        });
        // One entry per scan, however many codes beneath it moved.
        await recordAudit(tx, ctx, {
          action: "trace.stock_document.code_scanned",
          target: target(documentId),
          changes: {
            ...fieldChanges({ code: { after: record.code }, packageId: { after: pkg.id } }),
            ...countChanges({ codeCount: moved.moved }),
          },
        });
        return moved;
      });
      if (document.outboundType === "destruction") {
        await invalidatePackageStatus(runtime, ctx.tenantId, pkg.id);
      }
      return result;
    },
    async listDocumentItems(ctx, documentId, page = {}) {
      requireCapability(ctx, "distribution.read");
      await findDocument(ctx, documentId);
      const offset = page.offset ?? 0;
      const limit = page.limit ?? DOCUMENT_ITEM_LIMITS.defaultLimit;
      const check = new InputCheck();
      if (!Number.isSafeInteger(offset) || offset < 0) {
        check.fail("offset", "range", "offset must be a non-negative integer");
      }
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > DOCUMENT_ITEM_LIMITS.maxLimit) {
        check.fail(
          "limit",
          "range",
          `limit must be an integer from 1 to ${DOCUMENT_ITEM_LIMITS.maxLimit}`,
        );
      }
      check.done();
      return storage.stock.listItems(ctx.tenantId, documentId, { offset, limit });
    },
    async locateCode(ctx, scanned) {
      requireCapability(ctx, "distribution.read");
      const { record, pkg } = await resolveCode(ctx, scanned);
      const { tenantId } = ctx;
      const { aggregation } = await readAggregation(storage.aggregation, tenantId, pkg, [
        record.serial,
      ]);
      const segments = segmentsOf(aggregation.subtreeOf(record.serial));
      const parentSerial = aggregation.parentOf(record.serial);
      const [holding, items, status, parentCode] = await Promise.all([
        storage.stock.holderOf(tenantId, pkg.id, record.serial),
        storage.stock.itemsForCode(tenantId, pkg.id, record.serial),
        storage.codeLifecycle.statusOf(tenantId, pkg.id, record.serial),
        parentSerial === null ? null : codeAtSerial(storage, tenantId, pkg.id, parentSerial),
      ]);
      const first = segments[0] as SerialSegment;
      const last = segments[segments.length - 1] as SerialSegment;
      return {
        range: { packageId: pkg.id, fromSerial: first.fromSerial, toSerial: last.toSerial },
        segments,
        parent: parentSerial === null ? null : { serial: parentSerial, code: parentCode ?? "" },
        status,
        holding,
        steps: items.map(({ item }) => item),
      };
    },
  };
}
