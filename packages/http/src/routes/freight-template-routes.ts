import { checkFreightQuote, checkFreightTemplate } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  freightQuoteSchema,
  freightTemplateListQuery,
  freightTemplatePageSchema,
  freightTemplateRulesSchema,
  freightTemplateSchema,
  templateIdParams,
} from "../schemas/freight-schemas.js";
import { moneySchema } from "../schemas/print-order-schemas.js";

const tags = ["orders"];

const createFreightTemplate = defineRoute({
  method: "POST",
  path: "/v1/freight-templates",
  operationId: "createFreightTemplate",
  summary: "Create a freight template",
  description: "Needs `orders.settings`.",
  tags,
  auth: "staff",
  body: freightTemplateRulesSchema,
  coreCheck: checkFreightTemplate,
  responses: {
    201: {
      description: "The new template.",
      schema: freightTemplateSchema,
      headers: { Location: "Path of the new template." },
    },
  },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, body, basePath }) {
    const template = await onecode.freightTemplates.create(tenant, body);
    const location = `${basePath}/v1/freight-templates/${encodeURIComponent(template.id)}`;
    return { status: 201, body: template, headers: { location } };
  },
});

const listFreightTemplates = defineRoute({
  method: "GET",
  path: "/v1/freight-templates",
  operationId: "listFreightTemplates",
  summary: "List freight templates, newest first",
  description: "Needs `orders.read`.",
  tags,
  auth: "staff",
  query: freightTemplateListQuery,
  responses: {
    200: { description: "One page of templates.", schema: freightTemplatePageSchema },
  },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.freightTemplates.list(tenant, query) };
  },
});

const getFreightTemplate = defineRoute({
  method: "GET",
  path: "/v1/freight-templates/{templateId}",
  operationId: "getFreightTemplate",
  summary: "Get a freight template",
  description: "Needs `orders.read`.",
  tags,
  auth: "staff",
  params: templateIdParams,
  responses: { 200: { description: "The template.", schema: freightTemplateSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.freightTemplates.get(tenant, params.templateId) };
  },
});

const replaceFreightTemplate = defineRoute({
  method: "PUT",
  path: "/v1/freight-templates/{templateId}",
  operationId: "replaceFreightTemplate",
  summary: "Replace every rule of a freight template",
  description: "Needs `orders.settings`.",
  tags,
  auth: "staff",
  params: templateIdParams,
  body: freightTemplateRulesSchema,
  coreCheck: checkFreightTemplate,
  responses: { 200: { description: "The updated template.", schema: freightTemplateSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.freightTemplates.update(tenant, params.templateId, body),
    };
  },
});

const deleteFreightTemplate = defineRoute({
  method: "DELETE",
  path: "/v1/freight-templates/{templateId}",
  operationId: "deleteFreightTemplate",
  summary: "Delete a freight template",
  description: "Needs `orders.settings`.",
  tags,
  auth: "staff",
  params: templateIdParams,
  responses: { 204: { description: "The template was deleted." } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    await onecode.freightTemplates.delete(tenant, params.templateId);
    return { status: 204 };
  },
});

const quoteFreight = defineRoute({
  method: "POST",
  path: "/v1/freight-templates/{templateId}/quote",
  operationId: "quoteFreight",
  summary: "The shipping price of a parcel under a freight template",
  description:
    "Any staff member. Partial steps round up; self pickup is free when the template offers it.",
  tags,
  auth: "staff",
  params: templateIdParams,
  body: freightQuoteSchema,
  coreCheck: checkFreightQuote,
  responses: { 200: { description: "The price.", schema: moneySchema } },
  errors: ["NOT_FOUND", "REGION_NOT_DELIVERED", "SELF_PICKUP_NOT_OFFERED"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.freightTemplates.quote(tenant, params.templateId, body),
    };
  },
});

/** The freight template routes (`/v1/freight-templates`). */
export const freightTemplateRoutes: readonly Route[] = [
  createFreightTemplate,
  listFreightTemplates,
  getFreightTemplate,
  replaceFreightTemplate,
  deleteFreightTemplate,
  quoteFreight,
];
