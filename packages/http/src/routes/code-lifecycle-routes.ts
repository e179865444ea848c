import { checkVoidInput } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  aggregationHistorySchema,
  aggregationOperationSchema,
  lifecycleEntryListQuery,
  lifecycleEntryPageSchema,
  lifecycleEntryParams,
  lifecycleEntrySchema,
  repackSchema,
  unpackSchema,
  voidCodesResultSchema,
  voidCodesSchema,
} from "../schemas/code-lifecycle-schemas.js";
import { codeParams } from "../schemas/scan-schemas.js";

const tags = ["code-lifecycle"];

const voidCodes = defineRoute({
  method: "POST",
  path: "/v1/code-lifecycle/entries",
  operationId: "voidCodes",
  summary: "Void or recall a code or a serial range (作废 / 召回)",
  description:
    "Admin only. One entry however many codes it covers; scans of them then answer verdict `void` with the reason. When an active entry of the same kind covers exactly the same range, it comes back with `created: false` (status 200) and nothing changes.",
  tags,
  auth: "staff",
  body: voidCodesSchema,
  coreCheck: checkVoidInput,
  responses: {
    200: {
      description: "The same void existed already; nothing changed.",
      schema: voidCodesResultSchema,
    },
    201: {
      description: "The new entry.",
      schema: voidCodesResultSchema,
      headers: { Location: "Path of the entry." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "PACKAGE_NOT_READY"],
  async handler({ onecode, tenant, body, basePath }) {
    const result = await onecode.codeLifecycle.voidCodes(tenant, body);
    if (!result.created) return { status: 200, body: result };
    const location = `${basePath}/v1/code-lifecycle/entries/${encodeURIComponent(result.entry.id)}`;
    return { status: 201, body: result, headers: { location } };
  },
});

const listLifecycleEntries = defineRoute({
  method: "GET",
  path: "/v1/code-lifecycle/entries",
  operationId: "listLifecycleEntries",
  summary: "List void, recall and destruction entries, newest first",
  tags,
  auth: "staff",
  query: lifecycleEntryListQuery,
  responses: { 200: { description: "One page of entries.", schema: lifecycleEntryPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    const { limit, cursor, ...filter } = query;
    return {
      status: 200,
      body: await onecode.codeLifecycle.listEntries(tenant, filter, { limit, cursor }),
    };
  },
});

const getLifecycleEntry = defineRoute({
  method: "GET",
  path: "/v1/code-lifecycle/entries/{entryId}",
  operationId: "getLifecycleEntry",
  summary: "Get a void, recall or destruction entry",
  tags,
  auth: "staff",
  params: lifecycleEntryParams,
  responses: { 200: { description: "The entry.", schema: lifecycleEntrySchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.codeLifecycle.getEntry(tenant, params.entryId) };
  },
});

const restoreLifecycleEntry = defineRoute({
  method: "POST",
  path: "/v1/code-lifecycle/entries/{entryId}/restore",
  operationId: "restoreLifecycleEntry",
  summary: "Restore a void or recall",
  description:
    "Admin only. The codes verify again unless another active entry covers them. A restored entry comes back unchanged; a destruction is `INVALID_STATE_TRANSITION`.",
  tags,
  auth: "staff",
  params: lifecycleEntryParams,
  responses: { 200: { description: "The restored entry.", schema: lifecycleEntrySchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.codeLifecycle.restoreEntry(tenant, params.entryId) };
  },
});

const aggregationErrors = [
  "FORBIDDEN",
  "NOT_FOUND",
  "PACKAGE_NOT_READY",
  "HOLDER_MISMATCH",
] as const;

const unpack = defineRoute({
  method: "POST",
  path: "/v1/code-lifecycle/unpack",
  operationId: "unpackCode",
  summary: "Unpack a packaging code (拆箱)",
  description:
    "Admins, or stock operators of the enterprise holding the code. Detaches its current children (or the listed ones): they then move alone, and a stock scan of the emptied code moves only what is left in it. Unpacking what is out already writes no history.",
  tags,
  auth: "staff",
  body: unpackSchema,
  responses: {
    200: { description: "The history entries written.", schema: aggregationOperationSchema },
  },
  errors: [...aggregationErrors],
  async handler({ onecode, tenant, body }) {
    return { status: 200, body: await onecode.codeLifecycle.unpack(tenant, body) };
  },
});

const repack = defineRoute({
  method: "POST",
  path: "/v1/code-lifecycle/repack",
  operationId: "repackCodes",
  summary: "Re-pack codes into a packaging code (换箱)",
  description:
    "Admins, or stock operators of the enterprise holding the parent. Children (one level beneath the parent's, same package, held where the parent is, not void, recalled or destroyed) leave their previous parent and join this one, atomically; at most the layout's number of children fit (`VALIDATION_FAILED`, rule `capacity`).",
  tags,
  auth: "staff",
  body: repackSchema,
  responses: {
    200: { description: "The history entries written.", schema: aggregationOperationSchema },
  },
  errors: [...aggregationErrors, "CODE_VOIDED"],
  async handler({ onecode, tenant, body }) {
    return { status: 200, body: await onecode.codeLifecycle.repack(tenant, body) };
  },
});

const aggregationHistory = defineRoute({
  method: "GET",
  path: "/v1/codes/{code}/aggregation",
  operationId: "getAggregationHistory",
  summary: "A code's unpack and re-pack history, as parent or child",
  tags,
  auth: "staff",
  params: codeParams,
  responses: { 200: { description: "Oldest first.", schema: aggregationHistorySchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    const items = await onecode.codeLifecycle.aggregationHistory(tenant, params.code);
    return { status: 200, body: { items } };
  },
});

/** Per-code lifecycle: voids, recalls, restores, destruction records, unpacking and re-packing. */
export const codeLifecycleRoutes: readonly Route[] = [
  voidCodes,
  listLifecycleEntries,
  getLifecycleEntry,
  restoreLifecycleEntry,
  unpack,
  repack,
  aggregationHistory,
];
