import { invalidateBatch, type TraceRuntime } from "../trace-runtime.js";

/**
 * Tells scans that what some codes of a package scan as changed (voided,
 * recalled, restored, destroyed): drops the cached page of the batch the
 * package is bound to, whose rebuilt page then carries the package's new
 * status version, so codes cached in process are looked up again.
 * Called after the change committed; like {@link invalidateBatch} it never
 * fails the change (the page expires after `scanCacheTtlMs` at worst).
 */
export async function invalidatePackageStatus(
  runtime: TraceRuntime,
  tenantId: string,
  packageId: string,
): Promise<void> {
  let batchId: string | null;
  try {
    batchId = await runtime.ports.storage.traceBatches.batchOfPackage(tenantId, packageId);
  } catch {
    return; // See above: freshness is delayed, never the change undone.
  }
  if (batchId !== null) await invalidateBatch(runtime, tenantId, batchId, null, "code_status");
}
