import { checkNewPrize, checkPrizePatch } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  cdkKeysInputSchema,
  newPrizeSchema,
  prizeIdParams,
  prizeListQuery,
  prizePageSchema,
  prizePatchSchema,
  prizeSchema,
  prizeStockInputSchema,
  prizeSubStockListSchema,
  prizeWithImportSchema,
} from "../schemas/prize-schemas.js";

const tags = ["campaigns"];

const createPrize = defineRoute({
  method: "POST",
  path: "/v1/prizes",
  operationId: "createPrize",
  summary: "Create a prize stock (奖品库)",
  description:
    "Needs `campaigns.manage`. A `cdk` prize imports `cdkText`, one key per line, in file order; its stock is the keys imported, and blank and repeated lines are reported in `cdkImport`, not imported. A cash red packet, or a prize with `purchase`, freezes stock × unit amount through the payment port first; `PRIZE_FUNDS_NOT_FROZEN` when the provider refuses (nothing is stored). A `coupon` prize names a published coupon (`COUPON_STATE` otherwise).",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  body: newPrizeSchema,
  coreCheck: (body: unknown) => checkNewPrize(body),
  responses: {
    201: {
      description: "The new prize, with the CDK import report.",
      schema: prizeWithImportSchema,
      headers: { Location: "Path of the new prize." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "COUPON_STATE", "PRIZE_FUNDS_NOT_FROZEN"],
  async handler({ onecode, tenant, body, basePath }) {
    const created = await onecode.prizes.create(tenant, body);
    const location = `${basePath}/v1/prizes/${encodeURIComponent(created.prize.id)}`;
    return { status: 201, body: created, headers: { location } };
  },
});

const listPrizes = defineRoute({
  method: "GET",
  path: "/v1/prizes",
  operationId: "listPrizes",
  summary: "The tenant's prize stocks, newest first",
  description: "Needs `campaigns.read`.",
  tags,
  auth: "staff",
  capability: "campaigns.read",
  query: prizeListQuery,
  responses: { 200: { description: "One page of prizes.", schema: prizePageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.prizes.list(tenant, query) };
  },
});

const getPrize = defineRoute({
  method: "GET",
  path: "/v1/prizes/{prizeId}",
  operationId: "getPrize",
  summary: "Get a prize stock",
  description: "Needs `campaigns.read`. CDK keys are never shown.",
  tags,
  auth: "staff",
  capability: "campaigns.read",
  params: prizeIdParams,
  responses: { 200: { description: "The prize.", schema: prizeSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.prizes.get(tenant, params.prizeId) };
  },
});

const updatePrize = defineRoute({
  method: "PATCH",
  path: "/v1/prizes/{prizeId}",
  operationId: "updatePrize",
  summary: "Change a prize's presentation",
  description: "Needs `campaigns.manage`. Kind, stock and funds do not change here.",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  params: prizeIdParams,
  body: prizePatchSchema,
  coreCheck: (body: unknown) => checkPrizePatch(body),
  responses: { 200: { description: "The changed prize.", schema: prizeSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.prizes.update(tenant, params.prizeId, body) };
  },
});

const importPrizeCdkKeys = defineRoute({
  method: "POST",
  path: "/v1/prizes/{prizeId}/cdk-keys",
  operationId: "importPrizeCdkKeys",
  summary: "Append CDK keys to a CDK prize",
  description:
    "Needs `campaigns.manage`. The keys follow the last imported, in file order; blank lines and keys seen before (in the text or the stock) are reported, not imported. `PRIZE_KIND_MISMATCH` for a prize of another kind. A key file larger than the handler's JSON body limit (`maxBodyBytes`, 1 MiB by default) is imported in parts, in order.",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  params: prizeIdParams,
  body: cdkKeysInputSchema,
  responses: {
    200: { description: "The prize and the import report.", schema: prizeWithImportSchema },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "PRIZE_KIND_MISMATCH"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.prizes.importCdk(tenant, params.prizeId, body.text),
    };
  },
});

const addPrizeStock = defineRoute({
  method: "POST",
  path: "/v1/prizes/{prizeId}/stock",
  operationId: "addPrizeStock",
  summary: "Add stock to a prize",
  description:
    "Needs `campaigns.manage`. For prizes that are neither CDK (whose stock is their keys) nor funded (whose stock was frozen at creation): `PRIZE_KIND_MISMATCH` otherwise.",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  params: prizeIdParams,
  body: prizeStockInputSchema,
  responses: { 200: { description: "The prize with its new stock.", schema: prizeSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "PRIZE_KIND_MISMATCH"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.prizes.addStock(tenant, params.prizeId, body.units),
    };
  },
});

const listPrizeSubStocks = defineRoute({
  method: "GET",
  path: "/v1/prizes/{prizeId}/sub-stocks",
  operationId: "listPrizeSubStocks",
  summary: "A prize's sub-stocks: its allocation to each campaign slot",
  description: "Needs `campaigns.read`.",
  tags,
  auth: "staff",
  capability: "campaigns.read",
  params: prizeIdParams,
  responses: {
    200: { description: "The sub-stocks, with wins.", schema: prizeSubStockListSchema },
  },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return {
      status: 200,
      body: { items: await onecode.prizes.subStocks(tenant, params.prizeId) },
    };
  },
});

/** The prize-stock routes (奖品库), for staff. */
export const prizeRoutes: readonly Route[] = [
  createPrize,
  listPrizes,
  getPrize,
  updatePrize,
  importPrizeCdkKeys,
  addPrizeStock,
  listPrizeSubStocks,
];
