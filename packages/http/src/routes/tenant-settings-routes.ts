import { checkTenantSettingsPatch } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  tenantSettingsPatchSchema,
  tenantSettingsSchema,
} from "../schemas/tenant-settings-schemas.js";

const tags = ["tenant"];

const getTenantSettings = defineRoute({
  method: "GET",
  path: "/v1/tenant-settings",
  operationId: "getTenantSettings",
  summary: "The tenant's settings: time zone and currency",
  description: "Any staff role. `Asia/Shanghai` and `CNY` until an admin changes them.",
  tags,
  auth: "staff",
  responses: { 200: { description: "The settings.", schema: tenantSettingsSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant }) {
    return { status: 200, body: await onecode.tenantSettings.get(tenant) };
  },
});

const updateTenantSettings = defineRoute({
  method: "PATCH",
  path: "/v1/tenant-settings",
  operationId: "updateTenantSettings",
  summary: "Change the tenant's time zone and/or currency",
  description:
    "Needs the `admin` role. Only the present settings change. Calls served by this process use them at once, other processes within a minute.",
  tags,
  auth: "staff",
  body: tenantSettingsPatchSchema,
  coreCheck: checkTenantSettingsPatch,
  responses: { 200: { description: "The settings.", schema: tenantSettingsSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, body }) {
    return { status: 200, body: await onecode.tenantSettings.update(tenant, body) };
  },
});

/** The tenant's own settings. */
export const tenantSettingsRoutes: readonly Route[] = [getTenantSettings, updateTenantSettings];
