import type { ScanCampaignEntry } from "../campaigns/draw.js";
import type { CorePorts } from "../core-ports.js";
import { invalidField } from "../kernel/errors.js";
import { TypedEmitter } from "../kernel/event-emitter.js";
import { LruMap } from "../kernel/lru-map.js";
import { MAX_PAGE_LIMIT } from "../kernel/pagination.js";
import type { CodeLocation } from "./batches/ports.js";
import {
  DEFAULT_SUSPICION_THRESHOLD,
  SCAN_THRESHOLD_MAX,
  type SuspicionThreshold,
} from "./scans/scan.js";
import type { ScanCountThresholds } from "./scans/scan-count-alert.js";
import type { BatchPage } from "./scans/scan-page.js";
import type { TraceOptions } from "./trace-services.js";

/** {@link TraceOptions} with every default filled in. */
export interface ResolvedTraceOptions {
  readonly suspicion: SuspicionThreshold;
  readonly scanRateLimit: { readonly limit: number; readonly windowMs: number };
  readonly scanCacheTtlMs: number;
  readonly scanMinDurationMs: number;
  readonly scanLocalCacheEntries: number;
}

/** Why a batch's scan page data became stale. */
export type BatchChangeReason =
  | "created"
  | "updated"
  | "status"
  | "deleted"
  | "packages"
  | "sealed"
  | "production"
  | "product"
  /** Codes of one of its packages were voided, recalled, restored or destroyed. */
  | "code_status";

/** In-process events of the trace module. */
export interface TraceEvents {
  /**
   * What a scan shows of the batch changed in this process: its fields,
   * status, packages or seal (`version` is the batch's new version, `null`
   * once deleted), one of its production tasks (`production`), or the
   * lifecycle status of some of its codes (`code_status`); for the last two
   * `version` is `null`: the batch row itself did not change.
   */
  readonly batchChanged: {
    readonly tenantId: string;
    readonly batchId: string;
    readonly version: number | null;
    readonly reason: BatchChangeReason;
  };
}

/**
 * What scans cache of a code in process (see `resolveScannedCode`): where
 * a bound code sits with its lifecycle status, or that no such code
 * existed, until `unknownUntilMs`.
 */
export type CachedCodeLocation =
  | (CodeLocation & { readonly batchId: string })
  | { readonly unknownUntilMs: number };

/**
 * What the trace use cases share: the ports, the resolved options, the event
 * emitter and the in-process cache of bound code locations (keyed by
 * tenant and code).
 */
export interface TraceRuntime {
  readonly ports: CorePorts;
  readonly options: ResolvedTraceOptions;
  readonly events: TypedEmitter<TraceEvents>;
  readonly codeLocations: LruMap<string, CachedCodeLocation>;
  /**
   * The last page data parsed per batch (keyed by tenant and batch id) with
   * the cached text it was parsed from: a scan whose cache read returns the
   * same text reuses it instead of parsing it again.
   */
  readonly parsedPages: LruMap<string, { readonly text: string; readonly page: BatchPage }>;
  /** Each tenant's count-alert thresholds as last read, until `untilMs` (see `countThresholdsOf`). */
  readonly alertSettings: LruMap<
    string,
    { readonly thresholds: ScanCountThresholds; readonly untilMs: number }
  >;
  /** Reads of tenants' count-alert settings in flight, so concurrent scans share one. */
  readonly alertSettingsLoads: Map<string, Promise<ScanCountThresholds>>;
  /** Count alerts (tenant, code, kind) this process stored or found stored (see `raiseCountAlerts`). */
  readonly raisedCountAlerts: LruMap<string, true>;
  /**
   * Where scans ask for a code's campaign entry. Trace is built before the
   * campaigns module, which sets `lookup` once it exists; until then (and
   * without it) every scan shows no campaign.
   */
  readonly campaignEntries: {
    lookup:
      | ((tenantId: string, code: string, packageId: string) => Promise<ScanCampaignEntry | null>)
      | null;
  };
}

/**
 * Batches whose parsed page data a process keeps (see
 * `TraceRuntime.parsedPages`): each entry holds the page twice (text and
 * parsed), and a batch with thousands of packages lists them all, so the
 * count stays modest; scans of other batches only parse again.
 */
const PARSED_PAGES_KEPT = 256;

/** Tenants whose count-alert settings, and count alerts whose storing, a process caches. */
const ALERT_MEMORY_ENTRIES = 10_000;

/**
 * The hot-state cache key (within the tenant) under which scans keep a
 * batch's page data. Every batch change deletes it, so a scan never serves a
 * stale page beyond the change that made it stale.
 */
export function batchCacheKey(batchId: string): string {
  return `trace:batch:${batchId}`;
}

/** The largest value of a time or size option. */
const OPTION_MAX = 86_400_000;

function integerOption(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max = OPTION_MAX,
) {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalidField(
      `trace.${name}`,
      "range",
      `trace.${name} must be an integer from ${min} to ${max}`,
    );
  }
  return value;
}

/** Checks the options of the trace module and fills in the defaults. */
export function resolveTraceOptions(options: TraceOptions = {}): ResolvedTraceOptions {
  const suspicion = options.suspicion ?? DEFAULT_SUSPICION_THRESHOLD;
  const rate = options.scanRateLimit ?? { limit: 60, windowMs: 60_000 };
  return {
    suspicion: {
      visitors: integerOption("suspicion.visitors", suspicion.visitors, 5, 1, SCAN_THRESHOLD_MAX),
      regions: integerOption("suspicion.regions", suspicion.regions, 3, 1, SCAN_THRESHOLD_MAX),
    },
    scanRateLimit: {
      limit: integerOption("scanRateLimit.limit", rate.limit, 60, 1),
      windowMs: integerOption("scanRateLimit.windowMs", rate.windowMs, 60_000, 1),
    },
    scanCacheTtlMs: integerOption("scanCacheTtlMs", options.scanCacheTtlMs, 300_000, 1),
    scanMinDurationMs: integerOption("scanMinDurationMs", options.scanMinDurationMs, 0, 0),
    scanLocalCacheEntries: integerOption(
      "scanLocalCacheEntries",
      options.scanLocalCacheEntries,
      100_000,
      0,
    ),
  };
}

/** The trace runtime over the given ports. */
export function traceRuntime(ports: CorePorts, options?: TraceOptions): TraceRuntime {
  const resolved = resolveTraceOptions(options);
  return {
    ports,
    options: resolved,
    events: new TypedEmitter<TraceEvents>(),
    codeLocations: new LruMap(resolved.scanLocalCacheEntries),
    parsedPages: new LruMap(PARSED_PAGES_KEPT),
    alertSettings: new LruMap(ALERT_MEMORY_ENTRIES),
    alertSettingsLoads: new Map(),
    raisedCountAlerts: new LruMap(ALERT_MEMORY_ENTRIES),
    campaignEntries: { lookup: null },
  };
}

/**
 * Tells scans that what they show of a batch changed: emits `batchChanged`
 * and deletes the batch's cached page data. Called after the change is
 * committed; a cache that cannot be reached only delays freshness until the
 * entry expires, so its failure never undoes or fails the change.
 */
export async function invalidateBatch(
  runtime: TraceRuntime,
  tenantId: string,
  batchId: string,
  version: number | null,
  reason: BatchChangeReason,
): Promise<void> {
  runtime.events.emit("batchChanged", { tenantId, batchId, version, reason });
  try {
    await runtime.ports.hotState.cache.delete(tenantId, batchCacheKey(batchId));
  } catch {
    // The cached entry expires after `scanCacheTtlMs`; see above.
  }
}

/**
 * Drops the cached scan pages of every batch of a product after the product
 * changed (scan pages show its name, GTIN and images). Product edits are
 * rare and a product has few batches, so walking them is cheap. Like
 * {@link invalidateBatch} it never fails the committed change: if the walk
 * fails, the pages expire after `scanCacheTtlMs`.
 */
export async function invalidateProductBatches(
  runtime: TraceRuntime,
  tenantId: string,
  productId: string,
): Promise<void> {
  try {
    await walkProductBatches(runtime, tenantId, productId);
  } catch {
    // See above: freshness is delayed, never the change undone.
  }
}

async function walkProductBatches(
  runtime: TraceRuntime,
  tenantId: string,
  productId: string,
): Promise<void> {
  let beforeId: string | null = null;
  for (;;) {
    const batches = await runtime.ports.storage.traceBatches.list(
      tenantId,
      { productId },
      { limit: MAX_PAGE_LIMIT, beforeId },
    );
    for (const batch of batches) {
      await invalidateBatch(runtime, tenantId, batch.id, batch.version, "product");
    }
    if (batches.length < MAX_PAGE_LIMIT) return;
    beforeId = batches[batches.length - 1]?.id ?? null;
  }
}
