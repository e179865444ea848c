import { checkNewTraceBatch, checkTraceBatchPatchFields } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  batchIdParams,
  newTraceBatchSchema,
  traceBatchListQuery,
  traceBatchPageSchema,
  traceBatchPatchSchema,
  traceBatchSchema,
  traceBatchStatusChangeSchema,
} from "../schemas/trace-batch-schemas.js";

const tags = ["trace-batches"];

const createTraceBatch = defineRoute({
  method: "POST",
  path: "/v1/trace-batches",
  operationId: "createTraceBatch",
  summary: "Create a trace batch",
  description:
    "Needs the `admin` role. The batch starts `inactive`; its merchant is the product's. `NOT_FOUND` names `productId` when the product is missing.",
  tags,
  auth: "staff",
  body: newTraceBatchSchema,
  coreCheck: checkNewTraceBatch,
  responses: {
    201: {
      description: "The new batch.",
      schema: traceBatchSchema,
      headers: { Location: "Path of the new batch." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "BATCH_NUMBER_TAKEN"],
  async handler({ onecode, tenant, body, basePath }) {
    const batch = await onecode.traceBatches.create(tenant, body);
    const location = `${basePath}/v1/trace-batches/${encodeURIComponent(batch.id)}`;
    return { status: 201, body: batch, headers: { location } };
  },
});

const listTraceBatches = defineRoute({
  method: "GET",
  path: "/v1/trace-batches",
  operationId: "listTraceBatches",
  summary: "List trace batches, newest first",
  tags,
  auth: "staff",
  query: traceBatchListQuery,
  responses: { 200: { description: "One page of batches.", schema: traceBatchPageSchema } },
  async handler({ onecode, tenant, query }) {
    const { limit, cursor, ...filter } = query;
    return {
      status: 200,
      body: await onecode.traceBatches.list(tenant, filter, { limit, cursor }),
    };
  },
});

const getTraceBatch = defineRoute({
  method: "GET",
  path: "/v1/trace-batches/{batchId}",
  operationId: "getTraceBatch",
  summary: "Get a trace batch",
  tags,
  auth: "staff",
  params: batchIdParams,
  responses: { 200: { description: "The batch.", schema: traceBatchSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.traceBatches.get(tenant, params.batchId) };
  },
});

const updateTraceBatch = defineRoute({
  method: "PATCH",
  path: "/v1/trace-batches/{batchId}",
  operationId: "updateTraceBatch",
  summary: "Change fields of a trace batch",
  description:
    "Needs the `admin` role. Once the batch is sealed only `template` can change (`SEALED` otherwise).",
  tags,
  auth: "staff",
  params: batchIdParams,
  body: traceBatchPatchSchema,
  coreCheck: checkTraceBatchPatchFields,
  responses: { 200: { description: "The updated batch.", schema: traceBatchSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "BATCH_NUMBER_TAKEN", "SEALED"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.traceBatches.update(tenant, params.batchId, body) };
  },
});

const deleteTraceBatch = defineRoute({
  method: "DELETE",
  path: "/v1/trace-batches/{batchId}",
  operationId: "deleteTraceBatch",
  summary: "Delete a trace batch without bound packages",
  description: "Needs the `admin` role.",
  tags,
  auth: "staff",
  params: batchIdParams,
  responses: { 204: { description: "The batch was deleted." } },
  errors: ["FORBIDDEN", "NOT_FOUND", "BATCH_HAS_PACKAGES", "BATCH_HAS_TASKS"],
  async handler({ onecode, tenant, params }) {
    await onecode.traceBatches.delete(tenant, params.batchId);
    return { status: 204 };
  },
});

const setTraceBatchStatus = defineRoute({
  method: "POST",
  path: "/v1/trace-batches/{batchId}/status",
  operationId: "setTraceBatchStatus",
  summary: "Activate, freeze or unfreeze a trace batch",
  description:
    "Needs the `admin` role. `inactive → active`, `active ⇄ frozen`; other moves are `INVALID_STATE_TRANSITION`. Scans see the change at once.",
  tags,
  auth: "staff",
  params: batchIdParams,
  body: traceBatchStatusChangeSchema,
  responses: { 200: { description: "The batch in its new state.", schema: traceBatchSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.traceBatches.setStatus(tenant, params.batchId, body.status),
    };
  },
});

/** The trace batch routes (`/v1/trace-batches`): CRUD and status. */
export const traceBatchRoutes: readonly Route[] = [
  createTraceBatch,
  listTraceBatches,
  getTraceBatch,
  updateTraceBatch,
  deleteTraceBatch,
  setTraceBatchStatus,
];
