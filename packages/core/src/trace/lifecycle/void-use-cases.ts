import { requireReady } from "../../codes/csv-export.js";
import { countChanges, fieldChanges } from "../../kernel/audit/audit-summary.js";
import { auditRecorder } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { invalidField, notFound, OneCodeError } from "../../kernel/errors.js";
import { paginate } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { CodeRange } from "../distribution/distribution.js";
import { findScannedCode } from "../scanned-code.js";
import { codeFromScan } from "../scans/scan-input.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type {
  CodeLifecycleEntry,
  CodeLifecycleKind,
  LifecycleEntryFilter,
} from "./code-lifecycle.js";
import type { CodeLifecycleQuery } from "./ports.js";
import type { CodeLifecycleService } from "./service-types.js";
import { invalidatePackageStatus } from "./status-invalidation.js";
import { type CheckedVoid, checkVoidInput } from "./void-check.js";

/** The void and recall part of {@link CodeLifecycleService}. */
export type VoidUseCases = Pick<
  CodeLifecycleService,
  "voidCodes" | "restoreEntry" | "getEntry" | "listEntries"
>;

const KINDS: readonly CodeLifecycleKind[] = ["void", "recall", "destroyed"];

/** Void and recall use cases: writes need `codes.void`, reads `trace.read`. */
export function voidUseCases(runtime: TraceRuntime): VoidUseCases {
  const { storage, clock, ids } = runtime.ports;
  const recordAudit = auditRecorder(runtime.ports);
  // One entry per void, recall or restore of a range: its bounds and count, never one per code.
  const rangeChanges = (range: CodeRange) => ({
    ...fieldChanges({
      packageId: { after: range.packageId },
      fromSerial: { after: range.fromSerial },
      toSerial: { after: range.toSerial },
    }),
    ...countChanges({ codeCount: range.toSerial - range.fromSerial + 1 }),
  });

  /** The range a checked request names, and the code when it named one. */
  const rangeOf = async (
    ctx: TenantContext,
    target: CheckedVoid["target"],
  ): Promise<{ range: CodeRange; code: string | null }> => {
    if ("code" in target) {
      const { record } = await findScannedCode(storage, ctx.tenantId, target.code);
      const range = {
        packageId: record.packageId,
        fromSerial: record.serial,
        toSerial: record.serial,
      };
      return { range, code: record.code };
    }
    const pkg = await storage.codePackages.get(ctx.tenantId, target.packageId);
    if (!pkg) throw notFound("code package", target.packageId, "packageId");
    requireReady(pkg);
    if (target.toSerial > pkg.total) {
      throw invalidField(
        "toSerial",
        "range",
        `toSerial must be at most ${pkg.total}, the package's last serial`,
      );
    }
    return { range: { ...target }, code: null };
  };

  const find = async (ctx: TenantContext, id: string) => {
    const entry = await storage.codeLifecycle.get(ctx.tenantId, id);
    if (!entry) throw notFound("lifecycle entry", id);
    return entry;
  };

  /** A list filter in repository terms; `null` when it names a code the tenant does not have. */
  const queryOf = async (
    ctx: TenantContext,
    filter: LifecycleEntryFilter,
  ): Promise<CodeLifecycleQuery | null> => {
    if (filter.kind !== undefined && !KINDS.includes(filter.kind)) {
      throw invalidField("kind", "one_of", `kind must be one of: ${KINDS.join(", ")}`);
    }
    if (filter.active !== undefined && typeof filter.active !== "boolean") {
      throw invalidField("active", "type", "active must be true or false");
    }
    const base: CodeLifecycleQuery = {
      ...(filter.kind !== undefined && { kind: filter.kind }),
      ...(filter.packageId !== undefined && { packageId: filter.packageId }),
      ...(filter.active !== undefined && { active: filter.active }),
    };
    if (filter.code === undefined) return base;
    const code = typeof filter.code === "string" ? codeFromScan(filter.code) : null;
    if (code === null) {
      throw invalidField(
        "code",
        "code_format",
        "code must be a code, a code URL or a Digital Link",
      );
    }
    const record = await storage.codePackages.findCode(ctx.tenantId, code);
    if (!record || (base.packageId !== undefined && base.packageId !== record.packageId)) {
      return null;
    }
    return { ...base, packageId: record.packageId, serial: record.serial };
  };

  return {
    async voidCodes(ctx, input) {
      requireCapability(ctx, "codes.void");
      const checked = checkVoidInput(input);
      const { range, code } = await rangeOf(ctx, checked.target);
      const entry: CodeLifecycleEntry = {
        id: ids.newId("lcy"),
        tenantId: ctx.tenantId,
        kind: checked.kind,
        reason: checked.reason,
        note: checked.note,
        consumerMessage: checked.consumerMessage,
        range,
        code,
        documentId: null,
        createdBy: ctx.actor.id,
        createdAt: isoNow(clock),
        restoredBy: null,
        restoredAt: null,
      };
      const stored = await storage.transaction(async (tx) => {
        const inserted = await tx.codeLifecycle.insertVoid(entry);
        if (inserted.outcome !== "exists") {
          await recordAudit(tx, ctx, {
            action: `trace.codes.${entry.kind === "recall" ? "recalled" : "voided"}`,
            target: { type: "lifecycle_entry", id: inserted.entry.id },
            changes: {
              ...rangeChanges(range),
              ...fieldChanges({ reason: { after: entry.reason }, note: { after: entry.note } }),
            },
          });
        }
        return inserted;
      });
      if (stored.outcome === "exists") return { entry: stored.entry, created: false };
      await invalidatePackageStatus(runtime, ctx.tenantId, range.packageId);
      return { entry: stored.entry, created: true };
    },
    async restoreEntry(ctx, id) {
      requireCapability(ctx, "codes.void");
      const result = await storage.transaction(async (tx) => {
        const restored = await tx.codeLifecycle.restore(
          ctx.tenantId,
          id,
          ctx.actor.id,
          isoNow(clock),
        );
        if (restored.outcome === "restored") {
          await recordAudit(tx, ctx, {
            action: "trace.codes.restored",
            target: { type: "lifecycle_entry", id },
            changes: {
              ...rangeChanges(restored.entry.range),
              ...fieldChanges({ kind: { before: restored.entry.kind } }),
            },
          });
        }
        return restored;
      });
      if (result.outcome === "not_found") throw notFound("lifecycle entry", id);
      if (result.outcome === "not_restorable") {
        if (result.entry.kind !== "destroyed") return result.entry; // restored already
        throw new OneCodeError(
          "INVALID_STATE_TRANSITION",
          `lifecycle entry ${id} records a destruction, which cannot be undone`,
          { id, from: "destroyed", to: "restored" },
        );
      }
      await invalidatePackageStatus(runtime, ctx.tenantId, result.entry.range.packageId);
      return result.entry;
    },
    async getEntry(ctx, id) {
      requireCapability(ctx, "trace.read");
      return find(ctx, id);
    },
    async listEntries(ctx, filter = {}, page) {
      requireCapability(ctx, "trace.read");
      const query = await queryOf(ctx, filter);
      return paginate(page, async (pageQuery) =>
        query === null ? [] : storage.codeLifecycle.list(ctx.tenantId, query, pageQuery),
      );
    },
  };
}
