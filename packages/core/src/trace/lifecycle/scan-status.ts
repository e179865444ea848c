import type { ScanCodeStatus, ScanResult, ScanVerdict } from "../scans/scan.js";
import type { BatchPage } from "../scans/scan-page.js";
import { batchStateOf, emptyScanResult } from "../scans/scan-verdict.js";
import type { CodeStatus, RecallReason, VoidReason } from "./code-lifecycle.js";

/** What a scan of a void code says when the brand gave no message of its own. */
const VOID_MESSAGES: Readonly<Record<VoidReason, string>> = {
  misprint:
    "This code was voided by the brand (printing error). It does not verify a product; please contact the seller.",
  damaged:
    "This code was voided by the brand (damaged label). It does not verify a product; please contact the seller.",
  lost: "This code was reported lost or stolen by the brand. It does not verify a product; please contact the seller.",
  other:
    "This code was voided by the brand. It does not verify a product; please contact the seller.",
};

/** What a scan of a recalled code says when the brand gave no message of its own. */
const RECALL_MESSAGES: Readonly<Record<RecallReason, string>> = {
  quality:
    "This product has been recalled by the brand for a quality issue. Please stop using it and contact the seller.",
  safety:
    "This product has been recalled by the brand for a safety issue. Please stop using it and contact the seller.",
  regulatory:
    "This product has been recalled by the brand on regulatory grounds. Please stop using it and contact the seller.",
  other:
    "This product has been recalled by the brand. Please stop using it and contact the seller.",
};

const DESTROYED_MESSAGE =
  "This item was recorded as destroyed by the brand and should not be on sale. Please contact the seller.";

/** The consumer's view of a code's lifecycle status: kind, reason, since when, and a message. */
export function scanCodeStatusOf(status: CodeStatus): ScanCodeStatus {
  const fallback =
    status.kind === "destroyed"
      ? DESTROYED_MESSAGE
      : status.kind === "recall"
        ? RECALL_MESSAGES[status.reason as RecallReason]
        : VOID_MESSAGES[status.reason as VoidReason];
  return {
    kind: status.kind,
    reason: status.reason,
    since: status.since,
    message: status.consumerMessage ?? fallback ?? DESTROYED_MESSAGE,
  };
}

/**
 * The answer for a void, recalled or destroyed code: the product (name,
 * specification, images, GTIN, when the batch is active) so the consumer
 * knows which item it was, the status with its message, and no trace
 * information: no batch fields, production, distribution or scan history,
 * which would only help someone reuse the code. The keys are the same as
 * for every other verdict.
 */
export function withdrawnScanResult(
  verdict: ScanVerdict,
  page: BatchPage,
  status: CodeStatus,
): ScanResult {
  return {
    ...emptyScanResult(verdict, batchStateOf(page)),
    product: page.product,
    codeStatus: scanCodeStatusOf(status),
  };
}
