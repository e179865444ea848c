import { checkNewPresale } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  newPresaleSchema,
  presaleDeliveryPromiseSchema,
  presaleIdParams,
  presaleListQuery,
  presaleOrderParams,
  presalePageSchema,
  presaleSchema,
  presaleSoldSchema,
} from "../schemas/presale-schemas.js";

const tags = ["presales"];

const createPresale = defineRoute({
  method: "POST",
  path: "/v1/presales",
  operationId: "createPresale",
  summary: "Create a presale (预售)",
  description:
    "Needs `promotions.manage`. One presale of a tenant runs at a time: `PRESALE_OVERLAP` names the presale (not stopped) whose window overlaps. Its units are sold from the virtual stock, not the SKU's real stock; the buyer pays in full now.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  body: newPresaleSchema,
  coreCheck: (body: unknown) => checkNewPresale(body),
  responses: {
    201: {
      description: "The new presale.",
      schema: presaleSchema,
      headers: { Location: "Path of the new presale." },
    },
  },
  errors: ["FORBIDDEN", "PRESALE_OVERLAP"],
  async handler({ onecode, tenant, body, basePath }) {
    const presale = await onecode.presales.create(tenant, body);
    const location = `${basePath}/v1/presales/${encodeURIComponent(presale.id)}`;
    return { status: 201, body: presale, headers: { location } };
  },
});

const listPresales = defineRoute({
  method: "GET",
  path: "/v1/presales",
  operationId: "listPresales",
  summary: "The tenant's presales, newest first",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  query: presaleListQuery,
  responses: { 200: { description: "One page of presales.", schema: presalePageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.presales.list(tenant, query) };
  },
});

const getPresale = defineRoute({
  method: "GET",
  path: "/v1/presales/{presaleId}",
  operationId: "getPresale",
  summary: "Get a presale",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: presaleIdParams,
  responses: { 200: { description: "The presale.", schema: presaleSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.presales.get(tenant, params.presaleId) };
  },
});

const presaleSoldUnits = defineRoute({
  method: "GET",
  path: "/v1/presales/{presaleId}/sold",
  operationId: "getPresaleSoldUnits",
  summary: "Units sold of each SKU of a presale",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: presaleIdParams,
  responses: { 200: { description: "Units sold per SKU.", schema: presaleSoldSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return {
      status: 200,
      body: { items: await onecode.presales.soldUnits(tenant, params.presaleId) },
    };
  },
});

const stopPresale = defineRoute({
  method: "POST",
  path: "/v1/presales/{presaleId}/stop",
  operationId: "stopPresale",
  summary: "Stop a presale early",
  description: "Needs `promotions.manage`. Idempotent; orders placed keep their promise.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: presaleIdParams,
  responses: { 200: { description: "The stopped presale.", schema: presaleSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.presales.stop(tenant, params.presaleId) };
  },
});

const presaleDelivery = defineRoute({
  method: "GET",
  path: "/v1/orders/{orderId}/presale-delivery",
  operationId: "getPresaleDelivery",
  summary: "An order's presale delivery promise",
  description:
    "Needs `orders.read`. Shipping before the promised date is allowed (the promise is the latest the buyer waits for).",
  tags,
  auth: "staff",
  capability: "orders.read",
  params: presaleOrderParams,
  responses: { 200: { description: "The promise.", schema: presaleDeliveryPromiseSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return {
      status: 200,
      body: { promise: await onecode.presales.deliveryOf(tenant, params.orderId) },
    };
  },
});

const myPresaleDelivery = defineRoute({
  method: "GET",
  path: "/v1/my/orders/{orderId}/presale-delivery",
  operationId: "getMyPresaleDelivery",
  summary: "When the buyer's presale goods are delivered",
  tags: ["my-orders"],
  auth: "consumer",
  params: presaleOrderParams,
  responses: { 200: { description: "The promise.", schema: presaleDeliveryPromiseSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return {
      status: 200,
      body: { promise: await onecode.presales.deliveryOf(tenant, params.orderId) },
    };
  },
});

/** The presale routes: staff management and the delivery promise of an order. */
export const presaleRoutes: readonly Route[] = [
  createPresale,
  listPresales,
  getPresale,
  presaleSoldUnits,
  stopPresale,
  presaleDelivery,
  myPresaleDelivery,
];
