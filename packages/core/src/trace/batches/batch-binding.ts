import type { CodePackage } from "../../codes/code-package.js";
import { countChanges, fieldChanges } from "../../kernel/audit/audit-summary.js";
import { auditRecorder } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { invalidField, notFound, OneCodeError } from "../../kernel/errors.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { StorageRepositories } from "../../ports/storage.js";
import { invalidateBatch, type TraceRuntime } from "../trace-runtime.js";
import { requireBatch, sealedError } from "./batch-references.js";
import type { TraceBatch, TraceBatchStatus } from "./trace-batch.js";

/**
 * Codes a bind adds to the batch product's bound-code count. A package that
 * names the product was counted when it was generated or uploaded; a package
 * without a product is counted when it is bound. Packages naming another
 * product are refused before this (see {@link bindBatchPackage}).
 */
function codesToCount(batch: TraceBatch, pkg: CodePackage): number {
  return pkg.productId === batch.productId ? 0 : pkg.total;
}

async function adjustProductCount(
  tx: StorageRepositories,
  batch: TraceBatch,
  delta: number,
): Promise<void> {
  if (delta === 0) return;
  const count = await tx.products.adjustBoundCodes(batch.tenantId, batch.productId, delta);
  // Products named by a batch cannot be deleted, so this is a broken invariant: roll back.
  if (count === null) throw notFound("product", batch.productId);
}

function notInactive(id: string, status: TraceBatchStatus, action: string) {
  return new OneCodeError(
    "INVALID_STATE_TRANSITION",
    `trace batch ${id} is ${status}; packages can be ${action} only while it is inactive`,
    { id, from: status, required: "inactive" },
  );
}

async function requireBindablePackage(
  runtime: TraceRuntime,
  batch: TraceBatch,
  packageId: string,
): Promise<CodePackage> {
  const pkg = await runtime.ports.storage.codePackages.get(batch.tenantId, packageId);
  if (!pkg) throw notFound("code package", packageId, "packageId");
  // Merchant and product of a package and a batch never change, so reading them first is race-free.
  if (pkg.merchantId !== batch.merchantId) {
    throw invalidField(
      "packageId",
      "merchant_mismatch",
      `packageId must be a package of the batch's merchant ${batch.merchantId}`,
    );
  }
  if (pkg.productId !== null && pkg.productId !== batch.productId) {
    throw invalidField(
      "packageId",
      "product_mismatch",
      `packageId names product ${pkg.productId}; only packages of the batch's product or of no product can be bound`,
    );
  }
  return pkg;
}

/**
 * Binds a succeeded package of the batch's merchant to an inactive, unsealed
 * batch. The package must name the batch's product or no product: codes
 * made for one product are never traced as another. The bind and the
 * product's bound-code count change in one storage transaction.
 */
export async function bindBatchPackage(
  runtime: TraceRuntime,
  ctx: TenantContext,
  id: string,
  packageId: string,
): Promise<TraceBatch> {
  requireCapability(ctx, "trace.manage");
  const { storage, clock } = runtime.ports;
  const batch = await requireBatch(runtime, ctx.tenantId, id);
  const pkg = await requireBindablePackage(runtime, batch, packageId);
  const result = await storage.transaction(async (tx) => {
    const bound = await tx.traceBatches.bindPackage(ctx.tenantId, id, packageId, isoNow(clock));
    if (bound.outcome === "bound") {
      // Read again: an upload read before the bind may have been validating, its total not final yet.
      const succeeded = await tx.codePackages.get(ctx.tenantId, packageId);
      if (!succeeded) throw notFound("code package", packageId, "packageId");
      await adjustProductCount(tx, batch, codesToCount(batch, succeeded));
      await auditRecorder(runtime.ports)(tx, ctx, {
        action: "trace.batch.package_bound",
        target: { type: "trace_batch", id },
        changes: {
          ...fieldChanges({ packageId: { after: packageId } }),
          ...countChanges({ codeCount: succeeded.total }),
        },
      });
    }
    return bound;
  });
  switch (result.outcome) {
    case "bound":
      await invalidateBatch(runtime, ctx.tenantId, id, result.batch.version, "packages");
      return result.batch;
    case "batch_not_found":
      throw notFound("trace batch", id);
    case "package_not_found":
      throw notFound("code package", packageId, "packageId");
    case "package_not_ready":
      throw new OneCodeError(
        "PACKAGE_NOT_READY",
        `code package ${packageId} has not succeeded, so it cannot be bound`,
        { id: packageId, status: pkg.status },
      );
    case "already_bound":
      throw new OneCodeError(
        "PACKAGE_ALREADY_BOUND",
        `code package ${packageId} is bound to trace batch ${result.batchId} already; a code belongs to at most one batch`,
        { packageId, batchId: result.batchId },
      );
    case "wrong_status":
      throw notInactive(id, result.status, "bound");
    case "sealed":
      throw sealedError(id, "packages");
  }
}

/** Unbinds a package from an inactive, unsealed batch, reversing the bind's product count. */
export async function unbindBatchPackage(
  runtime: TraceRuntime,
  ctx: TenantContext,
  id: string,
  packageId: string,
): Promise<TraceBatch> {
  requireCapability(ctx, "trace.manage");
  const { storage, clock } = runtime.ports;
  const batch = await requireBatch(runtime, ctx.tenantId, id);
  const pkg = await storage.codePackages.get(ctx.tenantId, packageId);
  if (!pkg) throw notFound("code package", packageId, "packageId");
  const result = await storage.transaction(async (tx) => {
    const unbound = await tx.traceBatches.unbindPackage(ctx.tenantId, id, packageId, isoNow(clock));
    if (unbound.outcome === "unbound") {
      await adjustProductCount(tx, batch, -codesToCount(batch, pkg));
      await auditRecorder(runtime.ports)(tx, ctx, {
        action: "trace.batch.package_unbound",
        target: { type: "trace_batch", id },
        changes: {
          ...fieldChanges({ packageId: { before: packageId } }),
          ...countChanges({ codeCount: pkg.total }),
        },
      });
    }
    return unbound;
  });
  switch (result.outcome) {
    case "unbound":
      await invalidateBatch(runtime, ctx.tenantId, id, result.batch.version, "packages");
      return result.batch;
    case "not_bound":
      throw notFound("package binding", packageId, "packageId");
    case "wrong_status":
      throw notInactive(id, result.status, "unbound");
    case "sealed":
      throw sealedError(id, "packages");
  }
}
