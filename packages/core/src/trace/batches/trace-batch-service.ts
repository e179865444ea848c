import { createdChanges, fieldChanges, updatedChanges } from "../../kernel/audit/audit-summary.js";
import { deleteAudited } from "../../kernel/audit/audited-deletion.js";
import { auditRecorder } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { notFound, OneCodeError } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { paginate } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { invalidateBatch, type TraceRuntime } from "../trace-runtime.js";
import type { TraceBatchService } from "../trace-services.js";
import { bindBatchPackage, unbindBatchPackage } from "./batch-binding.js";
import { requireBatch, sealedError } from "./batch-references.js";
import type { TraceBatch, TraceBatchStatus } from "./trace-batch.js";
import {
  checkNewTraceBatch,
  checkTraceBatchPatch,
  SEALED_BATCH_FIELDS,
  TRACE_BATCH_STATUSES,
} from "./trace-batch-check.js";

/** Statuses each status may be reached from: `inactive → active ⇄ frozen`. */
const REACHABLE_FROM: Readonly<Record<TraceBatchStatus, readonly TraceBatchStatus[]>> = {
  inactive: [],
  active: ["inactive", "frozen"],
  frozen: ["active"],
};

function batchNumberTaken(batchNumber: string | undefined): OneCodeError<"BATCH_NUMBER_TAKEN"> {
  return new OneCodeError(
    "BATCH_NUMBER_TAKEN",
    "batchNumber is already used by another trace batch of this tenant",
    { field: "batchNumber", ...(batchNumber !== undefined && { batchNumber }) },
  );
}

function transitionError(id: string, from: TraceBatchStatus, to: TraceBatchStatus) {
  return new OneCodeError(
    "INVALID_STATE_TRANSITION",
    `trace batch ${id} is ${from}; batches move inactive → active ⇄ frozen, so it cannot become ${to}`,
    { id, from, to },
  );
}

/**
 * Builds the trace batch use cases. `exportEpcis` comes from the
 * distribution side of the module, which knows the batch's events.
 */
export function traceBatchService(
  runtime: TraceRuntime,
  exportEpcis: TraceBatchService["exportEpcis"],
): TraceBatchService {
  const { storage, clock, ids } = runtime.ports;
  const recordAudit = auditRecorder(runtime.ports);
  const target = (id: string) => ({ type: "trace_batch", id });

  return {
    async create(ctx, input) {
      requireCapability(ctx, "trace.manage");
      const { productId, ...fields } = checkNewTraceBatch(input);
      const product = await storage.products.get(ctx.tenantId, productId);
      if (!product) throw notFound("product", productId, "productId");
      const now = isoNow(clock);
      const batch: TraceBatch = {
        id: ids.newId("batch"),
        tenantId: ctx.tenantId,
        ...fields,
        merchantId: product.merchantId,
        productId,
        status: "inactive",
        activatedAt: null,
        codeCount: 0,
        seal: null,
        sealedProduct: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await storage.transaction(async (tx) => {
        const result = await tx.traceBatches.insert(batch);
        if (result.outcome === "product_not_found") {
          throw notFound("product", productId, "productId");
        }
        if (result.outcome === "batch_number_taken") throw batchNumberTaken(batch.batchNumber);
        await recordAudit(tx, ctx, {
          action: "trace.batch.created",
          target: target(batch.id),
          changes: createdChanges(batch),
        });
      });
      await invalidateBatch(runtime, ctx.tenantId, batch.id, batch.version, "created");
      return batch;
    },
    async get(ctx, id) {
      requireCapability(ctx, "trace.read");
      return requireBatch(runtime, ctx.tenantId, id);
    },
    async list(ctx, filter = {}, page) {
      requireCapability(ctx, "trace.read");
      const check = new InputCheck();
      if (filter.status !== undefined) check.oneOf("status", filter.status, TRACE_BATCH_STATUSES);
      check.done();
      return paginate(page, (query) => storage.traceBatches.list(ctx.tenantId, filter, query));
    },
    async update(ctx, id, patch) {
      requireCapability(ctx, "trace.manage");
      const current = await requireBatch(runtime, ctx.tenantId, id);
      const changes = checkTraceBatchPatch(patch, current);
      const frozen = SEALED_BATCH_FIELDS.find((field) => field in changes);
      if (current.seal !== null && frozen) throw sealedError(id, frozen);
      // An empty patch changes nothing, not even updatedAt or version.
      if (Object.keys(changes).length === 0) return current;
      const result = await storage.transaction(async (tx) => {
        const updated = await tx.traceBatches.update(ctx.tenantId, id, {
          ...changes,
          updatedAt: isoNow(clock),
        });
        if (updated.outcome === "not_found") throw notFound("trace batch", id);
        if (updated.outcome === "batch_number_taken") throw batchNumberTaken(changes.batchNumber);
        if (updated.outcome === "sealed") throw sealedError(id, frozen ?? "template");
        await recordAudit(tx, ctx, {
          action: "trace.batch.updated",
          target: target(id),
          changes: updatedChanges(current, updated.batch, Object.keys(changes)),
        });
        return updated;
      });
      await invalidateBatch(runtime, ctx.tenantId, id, result.batch.version, "updated");
      return result.batch;
    },
    async setStatus(ctx, id, status) {
      requireCapability(ctx, "trace.manage");
      const check = new InputCheck();
      const to = check.oneOf("status", status, TRACE_BATCH_STATUSES);
      check.done();
      const from = REACHABLE_FROM[to];
      if (from.length === 0) {
        const current = await requireBatch(runtime, ctx.tenantId, id);
        throw transitionError(id, current.status, to);
      }
      const result = await storage.transaction(async (tx) => {
        const before = await tx.traceBatches.get(ctx.tenantId, id);
        const moved = await tx.traceBatches.setStatus(ctx.tenantId, id, from, to, isoNow(clock));
        if (moved.outcome === "not_found") throw notFound("trace batch", id);
        if (moved.outcome === "wrong_status") throw transitionError(id, moved.status, to);
        const verb =
          to === "frozen" ? "frozen" : before?.status === "frozen" ? "unfrozen" : "activated";
        await recordAudit(tx, ctx, {
          action: `trace.batch.${verb}`,
          target: target(id),
          changes: fieldChanges({ status: { before: before?.status ?? null, after: to } }),
        });
        return moved;
      });
      await invalidateBatch(runtime, ctx.tenantId, id, result.batch.version, "status");
      return result.batch;
    },
    async delete(ctx, id) {
      requireCapability(ctx, "trace.manage");
      const result = await deleteAudited(storage, recordAudit, ctx, {
        read: (tx) => tx.traceBatches.get(ctx.tenantId, id),
        remove: (tx) => tx.traceBatches.delete(ctx.tenantId, id),
        action: "trace.batch.deleted",
        target: target(id),
      });
      if (result.outcome === "not_found") throw notFound("trace batch", id);
      if (result.outcome === "has_packages") {
        throw new OneCodeError(
          "BATCH_HAS_PACKAGES",
          `trace batch ${id} has ${result.packageCount} code package(s) bound, so it cannot be deleted`,
          { id, packageCount: result.packageCount },
        );
      }
      if (result.outcome === "has_tasks") {
        throw new OneCodeError(
          "BATCH_HAS_TASKS",
          `trace batch ${id} has ${result.taskCount} production task(s), so it cannot be deleted`,
          { id, taskCount: result.taskCount },
        );
      }
      await invalidateBatch(runtime, ctx.tenantId, id, null, "deleted");
    },
    bindPackage: (ctx, id, packageId) => bindBatchPackage(runtime, ctx, id, packageId),
    unbindPackage: (ctx, id, packageId) => unbindBatchPackage(runtime, ctx, id, packageId),
    async listPackages(ctx: TenantContext, id: string) {
      requireCapability(ctx, "trace.read");
      await requireBatch(runtime, ctx.tenantId, id);
      return storage.traceBatches.listPackages(ctx.tenantId, id);
    },
    exportEpcis,
  };
}
