import { fieldChanges } from "../kernel/audit/audit-summary.js";
import { auditRecorder } from "../kernel/audit/record-audit.js";
import { isoNow } from "../kernel/clock.js";
import { notFound, OneCodeError } from "../kernel/errors.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { CodePackage, CodePackageStatus } from "./code-package.js";
import { type CodesRuntime, publishProgress, requirePackage } from "./codes-runtime.js";

function notRetryable(pkg: CodePackage, status: CodePackageStatus) {
  const what = pkg.source === "generated" ? "generation job" : "uploaded package";
  return new OneCodeError(
    "INVALID_STATE_TRANSITION",
    `code package ${pkg.id} is a ${what} that is ${status}; only a failed generation job can be retried`,
    { id: pkg.id, from: status, to: "queued" },
  );
}

/**
 * Puts a failed generation job back in the queue (`failed → queued`),
 * clearing its failure, so it continues from its last committed chunk: the
 * codes written before it failed stay, with their serials. Needs `codes.manage`;
 * `INVALID_STATE_TRANSITION` for any package that is not a failed
 * generation job. Two concurrent retries both answer with the requeued
 * job, which runs once.
 */
export async function requeueFailedJob(
  runtime: CodesRuntime,
  ctx: TenantContext,
  id: string,
): Promise<CodePackage> {
  requireCapability(ctx, "codes.manage");
  const pkg = await requirePackage(runtime, ctx.tenantId, id);
  if (pkg.source !== "generated" || pkg.status !== "failed") throw notRetryable(pkg, pkg.status);
  const queued = await runtime.ports.storage.transaction(async (tx) => {
    const moved = await tx.codePackages.setStatus(ctx.tenantId, id, {
      from: ["failed"],
      to: "queued",
      failureReason: null,
      failureCode: null,
      updatedAt: isoNow(runtime.ports.clock),
      finishedAt: null,
    });
    if (moved) {
      await auditRecorder(runtime.ports)(tx, ctx, {
        action: "codes.package.requeued",
        target: { type: "code_package", id },
        changes: fieldChanges({
          status: { before: "failed", after: "queued" },
          failureReason: { before: pkg.failureReason, after: null },
        }),
      });
    }
    return moved;
  });
  if (!queued) throw notFound("code package", id);
  // A concurrent retry may have won: the job is on its way again either way.
  publishProgress(runtime, queued);
  return queued;
}
