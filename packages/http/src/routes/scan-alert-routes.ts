import { defineRoute, type Route } from "../define-route.js";
import {
  scanCountAlertListQuery,
  scanCountAlertPageSchema,
  scanCountAlertSettingsPatchSchema,
  scanCountAlertSettingsSchema,
} from "../schemas/scan-count-alert-schemas.js";

const tags = ["scans"];

const getAlertSettings = defineRoute({
  method: "GET",
  path: "/v1/scan-alert-settings",
  operationId: "getScanAlertSettings",
  summary: "The tenant's count-alert (查询次数超限) settings",
  description: "Any staff role. Both thresholds are `null` (off) until an admin sets them.",
  tags,
  auth: "staff",
  responses: { 200: { description: "The settings.", schema: scanCountAlertSettingsSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant }) {
    return { status: 200, body: await onecode.scans.getAlertSettings(tenant) };
  },
});

const updateAlertSettings = defineRoute({
  method: "PATCH",
  path: "/v1/scan-alert-settings",
  operationId: "updateScanAlertSettings",
  summary: "Change the tenant's count-alert (查询次数超限) thresholds",
  description:
    "Needs the `admin` role. Only the present thresholds change; `null` turns one off. Scans served by this process apply them at once, other processes within 30 s.",
  tags,
  auth: "staff",
  body: scanCountAlertSettingsPatchSchema,
  responses: { 200: { description: "The settings.", schema: scanCountAlertSettingsSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, body }) {
    return { status: 200, body: await onecode.scans.updateAlertSettings(tenant, body) };
  },
});

const listCountAlerts = defineRoute({
  method: "GET",
  path: "/v1/scan-count-alerts",
  operationId: "listScanCountAlerts",
  summary: "List count alerts (查询次数超限), newest first",
  description: "At most one alert per code and kind, raised by the first scan past the threshold.",
  tags,
  auth: "staff",
  query: scanCountAlertListQuery,
  responses: { 200: { description: "One page of alerts.", schema: scanCountAlertPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    const { limit, cursor, ...filter } = query;
    return {
      status: 200,
      body: await onecode.scans.listCountAlerts(tenant, filter, { limit, cursor }),
    };
  },
});

/** The tenant's count-alert settings and the count alerts scans raised. */
export const scanAlertRoutes: readonly Route[] = [
  getAlertSettings,
  updateAlertSettings,
  listCountAlerts,
];
