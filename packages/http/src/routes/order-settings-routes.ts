import { checkOrderSettingsPatch } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import { orderSettingsPatchSchema, orderSettingsSchema } from "../schemas/order-schemas.js";

const tags = ["orders"];

const getOrderSettings = defineRoute({
  method: "GET",
  path: "/v1/order-settings",
  operationId: "getOrderSettings",
  summary: "The tenant's order settings",
  description:
    "Payment timeout, auto-complete days, e-waybill sender, checkout freight template, alert recipients. Needs `orders.read`.",
  tags,
  auth: "staff",
  capability: "orders.read",
  responses: { 200: { description: "The settings.", schema: orderSettingsSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant }) {
    return { status: 200, body: await onecode.orderSettings.get(tenant) };
  },
});

const updateOrderSettings = defineRoute({
  method: "PATCH",
  path: "/v1/order-settings",
  operationId: "updateOrderSettings",
  summary: "Change some order settings",
  description:
    "Needs `orders.settings`; audited. A new payment timeout applies to orders placed afterwards.",
  tags,
  auth: "staff",
  capability: "orders.settings",
  body: orderSettingsPatchSchema,
  coreCheck: checkOrderSettingsPatch,
  responses: { 200: { description: "The settings.", schema: orderSettingsSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, body }) {
    return { status: 200, body: await onecode.orderSettings.update(tenant, body) };
  },
});

/** The order settings routes (`/v1/order-settings`). */
export const orderSettingsRoutes: readonly Route[] = [getOrderSettings, updateOrderSettings];
