import { checkNewInspection } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  codeParams,
  diversionAlertListQuery,
  diversionAlertPageSchema,
  inspectionListQuery,
  inspectionReportPageSchema,
  inspectionReportSchema,
  newInspectionSchema,
  scanListQuery,
  scanRecordPageSchema,
} from "../schemas/scan-schemas.js";
import { codeLocationSchema } from "../schemas/stock-document-schemas.js";

const distribution = ["distribution"];
const scans = ["scans"];

const locateCode = defineRoute({
  method: "GET",
  path: "/v1/codes/{code}/location",
  operationId: "locateCode",
  summary: "Where a code is: its range, current holder and distribution history",
  tags: distribution,
  auth: "staff",
  params: codeParams,
  responses: { 200: { description: "The code's location.", schema: codeLocationSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.distribution.locateCode(tenant, params.code) };
  },
});

const fileInspection = defineRoute({
  method: "POST",
  path: "/v1/inspections",
  operationId: "fileInspection",
  summary: "File an inspection report about a code",
  description: "Needs the `inspector` or `admin` role.",
  tags: distribution,
  auth: "staff",
  body: newInspectionSchema,
  coreCheck: checkNewInspection,
  responses: { 201: { description: "The report.", schema: inspectionReportSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, body }) {
    return { status: 201, body: await onecode.distribution.fileInspection(tenant, body) };
  },
});

const listInspections = defineRoute({
  method: "GET",
  path: "/v1/inspections",
  operationId: "listInspections",
  summary: "List inspection reports, newest first",
  tags: distribution,
  auth: "staff",
  query: inspectionListQuery,
  responses: { 200: { description: "One page of reports.", schema: inspectionReportPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    const { limit, cursor, ...filter } = query;
    return {
      status: 200,
      body: await onecode.distribution.listInspections(tenant, filter, { limit, cursor }),
    };
  },
});

const listCodeScans = defineRoute({
  method: "GET",
  path: "/v1/codes/{code}/scans",
  operationId: "listCodeScans",
  summary: "A code's recorded consumer scans, newest first",
  tags: scans,
  auth: "staff",
  params: codeParams,
  query: scanListQuery,
  responses: { 200: { description: "One page of scans.", schema: scanRecordPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, params, query }) {
    return { status: 200, body: await onecode.scans.listScans(tenant, params.code, query) };
  },
});

const listDiversionAlerts = defineRoute({
  method: "GET",
  path: "/v1/diversion-alerts",
  operationId: "listDiversionAlerts",
  summary: "List diversion alerts (窜货预警), newest first",
  tags: scans,
  auth: "staff",
  query: diversionAlertListQuery,
  responses: { 200: { description: "One page of alerts.", schema: diversionAlertPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    const { limit, cursor, ...filter } = query;
    return { status: 200, body: await onecode.scans.listAlerts(tenant, filter, { limit, cursor }) };
  },
});

/** Staff views of codes in circulation: location, scans, alerts and inspections. */
export const codeTraceRoutes: readonly Route[] = [
  locateCode,
  listCodeScans,
  listDiversionAlerts,
  fileInspection,
  listInspections,
];
