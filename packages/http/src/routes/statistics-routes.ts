import { defineRoute, type Route } from "../define-route.js";
import {
  codeStatisticsQuery,
  codeStatisticsSchema,
  scanStatisticsQuery,
  scanStatisticsSchema,
} from "../schemas/statistics-schemas.js";

const tags = ["statistics"];

const scanStatistics = defineRoute({
  method: "GET",
  path: "/v1/statistics/scans",
  operationId: "getScanStatistics",
  summary: "Consumer scans per period, region, product, batch and verdict (扫码统计)",
  description:
    "Any staff role. Counts the scans recorded in the range, grouped by `groupBy` and filtered; periods are calendar days, weeks or months of `timeZone`.",
  tags,
  auth: "staff",
  query: scanStatisticsQuery,
  responses: { 200: { description: "The statistics.", schema: scanStatisticsSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.statistics.scans(tenant, query) };
  },
});

const codeStatistics = defineRoute({
  method: "GET",
  path: "/v1/statistics/codes",
  operationId: "getCodeStatistics",
  summary: "Codes generated, uploaded, bound and activated per period and merchant (码量统计)",
  description:
    "Any staff role. Counts codes by what happened to them in each period: packages that succeeded (`generated`, `uploaded`), bindings to trace batches still in place (`bound`), first activations of batches (`activated`).",
  tags,
  auth: "staff",
  query: codeStatisticsQuery,
  responses: { 200: { description: "The statistics.", schema: codeStatisticsSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.statistics.codes(tenant, query) };
  },
});

/** Statistics for dashboards, computed by storage. */
export const statisticsRoutes: readonly Route[] = [scanStatistics, codeStatistics];
