import { isoNow } from "../../kernel/clock.js";
import { OneCodeError } from "../../kernel/errors.js";
import { paginate } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { CodeHolding, StockItemWithDocument } from "../distribution/ports.js";
import { withdrawnScanResult } from "../lifecycle/scan-status.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { ScanService } from "../trace-services.js";
import type { DistributionStep, ScanRecord, ScanResult } from "./scan.js";
import { checkAlertFilter } from "./scan-alert-filters.js";
import { scanAlertService } from "./scan-alert-service.js";
import { SCAN_RATE_NAMESPACE, scanRateKey } from "./scan-cache-keys.js";
import { countAlertKinds, countNoticeOf } from "./scan-count-alert.js";
import { countThresholdsOf, raiseCountAlerts } from "./scan-count-alerts.js";
import { scanRecordKey } from "./scan-input.js";
import { checkConsumerScan } from "./scan-input-check.js";
import { resolveCheckedScan } from "./scan-link-check.js";
import type { BatchPage } from "./scan-page.js";
import { enterpriseCardOf } from "./scan-resolution.js";
import {
  baseVerdict,
  batchStateOf,
  emptyScanResult,
  finalVerdict,
  unverifiedVerdict,
} from "./scan-verdict.js";

/** Where an unknown code's stock reads look: package ids are never `-`. */
const UNKNOWN_CODE_PROBE = { packageId: "-", serial: 1 } as const;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What a Digital Link without its code shows: the product, batch and
 * production tasks its key names, which every item of the batch shares;
 * nothing of the item itself (its distribution, its scans) and no claim
 * that it is genuine.
 */
function keyOnlyResult(page: BatchPage): ScanResult {
  return {
    ...emptyScanResult("unverified", null),
    product: page.product,
    batch: page.batch,
    productionTasks: page.productionTasks,
  };
}

/** The consumer-visible steps of a code, oldest first, with enterprise names. */
async function distributionSteps(
  runtime: TraceRuntime,
  tenantId: string,
  items: readonly StockItemWithDocument[],
): Promise<DistributionStep[]> {
  const visible = items.filter(({ document }) => document.consumerVisible);
  const nameOf = async (id: string | null) =>
    id === null ? null : ((await enterpriseCardOf(runtime, tenantId, id))?.name ?? null);
  return Promise.all(
    visible.map(async ({ item, document }) => ({
      at: item.scannedAt,
      from: await nameOf(document.fromEnterpriseId),
      to: await nameOf(document.toEnterpriseId),
      outboundType: document.outboundType,
      inboundType: document.inboundType,
    })),
  );
}

/**
 * Raises a diversion alert (窜货) when the scan's region is known, the code
 * has a current holder, and the holder's sales region differs. The
 * repository keeps at most one alert per code and scan region.
 */
async function checkDiversion(
  runtime: TraceRuntime,
  record: ScanRecord,
  holding: CodeHolding | null,
): Promise<void> {
  if (record.region === null || !holding?.enterpriseId) return;
  const card = await enterpriseCardOf(runtime, record.tenantId, holding.enterpriseId);
  if (!card || card.salesRegion.toUpperCase() === record.region.toUpperCase()) return;
  await runtime.ports.storage.scans.insertAlert({
    id: runtime.ports.ids.newId("alert"),
    tenantId: record.tenantId,
    code: record.code,
    scanRegion: record.region,
    expectedRegion: card.salesRegion,
    enterpriseId: holding.enterpriseId,
    scanId: record.id,
    detectedAt: record.scannedAt,
  });
}

/**
 * Builds the consumer scan use cases (`onecode.scans`). The public scan:
 * rate limit per client IP (across tenants), resolve (cached), record (every
 * scan, unknown codes too) while reading the code's holding, check
 * diversion, answer. Steps that do not depend on each other run together,
 * so a scan waits for as few round trips as possible. Unknown codes take the
 * same cache reads and the same record write as known ones and get the same
 * shape; `scanMinDurationMs` puts a floor under every answer's time.
 */
export function scanService(runtime: TraceRuntime): ScanService {
  const { storage, hotState, geo, clock, ids } = runtime.ports;
  const { suspicion, scanRateLimit, scanMinDurationMs } = runtime.options;

  const regionOf = async (ip: string) => {
    try {
      return await geo.regionOf(ip);
    } catch {
      return null; // A failing geo lookup means "no region", never a failed scan.
    }
  };

  const scanCode = async (input: Parameters<ScanService["scan"]>[0]): Promise<ScanResult> => {
    const scan = checkConsumerScan(input);
    const { tenantId } = scan;
    // The limit is asked for alongside the first cache reads; storage waits for its answer.
    const allowed = hotState.rateLimiter
      .hit(SCAN_RATE_NAMESPACE, scanRateKey(scan.ip), scanRateLimit)
      .then((decision) => {
        if (decision.allowed) return;
        throw new OneCodeError("RATE_LIMITED", "too many scans from this client; try again later", {
          retryAfterMs: decision.retryAfterMs,
          limit: scanRateLimit.limit,
          windowMs: scanRateLimit.windowMs,
        });
      });
    const [, region, { location, page, verified }] = await Promise.all([
      allowed,
      regionOf(scan.ip),
      resolveCheckedScan(runtime, scan, allowed),
    ]);
    // A void or destroyed code says so, but only when the scan verifies it is that code.
    const status = location?.status ?? null;
    const base = verified ? baseVerdict(page, status) : unverifiedVerdict(page);
    const record: ScanRecord = {
      id: ids.newId("scan"),
      tenantId,
      code: scan.code,
      scannedAt: isoNow(clock),
      region,
      visitorId: scan.visitorId,
      declaredVisitorId: scan.declaredVisitorId,
      userId: scan.userId,
      verdict: base,
      // A page is found only through the batch the code's package is bound to.
      batchId: page === null ? null : (location?.batchId ?? null),
      // Pages cached before scans recorded products lack the field until they expire.
      productId: page?.productId ?? null,
    };
    // Every verdict makes the same storage reads (a code that does not exist
    // probes a package that cannot), so response times do not tell unknown
    // codes from known ones. The reads and the record's write run together.
    const probe = location ?? UNKNOWN_CODE_PROBE;
    const shown = base === "genuine" && page !== null ? page : null;
    // Only a shown page asks for the campaign: unknown and unreleased codes take no extra step.
    const campaignLookup = runtime.campaignEntries.lookup;
    const [holding, stockItems, stats, thresholds, campaign] = await Promise.all([
      storage.stock.holderOf(tenantId, probe.packageId, probe.serial),
      storage.stock.itemsForCode(tenantId, probe.packageId, probe.serial),
      storage.scans.record(record, suspicion),
      shown && countThresholdsOf(runtime, tenantId, shown),
      shown && location && campaignLookup
        ? campaignLookup(tenantId, scan.code, location.packageId)
        : null,
    ]);
    const items = base === "genuine" ? stockItems : [];
    const verdict = finalVerdict(base, stats, suspicion);
    // Count alerts concern codes whose trace information is shown: an active batch's.
    const kinds = thresholds ? countAlertKinds(stats, thresholds) : [];
    await Promise.all([
      // A scan that does not verify says nothing about where the item really is.
      verified && checkDiversion(runtime, record, holding),
      thresholds &&
        record.batchId !== null &&
        raiseCountAlerts(runtime, { ...record, batchId: record.batchId }, stats, kinds, thresholds),
    ]);
    if (base === "unverified" && scan.keyOnly && page !== null) return keyOnlyResult(page);
    if (verified && status !== null && page !== null) {
      return withdrawnScanResult(verdict, page, status);
    }
    if (shown === null) return emptyScanResult(verdict, batchStateOf(page));
    return {
      verdict,
      batchState: null,
      product: shown.product,
      batch: shown.batch,
      productionTasks: shown.productionTasks,
      distribution: await distributionSteps(runtime, tenantId, items),
      scans: {
        count: stats.count,
        firstScannedAt: stats.firstScannedAt,
        firstRegion: stats.firstRegion,
      },
      countAlert: countNoticeOf(stats, kinds),
      campaign,
      codeStatus: null,
    };
  };

  return {
    async scan(input) {
      const started = performance.now();
      const result = await scanCode(input);
      // Timers may fire a little early against performance.now(), so wait until the floor is really reached.
      for (;;) {
        const wait = scanMinDurationMs - (performance.now() - started);
        if (wait <= 0) return result;
        await sleep(Math.ceil(wait));
      }
    },
    async listScans(ctx: TenantContext, code, page) {
      requireCapability(ctx, "scans.read");
      const normalized = typeof code === "string" ? scanRecordKey(code) : "";
      return paginate(page, (query) => storage.scans.listForCode(ctx.tenantId, normalized, query));
    },
    ...scanAlertService(runtime),
    async listAlerts(ctx, filter, page) {
      requireCapability(ctx, "scans.read");
      const checked = checkAlertFilter(filter);
      return paginate(page, (query) => storage.scans.listAlerts(ctx.tenantId, checked, query));
    },
  };
}
