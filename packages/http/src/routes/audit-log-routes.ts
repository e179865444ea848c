import { defineRoute, type Route } from "../define-route.js";
import { auditEntryPageSchema, auditLogListQuery } from "../schemas/audit-log-schemas.js";

const listAuditLog = defineRoute({
  method: "GET",
  path: "/v1/audit-log",
  operationId: "listAuditLog",
  summary: "List the tenant's audit log, newest first",
  description:
    "Needs `audit.read` (admins hold it). Every state change made by staff or the system, filtered by actor, target, action and period (`from` inclusive, `to` exclusive).",
  tags: ["audit"],
  auth: "staff",
  capability: "audit.read",
  query: auditLogListQuery,
  responses: { 200: { description: "One page of entries.", schema: auditEntryPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    const { limit, cursor, ...filter } = query;
    return { status: 200, body: await onecode.audit.list(tenant, filter, { limit, cursor }) };
  },
});

/** The tenant's audit log (read-only). */
export const auditLogRoutes: readonly Route[] = [listAuditLog];
