import type { CodeStatus } from "../lifecycle/code-lifecycle.js";
import type { ScanResult, ScanStats, ScanVerdict, SuspicionThreshold } from "./scan.js";
import type { BatchPage } from "./scan-page.js";

/** More than `threshold.visitors` distinct visitors or `threshold.regions` distinct regions. */
export function isSuspicious(stats: ScanStats, threshold: SuspicionThreshold): boolean {
  return stats.distinctVisitors > threshold.visitors || stats.distinctRegions > threshold.regions;
}

/**
 * The verdict before suspicion: `unknown_code` when there is no such code or
 * its package is bound to no batch (the brand has not released the code:
 * there is no product to show, and answering like an unknown code keeps
 * unreleased codes from being told apart); `destroyed` and `void` for a
 * destroyed, voided or recalled code whatever its batch's state (a recall
 * matters most when the batch is frozen); `batch_inactive` for an inactive
 * or frozen batch; `genuine` for an active one.
 */
export function baseVerdict(page: BatchPage | null, status: CodeStatus | null = null): ScanVerdict {
  if (page === null) return "unknown_code";
  if (status !== null) return status.kind === "destroyed" ? "destroyed" : "void";
  return page.status === "active" ? "genuine" : "batch_inactive";
}

/**
 * The verdict of a Digital Link whose key no matching code vouches for:
 * `unverified` where a genuine scan would show the batch, otherwise what
 * any scan of the code would answer (`unknown_code`, `batch_inactive`).
 */
export function unverifiedVerdict(page: BatchPage | null): ScanVerdict {
  const base = baseVerdict(page);
  return base === "genuine" ? "unverified" : base;
}

/** `genuine` turns `suspicious` when the code's statistics pass the threshold. */
export function finalVerdict(
  base: ScanVerdict,
  stats: ScanStats,
  threshold: SuspicionThreshold,
): ScanVerdict {
  return base === "genuine" && isSuspicious(stats, threshold) ? "suspicious" : base;
}

/** `batchState` of a result: `inactive`, `suspended` (frozen) or `null`. */
export function batchStateOf(page: BatchPage | null): ScanResult["batchState"] {
  if (page?.status === "inactive") return "inactive";
  if (page?.status === "frozen") return "suspended";
  return null;
}

/** The answer for anything without trace information: every field empty, one shape for all. */
export function emptyScanResult(
  verdict: ScanVerdict,
  batchState: ScanResult["batchState"],
): ScanResult {
  return {
    verdict,
    batchState,
    product: null,
    batch: null,
    productionTasks: [],
    distribution: [],
    scans: null,
    countAlert: null,
    campaign: null,
    codeStatus: null,
  };
}
