import { checkFlashSaleReminder, checkNewFlashSale } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  flashSaleIdParams,
  flashSaleListQuery,
  flashSalePageSchema,
  flashSaleReminderSchema,
  flashSaleSchema,
  flashSaleSoldSchema,
  flashSaleSubscribedSchema,
  newFlashSaleSchema,
  openFlashSalesSchema,
} from "../schemas/flash-sale-schemas.js";

const tags = ["flash-sales"];

const createFlashSale = defineRoute({
  method: "POST",
  path: "/v1/flash-sales",
  operationId: "createFlashSale",
  summary: "Create a flash sale (秒杀)",
  description:
    "Needs `promotions.manage`. `FLASH_SALE_OVERLAP` names the flash sale (not stopped) holding one of the SKUs in an overlapping window. Orders of its SKUs in the window are priced at the sale price, limited per person, and close unpaid after `payWithinMinutes` (30 by default), giving back stock and limit.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  body: newFlashSaleSchema,
  coreCheck: (body: unknown) => checkNewFlashSale(body),
  responses: {
    201: {
      description: "The new flash sale.",
      schema: flashSaleSchema,
      headers: { Location: "Path of the new flash sale." },
    },
  },
  errors: ["FORBIDDEN", "FLASH_SALE_OVERLAP"],
  async handler({ onecode, tenant, body, basePath }) {
    const sale = await onecode.flashSales.create(tenant, body);
    const location = `${basePath}/v1/flash-sales/${encodeURIComponent(sale.id)}`;
    return { status: 201, body: sale, headers: { location } };
  },
});

const listFlashSales = defineRoute({
  method: "GET",
  path: "/v1/flash-sales",
  operationId: "listFlashSales",
  summary: "The tenant's flash sales, newest first",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  query: flashSaleListQuery,
  responses: { 200: { description: "One page of flash sales.", schema: flashSalePageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.flashSales.list(tenant, query) };
  },
});

const getFlashSale = defineRoute({
  method: "GET",
  path: "/v1/flash-sales/{saleId}",
  operationId: "getFlashSale",
  summary: "Get a flash sale",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: flashSaleIdParams,
  responses: { 200: { description: "The flash sale.", schema: flashSaleSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.flashSales.get(tenant, params.saleId) };
  },
});

const flashSaleSoldUnits = defineRoute({
  method: "GET",
  path: "/v1/flash-sales/{saleId}/sold",
  operationId: "getFlashSaleSoldUnits",
  summary: "Units sold of each SKU of a flash sale",
  description: "Needs `promotions.read`. Orders closed unpaid gave theirs back.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: flashSaleIdParams,
  responses: { 200: { description: "Units sold per SKU.", schema: flashSaleSoldSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return {
      status: 200,
      body: { items: await onecode.flashSales.soldUnits(tenant, params.saleId) },
    };
  },
});

const stopFlashSale = defineRoute({
  method: "POST",
  path: "/v1/flash-sales/{saleId}/stop",
  operationId: "stopFlashSale",
  summary: "Stop a flash sale early",
  description:
    "Needs `promotions.manage`. Idempotent. Orders placed before keep their price; the SKUs become free for other flash sales.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: flashSaleIdParams,
  responses: { 200: { description: "The stopped flash sale.", schema: flashSaleSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.flashSales.stop(tenant, params.saleId) };
  },
});

const listOpenFlashSales = defineRoute({
  method: "GET",
  path: "/v1/my/flash-sales",
  operationId: "listOpenFlashSales",
  summary: "Flash sales running or to come, soonest start first",
  description: "At most 100; stopped and ended sales are left out.",
  tags: ["my-flash-sales"],
  auth: "consumer",
  responses: { 200: { description: "The open flash sales.", schema: openFlashSalesSchema } },
  errors: [],
  async handler({ onecode, tenant }) {
    return { status: 200, body: { items: await onecode.flashSales.listOpen(tenant) } };
  },
});

const getMyFlashSale = defineRoute({
  method: "GET",
  path: "/v1/my/flash-sales/{saleId}",
  operationId: "getMyFlashSale",
  summary: "A flash sale, as a buyer sees it",
  tags: ["my-flash-sales"],
  auth: "consumer",
  params: flashSaleIdParams,
  responses: { 200: { description: "The flash sale.", schema: flashSaleSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.flashSales.get(tenant, params.saleId) };
  },
});

const subscribeFlashSaleReminder = defineRoute({
  method: "POST",
  path: "/v1/my/flash-sales/{saleId}/reminders",
  operationId: "subscribeFlashSaleReminder",
  summary: "Ask for an SMS reminder before a flash sale starts",
  description:
    "Once per buyer (repeating changes nothing). `VALIDATION_FAILED` (`id` / `reminder_unavailable`) when the sale has no reminder or has started.",
  tags: ["my-flash-sales"],
  auth: "consumer",
  params: flashSaleIdParams,
  body: flashSaleReminderSchema,
  coreCheck: checkFlashSaleReminder,
  responses: { 200: { description: "Subscribed.", schema: flashSaleSubscribedSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.flashSales.subscribe(tenant, params.saleId, body),
    };
  },
});

/** The flash-sale routes: staff management and the buyer's view and reminders. */
export const flashSaleRoutes: readonly Route[] = [
  createFlashSale,
  listFlashSales,
  getFlashSale,
  flashSaleSoldUnits,
  stopFlashSale,
  listOpenFlashSales,
  getMyFlashSale,
  subscribeFlashSaleReminder,
];
