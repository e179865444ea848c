import { fieldChanges } from "../kernel/audit/audit-summary.js";
import { auditRecorder, systemContext } from "../kernel/audit/record-audit.js";
import { isoNow } from "../kernel/clock.js";
import { isOneCodeError, notFound } from "../kernel/errors.js";
import type { CodePackage } from "./code-package.js";
import { type CodesRuntime, publishProgress } from "./codes-runtime.js";

/** Why a job failed, as recorded on its package. */
export interface JobFailure {
  readonly failureCode: CodePackage["failureCode"];
  readonly failureReason: string;
}

/** The reason recorded for an error that is not one of core's own: its text could be anything. */
export const INTERNAL_FAILURE_REASON =
  "internal error while generating; the host's log (codes.onJobError) has the details";

/**
 * The failure a job ends with for an error retrying cannot fix: core's own
 * errors keep their code and message (domain text such as "code rule rul_x
 * no longer exists"); anything else is an internal error, whose text (a
 * driver's, a bug's) never becomes a failure reason.
 */
export function jobFailureOf(error: unknown): JobFailure {
  if (isOneCodeError(error)) return { failureCode: error.code, failureReason: error.message };
  return { failureCode: null, failureReason: INTERNAL_FAILURE_REASON };
}

/**
 * Marks a queued or running job `failed` for `error` and tells watchers.
 * An internal error also goes to `onJobError`, since its reason does not
 * say what happened.
 */
export async function recordFailure(
  runtime: CodesRuntime,
  pkg: CodePackage,
  error: unknown,
): Promise<CodePackage> {
  const failure = jobFailureOf(error);
  const now = isoNow(runtime.ports.clock);
  const failed = await runtime.ports.storage.transaction(async (tx) => {
    const moved = await tx.codePackages.setStatus(pkg.tenantId, pkg.id, {
      from: ["queued", "running"],
      to: "failed",
      ...failure,
      updatedAt: now,
      finishedAt: now,
    });
    if (moved?.status === "failed" && moved.finishedAt === now) {
      await auditRecorder(runtime.ports)(tx, systemContext(pkg.tenantId), {
        action: "codes.package.failed",
        target: { type: "code_package", id: pkg.id },
        changes: fieldChanges({
          status: { before: pkg.status, after: "failed" },
          failureCode: { after: failure.failureCode },
          failureReason: { after: failure.failureReason },
        }),
      });
    }
    return moved;
  });
  if (!failed) throw notFound("code package", pkg.id);
  if (failure.failureCode === null) {
    runtime.options.onJobError(error, { tenantId: pkg.tenantId, packageId: pkg.id });
  }
  publishProgress(runtime, failed);
  return failed;
}
