import { checkBulkSms } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  bulkSmsResultSchema,
  bulkSmsSchema,
  notificationLogPageSchema,
  notificationLogQuery,
} from "../schemas/notification-schemas.js";

const tags = ["notifications"];

const listNotifications = defineRoute({
  method: "GET",
  path: "/v1/notifications",
  operationId: "listNotifications",
  summary: "List the tenant's notification log, newest first",
  description:
    "Needs `notifications.read`. Every notification decided: sent, rejected by the provider (with its reason) or suppressed in SMS quiet hours; recipients masked. Filtered by outcome, channel, template, trigger and period (`from` inclusive, `to` exclusive).",
  tags,
  auth: "staff",
  capability: "notifications.read",
  query: notificationLogQuery,
  responses: { 200: { description: "One page of entries.", schema: notificationLogPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    const { limit, cursor, ...filter } = query;
    return {
      status: 200,
      body: await onecode.notifications.list(tenant, filter, { limit, cursor }),
    };
  },
});

const sendBulkSms = defineRoute({
  method: "POST",
  path: "/v1/notifications/bulk-sms",
  operationId: "sendBulkSms",
  summary: "Send one SMS template to up to 10,000 numbers",
  description:
    "Needs `notifications.send`. Numbers are normalized and duplicates merged; each distinct number gets one SMS. Inside the tenant's quiet hours (default 23:00–08:00 local) the whole send is refused with `QUIET_HOURS` (409, with `timeZone`, `localTime`, `resumesAt`) and nothing is sent or queued. Every outcome is logged; the counts are audited.",
  tags,
  auth: "staff",
  capability: "notifications.send",
  body: bulkSmsSchema,
  coreCheck: checkBulkSms,
  responses: { 200: { description: "What was sent.", schema: bulkSmsResultSchema } },
  errors: ["FORBIDDEN", "QUIET_HOURS"],
  async handler({ onecode, tenant, body }) {
    return { status: 200, body: await onecode.notifications.sendBulkSms(tenant, body) };
  },
});

/** The notification log and bulk SMS. */
export const notificationRoutes: readonly Route[] = [listNotifications, sendBulkSms];
