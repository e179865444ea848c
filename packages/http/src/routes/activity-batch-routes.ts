import { checkActivityBatchPatch, checkNewActivityBatch } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  activityBatchCopySchema,
  activityBatchIdParams,
  activityBatchListQuery,
  activityBatchPackageSchema,
  activityBatchPageSchema,
  activityBatchPatchSchema,
  activityBatchSchema,
  newActivityBatchSchema,
} from "../schemas/activity-batch-schemas.js";

const tags = ["campaigns"];

const createActivityBatch = defineRoute({
  method: "POST",
  path: "/v1/activity-batches",
  operationId: "createActivityBatch",
  summary: "Create an activity batch (活动批次)",
  description:
    "Needs `campaigns.manage`. Binds a campaign to a merchant's product; created inactive, without packages.",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  body: newActivityBatchSchema,
  coreCheck: (body: unknown) => checkNewActivityBatch(body),
  responses: {
    201: {
      description: "The new activity batch.",
      schema: activityBatchSchema,
      headers: { Location: "Path of the new activity batch." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "BATCH_NUMBER_TAKEN"],
  async handler({ onecode, tenant, body, basePath }) {
    const batch = await onecode.activityBatches.create(tenant, body);
    const location = `${basePath}/v1/activity-batches/${encodeURIComponent(batch.id)}`;
    return { status: 201, body: batch, headers: { location } };
  },
});

const listActivityBatches = defineRoute({
  method: "GET",
  path: "/v1/activity-batches",
  operationId: "listActivityBatches",
  summary: "The tenant's activity batches, newest first",
  description: "Needs `campaigns.read`.",
  tags,
  auth: "staff",
  capability: "campaigns.read",
  query: activityBatchListQuery,
  responses: {
    200: { description: "One page of activity batches.", schema: activityBatchPageSchema },
  },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.activityBatches.list(tenant, query) };
  },
});

const getActivityBatch = defineRoute({
  method: "GET",
  path: "/v1/activity-batches/{batchId}",
  operationId: "getActivityBatch",
  summary: "Get an activity batch",
  description: "Needs `campaigns.read`.",
  tags,
  auth: "staff",
  capability: "campaigns.read",
  params: activityBatchIdParams,
  responses: { 200: { description: "The activity batch.", schema: activityBatchSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.activityBatches.get(tenant, params.batchId) };
  },
});

const updateActivityBatch = defineRoute({
  method: "PATCH",
  path: "/v1/activity-batches/{batchId}",
  operationId: "updateActivityBatch",
  summary: "Change an activity batch",
  description:
    "Needs `campaigns.manage`. Once active or frozen only the remark changes (`INVALID_STATE_TRANSITION` otherwise).",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  params: activityBatchIdParams,
  body: activityBatchPatchSchema,
  coreCheck: (body: unknown) => checkActivityBatchPatch(body),
  responses: { 200: { description: "The changed activity batch.", schema: activityBatchSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "BATCH_NUMBER_TAKEN", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.activityBatches.update(tenant, params.batchId, body),
    };
  },
});

const deleteActivityBatch = defineRoute({
  method: "DELETE",
  path: "/v1/activity-batches/{batchId}",
  operationId: "deleteActivityBatch",
  summary: "Delete an inactive activity batch",
  description: "Needs `campaigns.manage`. Only an inactive batch (`INVALID_STATE_TRANSITION`).",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  params: activityBatchIdParams,
  responses: { 204: { description: "Deleted." } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params }) {
    await onecode.activityBatches.delete(tenant, params.batchId);
    return { status: 204 };
  },
});

const copyActivityBatch = defineRoute({
  method: "POST",
  path: "/v1/activity-batches/{batchId}/copy",
  operationId: "copyActivityBatch",
  summary: "Copy an activity batch",
  description:
    "Needs `campaigns.manage`. A new inactive batch with the same campaign, merchant, product and remark, and no packages.",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  params: activityBatchIdParams,
  body: activityBatchCopySchema,
  // The copy's batch number follows the rule of a changed one.
  coreCheck: (body: unknown) => checkActivityBatchPatch(body),
  responses: {
    201: {
      description: "The copy.",
      schema: activityBatchSchema,
      headers: { Location: "Path of the copy." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "BATCH_NUMBER_TAKEN"],
  async handler({ onecode, tenant, params, body, basePath }) {
    const copy = await onecode.activityBatches.copy(tenant, params.batchId, body);
    const location = `${basePath}/v1/activity-batches/${encodeURIComponent(copy.id)}`;
    return { status: 201, body: copy, headers: { location } };
  },
});

const bindActivityBatchPackage = defineRoute({
  method: "POST",
  path: "/v1/activity-batches/{batchId}/packages",
  operationId: "bindActivityBatchPackage",
  summary: "Bind a code package to an activity batch",
  description:
    "Needs `campaigns.manage`. A finished package (`PACKAGE_NOT_READY`) of the batch's merchant, bound to no other activity batch (`PACKAGE_ALREADY_BOUND`).",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  params: activityBatchIdParams,
  body: activityBatchPackageSchema,
  responses: { 200: { description: "The activity batch.", schema: activityBatchSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "PACKAGE_NOT_READY", "PACKAGE_ALREADY_BOUND"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.activityBatches.bindPackage(tenant, params.batchId, body.packageId),
    };
  },
});

const activateActivityBatch = defineRoute({
  method: "POST",
  path: "/v1/activity-batches/{batchId}/activate",
  operationId: "activateActivityBatch",
  summary: "Activate an activity batch",
  description:
    "Needs `campaigns.manage`. inactive → active (with a bound package: `BATCH_HAS_NO_CODES` otherwise) or frozen → active: scanning its codes then leads to the campaign.",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  params: activityBatchIdParams,
  responses: { 200: { description: "The activity batch.", schema: activityBatchSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "BATCH_HAS_NO_CODES"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.activityBatches.activate(tenant, params.batchId) };
  },
});

const freezeActivityBatch = defineRoute({
  method: "POST",
  path: "/v1/activity-batches/{batchId}/freeze",
  operationId: "freezeActivityBatch",
  summary: "Freeze an active activity batch",
  description: "Needs `campaigns.manage`. active → frozen: its codes cannot play until activated.",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  params: activityBatchIdParams,
  responses: { 200: { description: "The activity batch.", schema: activityBatchSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.activityBatches.freeze(tenant, params.batchId) };
  },
});

/** The activity-batch routes (活动批次), for staff. */
export const activityBatchRoutes: readonly Route[] = [
  createActivityBatch,
  listActivityBatches,
  getActivityBatch,
  updateActivityBatch,
  deleteActivityBatch,
  copyActivityBatch,
  bindActivityBatchPackage,
  activateActivityBatch,
  freezeActivityBatch,
];
