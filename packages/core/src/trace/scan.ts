import type { CustomField } from "./custom-field.js";
import type { CodeLifecycleKind, RecallReason, VoidReason } from "./lifecycle/code-lifecycle.js";
import type { ScanTemplate } from "./trace-batch.js";

/**
 * The verification verdict of a consumer scan. `void`: the brand voided or
 * recalled the code (see `ScanResult.codeStatus`); `destroyed`: a
 * destruction stock document moved it.
 */
export type ScanVerdict =
  | "genuine"
  | "unknown_code"
  | "batch_inactive"
  | "suspicious"
  | "void"
  | "destroyed";

/** One consumer scan as recorded. */
export interface ScanRecord {
  readonly id: string;
  readonly tenantId: string;
  /** The code as scanned (also unknown ones, so probing shows up in the records). */
  readonly code: string;
  readonly scannedAt: string;
  /** Region from the geo port, or `null`. */
  readonly region: string | null;
  /**
   * Anonymous visitor id (e.g. a cookie). When the client sent none, the
   * scan service stores `user:<userId>` for a logged-in user, else `ip:` and
   * 16 hex digits of a hash of tenant and client address, so distinct
   * visitors are counted even without cookies. `null` only from other writers.
   */
  readonly visitorId: string | null;
  /** Logged-in user, or `null`. */
  readonly userId: string | null;
  /** The verdict the consumer got (see `ScanRepository.record` for how `suspicious` is stored). */
  readonly verdict: ScanVerdict;
}

/** Running statistics of one code's scans, including the scan just recorded. */
export interface ScanStats {
  readonly count: number;
  readonly firstScannedAt: string;
  readonly firstRegion: string | null;
  /** Distinct visitors seen, counted up to the cap the recorder was given. */
  readonly distinctVisitors: number;
  /** Distinct regions seen, counted up to the cap. */
  readonly distinctRegions: number;
}

/** When a code's scans turn `suspicious`: more than `visitors` distinct visitors or `regions` regions. */
export interface SuspicionThreshold {
  readonly visitors: number;
  readonly regions: number;
}

/** The default threshold: more than 5 distinct visitors or 3 regions. */
export const DEFAULT_SUSPICION_THRESHOLD: SuspicionThreshold = Object.freeze({
  visitors: 5,
  regions: 3,
});

/** A diversion alert (窜货预警): an item scanned outside its current holder's sales region. */
export interface DiversionAlert {
  readonly id: string;
  readonly tenantId: string;
  readonly code: string;
  readonly scanRegion: string;
  readonly expectedRegion: string;
  /** The enterprise holding the item when it was scanned. */
  readonly enterpriseId: string;
  readonly scanId: string;
  readonly detectedAt: string;
}

/** Input of `scans.scan` (the public consumer scan). */
export interface ConsumerScanInput {
  readonly tenantId: string;
  /** The code, or the whole scanned URL (a code URL or a GS1 Digital Link). */
  readonly code: string;
  /** Client IP address, for the region and per-client rate limits. */
  readonly ip: string;
  readonly visitorId?: string | null;
  readonly userId?: string | null;
}

/** A consumer-visible distribution step on the scan page. */
export interface DistributionStep {
  readonly at: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly outboundType: string | null;
  readonly inboundType: string | null;
}

/** An effective production task as shown on the scan page. */
export interface ScanProductionTask {
  readonly name: string;
  readonly executedAt: string;
  readonly personInCharge: string;
  readonly line: {
    readonly name: string;
    readonly workshop: string;
    readonly factory: string;
  } | null;
  readonly customFields: readonly CustomField[];
}

/**
 * The answer to a consumer scan. Unknown codes get exactly the same shape
 * with `null`s, so answers do not reveal which codes exist.
 */
export interface ScanResult {
  readonly verdict: ScanVerdict;
  /** `"suspended"` for a frozen batch, `"inactive"` for one not yet active, else `null`. */
  readonly batchState: "inactive" | "suspended" | null;
  readonly product: {
    readonly name: string;
    readonly specification: string;
    readonly description: string;
    readonly images: readonly string[];
    readonly gtin: string | null;
  } | null;
  readonly batch: {
    readonly batchNumber: string;
    readonly productionDate: string;
    readonly expiryDate: string | null;
    readonly customFields: readonly CustomField[];
    readonly template: ScanTemplate;
    readonly sealed: boolean;
  } | null;
  readonly productionTasks: readonly ScanProductionTask[];
  readonly distribution: readonly DistributionStep[];
  readonly scans: {
    readonly count: number;
    readonly firstScannedAt: string;
    readonly firstRegion: string | null;
  } | null;
  /**
   * The campaign entry when the code's activity batch is active. Always
   * `null` until the campaigns module exists.
   */
  readonly campaign: { readonly campaignId: string; readonly entryUrl: string } | null;
  /** Verdicts `void` and `destroyed`: what happened to the code; `null` for every other verdict. */
  readonly codeStatus: ScanCodeStatus | null;
}

/** Why a code answers `void` or `destroyed`, as consumers see it. */
export interface ScanCodeStatus {
  readonly kind: CodeLifecycleKind;
  /** The void or recall reason; `null` for `destroyed`. */
  readonly reason: VoidReason | RecallReason | null;
  /** When the brand voided, recalled or destroyed it. */
  readonly since: string;
  /** A sentence for the consumer: the brand's own, or the default of the kind and reason. */
  readonly message: string;
}
