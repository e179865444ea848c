import { checkEnterprisePatch, checkNewEnterprise } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  enterpriseIdParams,
  enterpriseListQuery,
  enterpriseMoveSchema,
  enterprisePageSchema,
  enterprisePatchSchema,
  enterpriseSchema,
  newEnterpriseSchema,
  newSiblingEnterpriseSchema,
} from "../schemas/enterprise-schemas.js";
import { withFieldName } from "../with-field-name.js";

const tags = ["distribution"];

const created = {
  201: {
    description: "The new enterprise.",
    schema: enterpriseSchema,
    headers: { Location: "Path of the new enterprise." },
  },
} as const;

const enterprisePath = (basePath: string, id: string) =>
  `${basePath}/v1/enterprises/${encodeURIComponent(id)}`;

const createEnterprise = defineRoute({
  method: "POST",
  path: "/v1/enterprises",
  operationId: "createEnterprise",
  summary: "Create a root enterprise, or a child of `parentId`",
  description: "Needs the `admin` role. `NOT_FOUND` names `parentId` when the parent is missing.",
  tags,
  auth: "staff",
  body: newEnterpriseSchema,
  coreCheck: checkNewEnterprise,
  responses: created,
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, body, basePath }) {
    const enterprise = await onecode.distribution.createEnterprise(tenant, body);
    return {
      status: 201,
      body: enterprise,
      headers: { location: enterprisePath(basePath, enterprise.id) },
    };
  },
});

const createSiblingEnterprise = defineRoute({
  method: "POST",
  path: "/v1/enterprises/{enterpriseId}/siblings",
  operationId: "createSiblingEnterprise",
  summary: "Add an enterprise under the same parent as another one",
  description: "Needs the `admin` role. A sibling of a root is another root.",
  tags,
  auth: "staff",
  params: enterpriseIdParams,
  body: newSiblingEnterpriseSchema,
  coreCheck: checkNewEnterprise,
  responses: created,
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params, body, basePath }) {
    const enterprise = await onecode.distribution.createSibling(tenant, params.enterpriseId, body);
    return {
      status: 201,
      body: enterprise,
      headers: { location: enterprisePath(basePath, enterprise.id) },
    };
  },
});

const listEnterprises = defineRoute({
  method: "GET",
  path: "/v1/enterprises",
  operationId: "listEnterprises",
  summary: "List the children of an enterprise, or the roots",
  tags,
  auth: "staff",
  query: enterpriseListQuery,
  responses: { 200: { description: "One page of enterprises.", schema: enterprisePageSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, query }) {
    const { parentId, limit, cursor } = query;
    return {
      status: 200,
      body: await onecode.distribution.listChildren(tenant, parentId ?? null, { limit, cursor }),
    };
  },
});

const getEnterprise = defineRoute({
  method: "GET",
  path: "/v1/enterprises/{enterpriseId}",
  operationId: "getEnterprise",
  summary: "Get an enterprise",
  tags,
  auth: "staff",
  params: enterpriseIdParams,
  responses: { 200: { description: "The enterprise.", schema: enterpriseSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return {
      status: 200,
      body: await onecode.distribution.getEnterprise(tenant, params.enterpriseId),
    };
  },
});

const updateEnterprise = defineRoute({
  method: "PATCH",
  path: "/v1/enterprises/{enterpriseId}",
  operationId: "updateEnterprise",
  summary: "Change fields of an enterprise",
  description: "Needs the `admin` role.",
  tags,
  auth: "staff",
  params: enterpriseIdParams,
  body: enterprisePatchSchema,
  coreCheck: checkEnterprisePatch,
  responses: { 200: { description: "The updated enterprise.", schema: enterpriseSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.distribution.updateEnterprise(tenant, params.enterpriseId, body),
    };
  },
});

const deleteEnterprise = defineRoute({
  method: "DELETE",
  path: "/v1/enterprises/{enterpriseId}",
  operationId: "deleteEnterprise",
  summary: "Delete an enterprise without children, held codes or documents",
  description: "Needs the `admin` role.",
  tags,
  auth: "staff",
  params: enterpriseIdParams,
  responses: { 204: { description: "The enterprise was deleted." } },
  errors: ["FORBIDDEN", "NOT_FOUND", "ENTERPRISE_NOT_EMPTY"],
  async handler({ onecode, tenant, params }) {
    await onecode.distribution.deleteEnterprise(tenant, params.enterpriseId);
    return { status: 204 };
  },
});

const moveEnterprise = defineRoute({
  method: "POST",
  path: "/v1/enterprises/{enterpriseId}/move",
  operationId: "moveEnterprise",
  summary: "Move an enterprise (with its subtree) under another parent",
  description:
    "Needs the `admin` role. `parentId: null` makes it a root; a move under itself or into its own subtree is `VALIDATION_FAILED` naming `parentId`.",
  tags,
  auth: "staff",
  params: enterpriseIdParams,
  body: enterpriseMoveSchema,
  responses: { 200: { description: "The moved enterprise.", schema: enterpriseSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params, body }) {
    const moved = await withFieldName("newParentId", "parentId", () =>
      onecode.distribution.moveEnterprise(tenant, params.enterpriseId, body.parentId),
    );
    return { status: 200, body: moved };
  },
});

/** The enterprise routes (`/v1/enterprises`): the distribution tree. */
export const enterpriseRoutes: readonly Route[] = [
  createEnterprise,
  listEnterprises,
  getEnterprise,
  updateEnterprise,
  deleteEnterprise,
  createSiblingEnterprise,
  moveEnterprise,
];
