import { requireReady } from "../../codes/csv-export.js";
import { countChanges, fieldChanges } from "../../kernel/audit/audit-summary.js";
import { auditRecorder } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { invalidField, notFound, OneCodeError } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import {
  requireCapability,
  requireCapabilityAnywhere,
} from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { requireStockAccess } from "../distribution/distribution-access.js";
import { findScannedCode, type ScannedCode } from "../scanned-code.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { AggregationChange, AggregationOperation, SerialSegment } from "./aggregation.js";
import { type PlanFunction, planRepack, planUnpack } from "./aggregation-plans.js";
import { CurrentAggregation } from "./current-aggregation.js";
import type { AggregationWrite } from "./ports.js";
import { readAggregation } from "./read-aggregation.js";
import type { CodeLifecycleService } from "./service-types.js";

/** Limits of unpack and repack requests. */
export const AGGREGATION_LIMITS = Object.freeze({ childrenMax: 1000, noteMax: 500 });

/** Attempts of a change that keeps meeting concurrent changes of its package. */
const MAX_ATTEMPTS = 5;

/** The aggregation part of {@link CodeLifecycleService}. */
export type AggregationUseCases = Pick<
  CodeLifecycleService,
  "unpack" | "repack" | "aggregationHistory"
>;

/** A checked unpack or repack request. */
interface CheckedChange {
  readonly parent: string;
  readonly children: readonly string[];
  readonly note: string;
  readonly documentId: string | null;
}

function checkChange(
  input: unknown,
  parentField: "code" | "parent",
  childrenRequired: boolean,
): CheckedChange {
  const check = new InputCheck();
  const value = (input ?? {}) as Record<string, unknown>;
  const parent = check.text(parentField, value[parentField], { max: 2000 });
  const children = check.list(
    "children",
    value.children,
    { min: childrenRequired ? 1 : 0, max: AGGREGATION_LIMITS.childrenMax },
    (field, item) => check.text(field, item, { max: 2000 }),
  );
  const note = check.optionalText("note", value.note, { max: AGGREGATION_LIMITS.noteMax });
  const documentId =
    value.documentId === undefined || value.documentId === null
      ? null
      : check.text("documentId", value.documentId, { max: 100 });
  check.done();
  return { parent, children, note, documentId };
}

/** Unpack (拆箱), repack (换箱) and the aggregation history. */
export function aggregationUseCases(runtime: TraceRuntime): AggregationUseCases {
  const { storage, clock, ids } = runtime.ports;

  /** The parent (a packaging code of an associated package) and children of one request. */
  const resolve = async (ctx: TenantContext, request: CheckedChange, parentField: string) => {
    const parent = await findScannedCode(storage, ctx.tenantId, request.parent, parentField);
    requireReady(parent.pkg);
    if (!new CurrentAggregation(parent.pkg, []).isPackaging(parent.record.serial)) {
      throw invalidField(
        parentField,
        "packaging_code",
        `${parentField} must be an outer or middle code of an associated package`,
      );
    }
    const children: ScannedCode[] = await Promise.all(
      request.children.map((text, i) =>
        findScannedCode(storage, ctx.tenantId, text, `children.${i}`),
      ),
    );
    const seen = new Set<number>();
    children.forEach(({ record }, i) => {
      if (record.packageId !== parent.pkg.id) {
        throw invalidField(
          `children.${i}`,
          "same_package",
          `children.${i} must be a code of the parent's package`,
        );
      }
      if (seen.has(record.serial)) {
        throw invalidField(`children.${i}`, "duplicate", `children.${i} is listed twice`);
      }
      seen.add(record.serial);
    });
    if (request.documentId !== null) {
      const document = await storage.stock.getDocument(ctx.tenantId, request.documentId);
      if (!document) throw notFound("stock document", request.documentId, "documentId");
    }
    return { parent, children };
  };

  /** Where the parent is: the holder every code of the change must have; operators only their own. */
  const holderOf = async (ctx: TenantContext, parent: ScannedCode) => {
    const holding = await storage.stock.holderOf(ctx.tenantId, parent.pkg.id, parent.record.serial);
    if (holding !== null && holding.enterpriseId === null) {
      throw new OneCodeError(
        "HOLDER_MISMATCH",
        `${parent.record.code} left circulation; its packing can no longer change`,
        { code: parent.record.code, expectedHolder: null, mismatched: 1 },
      );
    }
    const expected = holding?.enterpriseId ?? undefined;
    await requireStockAccess(storage, ctx, {
      outboundType: "other",
      fromEnterpriseId: expected ?? null,
      toEnterpriseId: null,
    });
    return expected;
  };

  /** Refuses void, recalled and destroyed codes. */
  const requireUsable = async (ctx: TenantContext, codes: readonly ScannedCode[]) => {
    const statuses = await Promise.all(
      codes.map(({ pkg, record }) =>
        storage.codeLifecycle.statusOf(ctx.tenantId, pkg.id, record.serial),
      ),
    );
    statuses.forEach((status, i) => {
      const { record } = codes[i] as ScannedCode;
      if (status === null) return;
      throw new OneCodeError(
        "CODE_VOIDED",
        `${record.code} is ${status.kind === "destroyed" ? "destroyed" : "void or recalled"}; it cannot be re-packed`,
        {
          code: record.code,
          entryId: status.entryId,
          kind: status.kind,
        },
      );
    });
  };

  /**
   * Reads the aggregation, plans the change and applies it on condition
   * that the package did not change meanwhile; reads again when it did.
   */
  const apply = async (
    ctx: TenantContext,
    kind: "unpack" | "repack",
    request: CheckedChange,
    parent: ScannedCode,
    serials: readonly number[],
    expectedHolder: string | undefined,
    plan: PlanFunction,
  ): Promise<AggregationOperation> => {
    const operationId = ids.newId("aggop");
    const at = isoNow(clock);
    const change = (
      action: AggregationChange["action"],
      parentSerial: number,
      parentCode: string,
      children: SerialSegment,
    ): AggregationChange => ({
      id: ids.newId("agg"),
      tenantId: ctx.tenantId,
      operationId,
      action,
      packageId: parent.pkg.id,
      parentSerial,
      parentCode,
      children,
      documentId: request.documentId,
      note: request.note,
      actorId: ctx.actor.id,
      at,
    });
    const recordAudit = auditRecorder(runtime.ports);
    for (let attempt = 1; ; attempt++) {
      const view = await readAggregation(storage.aggregation, ctx.tenantId, parent.pkg, serials);
      const planned = await plan(view.aggregation, change);
      if (planned === null) return { operationId, changes: [] };
      const write: AggregationWrite = {
        packageId: parent.pkg.id,
        expectedVersion: view.version ?? 0,
        holders: { serials: planned.holderSerials, expectedHolder },
        relinks: planned.relinks,
        changes: planned.changes,
      };
      const result = await storage.transaction(async (tx) => {
        const applied = await tx.aggregation.apply(ctx.tenantId, write);
        if (applied.outcome === "applied") {
          // One entry per operation: the parent code and counts, never one per child code.
          await recordAudit(tx, ctx, {
            action: `trace.codes.${kind === "unpack" ? "unpacked" : "repacked"}`,
            target: { type: "code", id: parent.record.code },
            changes: {
              ...fieldChanges({
                packageId: { after: parent.pkg.id },
                operationId: { after: operationId },
                documentId: { after: request.documentId },
              }),
              ...countChanges({
                changeCount: planned.changes.length,
                codeCount: planned.changes.reduce(
                  (sum, entry) => sum + entry.children.toSerial - entry.children.fromSerial + 1,
                  0,
                ),
              }),
            },
          });
        }
        return applied;
      });
      if (result.outcome === "applied") return { operationId, changes: planned.changes };
      if (result.outcome === "holder_mismatch") {
        throw new OneCodeError(
          "HOLDER_MISMATCH",
          `${result.mismatched} code(s) are not held where ${parent.record.code} is (held elsewhere, or moved meanwhile); nothing changed`,
          {
            code: parent.record.code,
            expectedHolder: expectedHolder ?? null,
            mismatched: result.mismatched,
          },
        );
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw new OneCodeError(
          "HOLDER_MISMATCH",
          `${parent.record.code} keeps changing under concurrent operations; nothing changed, try again`,
          { code: parent.record.code, expectedHolder: expectedHolder ?? null, mismatched: 0 },
        );
      }
    }
  };

  /** An unpack or a repack, from the request to the history entries written. */
  const change = async (ctx: TenantContext, input: unknown, kind: "unpack" | "repack") => {
    requireCapabilityAnywhere(ctx, "stock.move");
    const parentField = kind === "unpack" ? "code" : "parent";
    const request = checkChange(input, parentField, kind === "repack");
    const { parent, children } = await resolve(ctx, request, parentField);
    if (kind === "repack") await requireUsable(ctx, [parent, ...children]);
    const expected = await holderOf(ctx, parent);
    const childSerials = children.map(({ record }) => record.serial);
    const plan: PlanFunction =
      kind === "unpack"
        ? (aggregation, entry) =>
            planUnpack(aggregation, parent, children.length > 0 ? childSerials : null, entry)
        : (aggregation, entry) =>
            planRepack(storage, ctx.tenantId, aggregation, parent, childSerials, entry);
    const serials = [parent.record.serial, ...childSerials];
    return apply(ctx, kind, request, parent, serials, expected, plan);
  };

  return {
    unpack: (ctx, input) => change(ctx, input, "unpack"),
    repack: (ctx, input) => change(ctx, input, "repack"),
    async aggregationHistory(ctx, code) {
      requireCapability(ctx, "trace.read");
      const { record, pkg } = await findScannedCode(storage, ctx.tenantId, code);
      return storage.aggregation.changesOfCode(ctx.tenantId, pkg.id, record.serial);
    },
  };
}
