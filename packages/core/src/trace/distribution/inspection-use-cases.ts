import { createdChanges } from "../../kernel/audit/audit-summary.js";
import { auditRecorder } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { InputCheck } from "../../kernel/input-check.js";
import { paginate } from "../../kernel/pagination.js";
import {
  forbidden,
  listFilterFor,
  requireCapability,
} from "../../kernel/permissions/access-check.js";
import { scopeReaches } from "../../kernel/permissions/record-scope.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { scannedIdentity, scanRecordKey } from "../scans/scan-input.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { DistributionService } from "../trace-services.js";
import type { InspectionReport } from "./distribution.js";
import { SALES_REGION_PATTERN } from "./enterprise-check.js";

/** The inspection part of {@link DistributionService}. */
export type InspectionUseCases = Pick<DistributionService, "fileInspection" | "listInspections">;

/** Limits of inspection reports. */
export const INSPECTION_LIMITS = Object.freeze({ noteMax: 2000, photosMax: 9, regionMax: 20 });

type InspectionInput = Parameters<DistributionService["fileInspection"]>[1];

/**
 * Checks an inspection report: the code (a code, a code URL or a Digital
 * Link), an optional region, a note of 1-2,000 characters and up to 9
 * http(s) photo URLs. Throws `VALIDATION_FAILED` listing every issue.
 */
export function checkNewInspection(input: InspectionInput) {
  const check = new InputCheck();
  const value = (input ?? {}) as InspectionInput;
  let code = "";
  if (typeof value.code !== "string") check.fail("code", "required", "code is required");
  else {
    // A counterfeit's label may carry a GS1 key without a code: the report keeps the key.
    code = scannedIdentity(value.code) ?? "";
    if (!code) {
      check.fail("code", "code_format", "code must be a code, a code URL or a Digital Link");
    }
  }
  let region: string | null = null;
  if (value.region !== undefined && value.region !== null) {
    region = check.text("region", value.region, {
      max: INSPECTION_LIMITS.regionMax,
      pattern: SALES_REGION_PATTERN,
      patternRule: "sales_region",
      patternMessage: "region must be letters, digits and '-', e.g. CN-GD",
    });
  }
  const note = check.text("note", value.note, { max: INSPECTION_LIMITS.noteMax });
  const photos = check.list(
    "photos",
    value.photos,
    { max: INSPECTION_LIMITS.photosMax },
    (field, url) => check.url(field, url),
  );
  check.done();
  return { code, region, note, photos };
}

/**
 * Field inspection (流通稽查): inspectors and admins file reports about a
 * code, known or not (a counterfeit is exactly what an inspector reports).
 * Admins list every report; an inspector lists their own.
 */
/**
 * Whether the actor may read only the reports they filed (an `own` scope,
 * as inspectors hold it) rather than all. Reports belong to no enterprise
 * or store, so a grant scoped by those reaches none of them.
 */
function ownReportsOnly(ctx: TenantContext): boolean {
  const filter = listFilterFor(ctx, "inspections.read");
  if (filter.all) return false;
  if (filter.anyOf.some((scope) => scopeReaches(scope, { ownerId: ctx.actor.id }))) return true;
  throw forbidden(ctx, "inspections.read", { ownerId: ctx.actor.id });
}

export function inspectionUseCases(runtime: TraceRuntime): InspectionUseCases {
  const { storage, clock, ids } = runtime.ports;
  return {
    async fileInspection(ctx, input) {
      requireCapability(ctx, "inspections.file");
      const fields = checkNewInspection(input);
      const report: InspectionReport = {
        id: ids.newId("insp"),
        tenantId: ctx.tenantId,
        ...fields,
        inspectorId: ctx.actor.id,
        createdAt: isoNow(clock),
      };
      await storage.transaction(async (tx) => {
        await tx.scans.insertReport(report);
        await auditRecorder(runtime.ports)(tx, ctx, {
          action: "trace.inspection.filed",
          target: { type: "inspection_report", id: report.id },
          changes: createdChanges(report),
        });
      });
      return report;
    },
    async listInspections(ctx, filter = {}, page) {
      const own = ownReportsOnly(ctx);
      const query = {
        ...(filter.code !== undefined && { code: scanRecordKey(filter.code) }),
        ...(own
          ? { inspectorId: ctx.actor.id }
          : filter.inspectorId !== undefined && { inspectorId: filter.inspectorId }),
      };
      return paginate(page, (pageQuery) =>
        storage.scans.listReports(ctx.tenantId, query, pageQuery),
      );
    },
  };
}
