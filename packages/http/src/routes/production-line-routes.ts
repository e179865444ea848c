import { checkProductionLine, checkProductionLinePatch } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  lineIdParams,
  newProductionLineSchema,
  productionLineListQuery,
  productionLinePageSchema,
  productionLinePatchSchema,
  productionLineSchema,
} from "../schemas/production-schemas.js";

const tags = ["production"];

const createProductionLine = defineRoute({
  method: "POST",
  path: "/v1/production-lines",
  operationId: "createProductionLine",
  summary: "Create a production line",
  description: "Needs the `admin` role.",
  tags,
  auth: "staff",
  body: newProductionLineSchema,
  coreCheck: checkProductionLine,
  responses: {
    201: {
      description: "The new line.",
      schema: productionLineSchema,
      headers: { Location: "Path of the new line." },
    },
  },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, body, basePath }) {
    const line = await onecode.production.createLine(tenant, body);
    const location = `${basePath}/v1/production-lines/${encodeURIComponent(line.id)}`;
    return { status: 201, body: line, headers: { location } };
  },
});

const listProductionLines = defineRoute({
  method: "GET",
  path: "/v1/production-lines",
  operationId: "listProductionLines",
  summary: "List production lines, newest first",
  tags,
  auth: "staff",
  query: productionLineListQuery,
  responses: { 200: { description: "One page of lines.", schema: productionLinePageSchema } },
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.production.listLines(tenant, query) };
  },
});

const getProductionLine = defineRoute({
  method: "GET",
  path: "/v1/production-lines/{lineId}",
  operationId: "getProductionLine",
  summary: "Get a production line",
  tags,
  auth: "staff",
  params: lineIdParams,
  responses: { 200: { description: "The line.", schema: productionLineSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.production.getLine(tenant, params.lineId) };
  },
});

const updateProductionLine = defineRoute({
  method: "PATCH",
  path: "/v1/production-lines/{lineId}",
  operationId: "updateProductionLine",
  summary: "Change fields of a production line",
  description:
    "Needs the `admin` role. Effective tasks keep the snapshot of the line they were made effective with.",
  tags,
  auth: "staff",
  params: lineIdParams,
  body: productionLinePatchSchema,
  coreCheck: checkProductionLinePatch,
  responses: { 200: { description: "The updated line.", schema: productionLineSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.production.updateLine(tenant, params.lineId, body) };
  },
});

const deleteProductionLine = defineRoute({
  method: "DELETE",
  path: "/v1/production-lines/{lineId}",
  operationId: "deleteProductionLine",
  summary: "Delete a production line no task uses",
  description: "Needs the `admin` role.",
  tags,
  auth: "staff",
  params: lineIdParams,
  responses: { 204: { description: "The line was deleted." } },
  errors: ["FORBIDDEN", "NOT_FOUND", "PRODUCTION_LINE_IN_USE"],
  async handler({ onecode, tenant, params }) {
    await onecode.production.deleteLine(tenant, params.lineId);
    return { status: 204 };
  },
});

/** The production line routes (`/v1/production-lines`). */
export const productionLineRoutes: readonly Route[] = [
  createProductionLine,
  listProductionLines,
  getProductionLine,
  updateProductionLine,
  deleteProductionLine,
];
