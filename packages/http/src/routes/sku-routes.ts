import {
  checkSkuConfiguration,
  checkSkuPatch,
  checkStockCount,
  checkStockPolicy,
} from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  productSkusSchema,
  skuConfigurationSchema,
  skuIdParams,
  skuListSchema,
  skuPatchSchema,
  skuProductParams,
  skuSchema,
  skuSettingsSchema,
  skuStockSchema,
  stockPolicyBodySchema,
} from "../schemas/sku-schemas.js";

const tags = ["skus"];

const configureSkus = defineRoute({
  method: "PUT",
  path: "/v1/products/{productId}/skus",
  operationId: "configureProductSkus",
  summary: "Configure a product's stock policy, spec dimensions and SKUs",
  description:
    "Needs `catalog.manage`. Every combination of the dimensions' values gets exactly one SKU; `VALIDATION_FAILED` names each missing (`skus` `missing_combination`), duplicate or unknown one. On a product with SKUs only values may be added (else `FIELD_IMMUTABLE`), and `skus` lists the new combinations only. Prices are in the tenant's currency.",
  tags,
  auth: "staff",
  capability: "catalog.manage",
  params: skuProductParams,
  body: skuConfigurationSchema,
  coreCheck: checkSkuConfiguration,
  responses: {
    200: {
      description: "Every SKU of the product afterwards, oldest first.",
      schema: skuListSchema,
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "FIELD_IMMUTABLE", "SKU_CODE_TAKEN", "BUSY"],
  async handler({ onecode, tenant, params, body }) {
    const items = await onecode.skus.configure(tenant, params.productId, body);
    return { status: 200, body: { items } };
  },
});

const listSkus = defineRoute({
  method: "GET",
  path: "/v1/products/{productId}/skus",
  operationId: "listProductSkus",
  summary: "A product's stock policy, spec dimensions and SKUs",
  description: "Needs `catalog.read`.",
  tags,
  auth: "staff",
  capability: "catalog.read",
  params: skuProductParams,
  responses: {
    200: { description: "The product's SKU settings and SKUs.", schema: productSkusSchema },
  },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.skus.list(tenant, params.productId) };
  },
});

const setStockPolicy = defineRoute({
  method: "PUT",
  path: "/v1/products/{productId}/stock-policy",
  operationId: "setStockPolicy",
  summary: "Change a configured product's stock policy",
  description:
    "Needs `catalog.manage`. Applies to orders placed from now on. `NOT_FOUND` while the product has no SKUs.",
  tags,
  auth: "staff",
  capability: "catalog.manage",
  params: skuProductParams,
  body: stockPolicyBodySchema,
  coreCheck: (body: { policy?: unknown }) => checkStockPolicy(body.policy),
  responses: { 200: { description: "The product's SKU settings.", schema: skuSettingsSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "BUSY"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.skus.setPolicy(tenant, params.productId, body.policy),
    };
  },
});

const getSku = defineRoute({
  method: "GET",
  path: "/v1/skus/{skuId}",
  operationId: "getSku",
  summary: "Get a SKU",
  description: "Needs `catalog.read`.",
  tags,
  auth: "staff",
  capability: "catalog.read",
  params: skuIdParams,
  responses: { 200: { description: "The SKU.", schema: skuSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.skus.get(tenant, params.skuId) };
  },
});

const updateSku = defineRoute({
  method: "PATCH",
  path: "/v1/skus/{skuId}",
  operationId: "updateSku",
  summary: "Change a SKU's code, price, weight or low-stock threshold",
  description: "Needs `catalog.manage`. A price is in the tenant's currency.",
  tags,
  auth: "staff",
  capability: "catalog.manage",
  params: skuIdParams,
  body: skuPatchSchema,
  coreCheck: checkSkuPatch,
  responses: { 200: { description: "The updated SKU.", schema: skuSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "SKU_CODE_TAKEN"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.skus.update(tenant, params.skuId, body) };
  },
});

const setSkuStock = defineRoute({
  method: "PUT",
  path: "/v1/skus/{skuId}/stock",
  operationId: "setSkuStock",
  summary: "Set a SKU's stock to a staff count",
  description:
    "Needs `catalog.manage`. A count that takes the stock from above the SKU's low-stock threshold to at or below it raises a `sku.stock_low` event.",
  tags,
  auth: "staff",
  capability: "catalog.manage",
  params: skuIdParams,
  body: skuStockSchema,
  coreCheck: (body: { stock?: unknown }) => checkStockCount(body.stock),
  responses: { 200: { description: "The SKU with its new stock.", schema: skuSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.skus.setStock(tenant, params.skuId, body.stock) };
  },
});

/** The SKU routes (`/v1/products/{productId}/skus`, `/v1/skus`). */
export const skuRoutes: readonly Route[] = [
  configureSkus,
  listSkus,
  setStockPolicy,
  getSku,
  updateSku,
  setSkuStock,
];
