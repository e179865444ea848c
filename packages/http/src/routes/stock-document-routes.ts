import { checkNewStockDocument } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  documentIdParams,
  newStockDocumentSchema,
  stockDocumentItemListSchema,
  stockDocumentItemsQuery,
  stockDocumentListQuery,
  stockDocumentPageSchema,
  stockDocumentSchema,
  stockScanResultSchema,
  stockScanSchema,
} from "../schemas/stock-document-schemas.js";

const tags = ["distribution"];

const createStockDocument = defineRoute({
  method: "POST",
  path: "/v1/stock-documents",
  operationId: "createStockDocument",
  summary: "Create a stock document (出入库单)",
  description:
    "Admins, or stock operators assigned to the issuing enterprise (the receiving one for inbound-only documents). Goods flow to a direct child, or back to the parent for returns (`INVALID_FLOW` otherwise).",
  tags,
  auth: "staff",
  body: newStockDocumentSchema,
  coreCheck: checkNewStockDocument,
  responses: {
    201: {
      description: "The new, open document.",
      schema: stockDocumentSchema,
      headers: { Location: "Path of the new document." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_FLOW"],
  async handler({ onecode, tenant, body, basePath }) {
    const document = await onecode.distribution.createDocument(tenant, body);
    const location = `${basePath}/v1/stock-documents/${encodeURIComponent(document.id)}`;
    return { status: 201, body: document, headers: { location } };
  },
});

const listStockDocuments = defineRoute({
  method: "GET",
  path: "/v1/stock-documents",
  operationId: "listStockDocuments",
  summary: "List stock documents, newest first",
  tags,
  auth: "staff",
  query: stockDocumentListQuery,
  responses: { 200: { description: "One page of documents.", schema: stockDocumentPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    const { limit, cursor, ...filter } = query;
    return {
      status: 200,
      body: await onecode.distribution.listDocuments(tenant, filter, { limit, cursor }),
    };
  },
});

const getStockDocument = defineRoute({
  method: "GET",
  path: "/v1/stock-documents/{documentId}",
  operationId: "getStockDocument",
  summary: "Get a stock document",
  tags,
  auth: "staff",
  params: documentIdParams,
  responses: { 200: { description: "The document.", schema: stockDocumentSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return {
      status: 200,
      body: await onecode.distribution.getDocument(tenant, params.documentId),
    };
  },
});

const closeStockDocument = defineRoute({
  method: "POST",
  path: "/v1/stock-documents/{documentId}/close",
  operationId: "closeStockDocument",
  summary: "Close a stock document: no more scans",
  description:
    "Admins, or stock operators of the document's enterprise. Closing a closed document changes nothing.",
  tags,
  auth: "staff",
  params: documentIdParams,
  responses: { 200: { description: "The closed document.", schema: stockDocumentSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return {
      status: 200,
      body: await onecode.distribution.closeDocument(tenant, params.documentId),
    };
  },
});

const scanIntoStockDocument = defineRoute({
  method: "POST",
  path: "/v1/stock-documents/{documentId}/scans",
  operationId: "scanIntoStockDocument",
  summary: "Scan a code into an open stock document",
  description:
    "Moves the code, and for a packaging code of an associated package everything currently beneath it (re-packed codes included, unpacked ones not), from the issuer to the receiver, all or nothing. A code held elsewhere, or moved by a concurrent scan, is `HOLDER_MISMATCH`; a void or recalled code in a document other than a return or a destruction is `CODE_VOIDED`. A destruction records its codes as destroyed.",
  tags,
  auth: "staff",
  params: documentIdParams,
  body: stockScanSchema,
  responses: { 200: { description: "What the scan moved.", schema: stockScanResultSchema } },
  errors: [
    "FORBIDDEN",
    "NOT_FOUND",
    "INVALID_STATE_TRANSITION",
    "INVALID_FLOW",
    "HOLDER_MISMATCH",
    "CODE_VOIDED",
  ],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.distribution.scanIntoDocument(tenant, params.documentId, body.code),
    };
  },
});

const listStockDocumentItems = defineRoute({
  method: "GET",
  path: "/v1/stock-documents/{documentId}/items",
  operationId: "listStockDocumentItems",
  summary: "List the scans of a stock document in scan order",
  tags,
  auth: "staff",
  params: documentIdParams,
  query: stockDocumentItemsQuery,
  responses: { 200: { description: "The items.", schema: stockDocumentItemListSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params, query }) {
    const items = await onecode.distribution.listDocumentItems(tenant, params.documentId, query);
    return { status: 200, body: { items } };
  },
});

/** The stock document routes (`/v1/stock-documents`). */
export const stockDocumentRoutes: readonly Route[] = [
  createStockDocument,
  listStockDocuments,
  getStockDocument,
  closeStockDocument,
  scanIntoStockDocument,
  listStockDocumentItems,
];
