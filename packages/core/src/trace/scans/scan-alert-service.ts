import { updatedChanges } from "../../kernel/audit/audit-summary.js";
import { auditRecorder } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { InputCheck } from "../../kernel/input-check.js";
import { paginate } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { ScanService } from "../trace-services.js";
import { checkCountAlertFilter } from "./scan-alert-filters.js";
import { DEFAULT_SCAN_COUNT_THRESHOLDS } from "./scan-count-alert.js";
import { checkAlertSettingsInput } from "./scan-count-alert-check.js";
import { cacheAlertSettings } from "./scan-count-alerts.js";

/** The staff side of count alerts: the tenant's settings and the stored alerts. */
export function scanAlertService(
  runtime: TraceRuntime,
): Pick<ScanService, "getAlertSettings" | "updateAlertSettings" | "listCountAlerts"> {
  const { storage, clock } = runtime.ports;
  return {
    async getAlertSettings(ctx) {
      requireCapability(ctx, "scans.read");
      const settings = await storage.scans.alertSettings(ctx.tenantId);
      return (
        settings ?? { tenantId: ctx.tenantId, ...DEFAULT_SCAN_COUNT_THRESHOLDS, updatedAt: null }
      );
    },
    async updateAlertSettings(ctx, input) {
      requireCapability(ctx, "scans.manage");
      const check = new InputCheck();
      const changes = checkAlertSettingsInput(check, input);
      check.done();
      const settings = await storage.transaction(async (tx) => {
        const before = await tx.scans.alertSettings(ctx.tenantId);
        const after = await tx.scans.updateAlertSettings(ctx.tenantId, {
          ...changes,
          updatedAt: isoNow(clock),
        });
        await auditRecorder(runtime.ports)(tx, ctx, {
          action: "trace.scan_alert_settings.updated",
          target: { type: "tenant", id: ctx.tenantId },
          changes: updatedChanges(
            before ?? DEFAULT_SCAN_COUNT_THRESHOLDS,
            after,
            Object.keys(changes),
          ),
        });
        return after;
      });
      cacheAlertSettings(runtime, ctx.tenantId, settings);
      return settings;
    },
    async listCountAlerts(ctx, filter, page) {
      requireCapability(ctx, "scans.read");
      const checked = checkCountAlertFilter(filter);
      return paginate(page, (query) => storage.scans.listCountAlerts(ctx.tenantId, checked, query));
    },
  };
}
