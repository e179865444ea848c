import { defineRoute, type Route } from "../define-route.js";
import {
  batchIdParams,
  batchPackageParams,
  batchPackagesSchema,
  packageBindingSchema,
  traceBatchSchema,
} from "../schemas/trace-batch-schemas.js";

const tags = ["trace-batches"];

const listBatchPackages = defineRoute({
  method: "GET",
  path: "/v1/trace-batches/{batchId}/packages",
  operationId: "listBatchPackages",
  summary: "List the code packages bound to a trace batch",
  tags,
  auth: "staff",
  params: batchIdParams,
  responses: { 200: { description: "The bound packages.", schema: batchPackagesSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    const packageIds = await onecode.traceBatches.listPackages(tenant, params.batchId);
    return { status: 200, body: { packageIds } };
  },
});

const bindBatchPackage = defineRoute({
  method: "POST",
  path: "/v1/trace-batches/{batchId}/packages",
  operationId: "bindBatchPackage",
  summary: "Bind a code package to a trace batch",
  description:
    "Needs the `admin` role. The package must have succeeded and the batch be `inactive` and unsealed; a code belongs to at most one batch (`PACKAGE_ALREADY_BOUND`).",
  tags,
  auth: "staff",
  params: batchIdParams,
  body: packageBindingSchema,
  responses: {
    200: { description: "The batch with its new code count.", schema: traceBatchSchema },
  },
  errors: [
    "FORBIDDEN",
    "NOT_FOUND",
    "PACKAGE_NOT_READY",
    "PACKAGE_ALREADY_BOUND",
    "INVALID_STATE_TRANSITION",
    "SEALED",
  ],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.traceBatches.bindPackage(tenant, params.batchId, body.packageId),
    };
  },
});

const unbindBatchPackage = defineRoute({
  method: "DELETE",
  path: "/v1/trace-batches/{batchId}/packages/{packageId}",
  operationId: "unbindBatchPackage",
  summary: "Unbind a code package from an inactive trace batch",
  description: "Needs the `admin` role.",
  tags,
  auth: "staff",
  params: batchPackageParams,
  responses: {
    200: { description: "The batch with its new code count.", schema: traceBatchSchema },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "SEALED"],
  async handler({ onecode, tenant, params }) {
    return {
      status: 200,
      body: await onecode.traceBatches.unbindPackage(tenant, params.batchId, params.packageId),
    };
  },
});

/** The code packages of a trace batch: list, bind, unbind. */
export const traceBatchPackageRoutes: readonly Route[] = [
  listBatchPackages,
  bindBatchPackage,
  unbindBatchPackage,
];
