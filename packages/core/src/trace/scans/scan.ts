import type { ScanCampaignEntry } from "../../campaigns/draw.js";
import type { ScanTemplate } from "../batches/trace-batch.js";
import type { CustomField } from "../custom-field.js";
import type { CodeLifecycleKind, RecallReason, VoidReason } from "../lifecycle/code-lifecycle.js";
import type { ScanCountNotice } from "./scan-count-alert.js";

/**
 * The verification verdict of a consumer scan. `unverified`: a GS1 Digital
 * Link whose key is not vouched for by a matching code (no `oc` parameter,
 * or one naming another code); it may show the product and batch the key
 * names, never as genuine. `void`: the brand voided or recalled the code
 * (see `ScanResult.codeStatus`); `destroyed`: a destruction stock document
 * moved it.
 */
export type ScanVerdict =
  | "genuine"
  | "unknown_code"
  | "batch_inactive"
  | "suspicious"
  | "unverified"
  | "void"
  | "destroyed";

/** Every {@link ScanVerdict}. */
export const SCAN_VERDICTS: readonly ScanVerdict[] = Object.freeze([
  "genuine",
  "unknown_code",
  "batch_inactive",
  "suspicious",
  "unverified",
  "void",
  "destroyed",
] satisfies ScanVerdict[]);

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
   * The visitor the scan counts for (distinct visitors, suspicion). The scan
   * service derives it from the client address: `ip:` and 16 hex digits of a
   * hash of tenant and address (an IPv6 address by its /64 network), so
   * visitor ids declared by one client address count as one visitor and one
   * client cannot make a genuine code look suspicious. Only when the address
   * is unknown (`UNKNOWN_CLIENT_ADDRESS`) does the declared id count
   * (`visitor:<declaredVisitorId>`, else `user:<userId>`). `null` only from
   * other writers.
   */
  readonly visitorId: string | null;
  /** The visitor id the client declared (e.g. a cookie), kept as sent; `null` when it sent none. */
  readonly declaredVisitorId: string | null;
  /** Logged-in user, or `null`. */
  readonly userId: string | null;
  /** The verdict the consumer got (see `ScanRepository.record` for how `suspicious` is stored). */
  readonly verdict: ScanVerdict;
  /** The trace batch the code resolved to; `null` for an unknown code or one bound to no batch. */
  readonly batchId: string | null;
  /** The product of that batch; `null` when `batchId` is. */
  readonly productId: string | null;
}

/** Running statistics of one code's scans. */
export interface ScanStats {
  readonly count: number;
  readonly firstScannedAt: string;
  readonly firstRegion: string | null;
  /** Distinct visitors seen, exactly. */
  readonly distinctVisitors: number;
  /** Distinct regions seen, counted up to the suspicion threshold + 1 the recorder was given. */
  readonly distinctRegions: number;
}

/** A code's statistics right after one recorded scan, with that scan's visitor's own count. */
export interface RecordedScanStats extends ScanStats {
  /** Scans of the code by the scan's visitor, this one included (0 for a scan without a visitor). */
  readonly visitorScans: number;
}

/** When a code's scans turn `suspicious`: more than `visitors` distinct visitors or `regions` regions. */
export interface SuspicionThreshold {
  readonly visitors: number;
  readonly regions: number;
}

/**
 * The largest suspicion threshold (`visitors` and `regions` alike) that
 * `createOneCode` accepts and every storage adapter records scans under.
 * Storage keeps up to threshold + 1 distinct values per code and compares
 * each scan with them, so the bound keeps a code's statistics row small
 * (a thousand visitor ids of up to 128 characters is already ~130 KB)
 * while lying far beyond any useful threshold: a genuine item is scanned
 * by a handful of people, and China has 34 provincial regions.
 */
export const SCAN_THRESHOLD_MAX = 1_000;

/**
 * Throws a `RangeError` unless both thresholds are integers from 1 to
 * {@link SCAN_THRESHOLD_MAX}: the range core hands storage adapters, which
 * check it so that a mistake fails its own scan before a shared write.
 */
export function checkSuspicionThreshold(threshold: SuspicionThreshold): void {
  for (const value of [threshold.visitors, threshold.regions]) {
    if (!Number.isSafeInteger(value) || value < 1 || value > SCAN_THRESHOLD_MAX) {
      throw new RangeError(
        `suspicion thresholds must be integers from 1 to ${SCAN_THRESHOLD_MAX}, got ${value}`,
      );
    }
  }
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

/**
 * The `ip` of a scan whose client address the host cannot tell (e.g. no
 * socket address behind an unconfigured proxy). Such scans share one rate
 * limit, have no region, and count for the visitor they declare.
 */
export const UNKNOWN_CLIENT_ADDRESS = "unknown";

/** Input of `scans.scan` (the public consumer scan). */
export interface ConsumerScanInput {
  readonly tenantId: string;
  /** The code, or the whole scanned URL (a code URL or a GS1 Digital Link). */
  readonly code: string;
  /**
   * Client IP address, for the region, per-client rate limits and the
   * visitor the scan counts for; `UNKNOWN_CLIENT_ADDRESS` when the host
   * cannot tell it.
   */
  readonly ip: string;
  readonly visitorId?: string | null | undefined;
  readonly userId?: string | null | undefined;
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
   * The count alert (查询次数超限) when this scan is past a threshold of the
   * batch or the tenant, else `null`.
   */
  readonly countAlert: ScanCountNotice | null;
  /**
   * The scan-to-win campaign the code leads to (its package's activity
   * batch is or was active), with whether it can still play; `null` for a
   * code in no campaign, and for every verdict but `genuine` and `suspicious`.
   */
  readonly campaign: ScanCampaignEntry | null;
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
