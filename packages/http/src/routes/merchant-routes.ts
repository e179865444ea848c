import { checkMerchantPatch, checkNewMerchant } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  merchantIdParams,
  merchantListQuery,
  merchantPageSchema,
  merchantPatchSchema,
  merchantSchema,
  newMerchantSchema,
} from "../schemas/merchant-schemas.js";

const tags = ["merchants"];

const createMerchant = defineRoute({
  method: "POST",
  path: "/v1/merchants",
  operationId: "createMerchant",
  summary: "Create a merchant",
  description: "Needs the `admin` role.",
  tags,
  auth: "staff",
  body: newMerchantSchema,
  coreCheck: checkNewMerchant,
  responses: {
    201: {
      description: "The new merchant.",
      schema: merchantSchema,
      headers: { Location: "Path of the new merchant." },
    },
  },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, body, basePath }) {
    const merchant = await onecode.merchants.create(tenant, body);
    const location = `${basePath}/v1/merchants/${encodeURIComponent(merchant.id)}`;
    return { status: 201, body: merchant, headers: { location } };
  },
});

const listMerchants = defineRoute({
  method: "GET",
  path: "/v1/merchants",
  operationId: "listMerchants",
  summary: "List merchants, newest first",
  tags,
  auth: "staff",
  query: merchantListQuery,
  responses: { 200: { description: "One page of merchants.", schema: merchantPageSchema } },
  async handler({ onecode, tenant, query }) {
    const page = await onecode.merchants.list(tenant, { limit: query.limit, cursor: query.cursor });
    return { status: 200, body: page };
  },
});

const getMerchant = defineRoute({
  method: "GET",
  path: "/v1/merchants/{merchantId}",
  operationId: "getMerchant",
  summary: "Get a merchant",
  tags,
  auth: "staff",
  params: merchantIdParams,
  responses: { 200: { description: "The merchant.", schema: merchantSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.merchants.get(tenant, params.merchantId) };
  },
});

const updateMerchant = defineRoute({
  method: "PATCH",
  path: "/v1/merchants/{merchantId}",
  operationId: "updateMerchant",
  summary: "Change fields of a merchant",
  description: "Needs the `admin` role. The code source never changes (`FIELD_IMMUTABLE`).",
  tags,
  auth: "staff",
  params: merchantIdParams,
  body: merchantPatchSchema,
  coreCheck: checkMerchantPatch,
  responses: { 200: { description: "The updated merchant.", schema: merchantSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "FIELD_IMMUTABLE"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.merchants.update(tenant, params.merchantId, body) };
  },
});

const deleteMerchant = defineRoute({
  method: "DELETE",
  path: "/v1/merchants/{merchantId}",
  operationId: "deleteMerchant",
  summary: "Delete a merchant that owns no products",
  description: "Needs the `admin` role.",
  tags,
  auth: "staff",
  params: merchantIdParams,
  responses: { 204: { description: "The merchant was deleted." } },
  errors: ["FORBIDDEN", "NOT_FOUND", "MERCHANT_HAS_PRODUCTS", "MERCHANT_HAS_CODES"],
  async handler({ onecode, tenant, params }) {
    await onecode.merchants.delete(tenant, params.merchantId);
    return { status: 204 };
  },
});

/** The merchant routes (`/v1/merchants`). */
export const merchantRoutes: readonly Route[] = [
  createMerchant,
  listMerchants,
  getMerchant,
  updateMerchant,
  deleteMerchant,
];
