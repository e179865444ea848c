import type { Enterprise } from "./distribution.js";
import { codeCacheKey, enterpriseCacheKey } from "./scan-cache-keys.js";
import { type BatchPage, batchPageOf } from "./scan-page.js";
import type { TraceRuntime } from "./trace-runtime.js";

/** Where a known code sits: its package, serial and the batch its package is bound to. */
export interface CodeLocation {
  readonly packageId: string;
  readonly serial: number;
  readonly batchId: string | null;
}

/** A resolved scan: the code's location (`null`: no such code) and its batch's page data. */
export interface ScanResolution {
  readonly location: CodeLocation | null;
  readonly page: BatchPage | null;
}

/**
 * Unknown codes are cached at most this long: a code can come into
 * existence (generation, upload), and that change does not know which
 * unknown codes were scanned. Known codes of a package bound to no batch are
 * not cached at all, so a scan right after binding sees the batch.
 */
export const UNBOUND_CODE_TTL_MS = 30_000;

type CachedCode =
  | { readonly p: string; readonly s: number; readonly b: string | null }
  | { readonly u: 1 };

async function locateInStorage(
  runtime: TraceRuntime,
  tenantId: string,
  code: string,
): Promise<CodeLocation | null> {
  const { storage, hotState } = runtime.ports;
  const record = await storage.codePackages.findCode(tenantId, code);
  const location = record && {
    packageId: record.packageId,
    serial: record.serial,
    batchId: await storage.traceBatches.batchOfPackage(tenantId, record.packageId),
  };
  if (location && location.batchId === null) return location;
  const cached: CachedCode = location
    ? { p: location.packageId, s: location.serial, b: location.batchId }
    : { u: 1 };
  const ttl = runtime.options.scanCacheTtlMs;
  await hotState.cache.set(
    tenantId,
    codeCacheKey(code),
    JSON.stringify(cached),
    location ? ttl : Math.min(ttl, UNBOUND_CODE_TTL_MS),
  );
  return location;
}

/**
 * Resolves a code to its location and batch page with two hot-state reads
 * when cached: `trace:code:<code>` (package, serial, batch; a code's package
 * and serial never change) and the batch page. The package → batch binding
 * can change (unbind, bind elsewhere), and every such change deletes the
 * batch page, whose rebuilt package list then no longer names the package:
 * a cached location whose batch page does not list its package is stale and
 * is resolved again from storage. Unknown codes take the same two reads.
 */
export async function resolveScannedCode(
  runtime: TraceRuntime,
  tenantId: string,
  code: string,
): Promise<ScanResolution> {
  const raw = await runtime.ports.hotState.cache.get(tenantId, codeCacheKey(code));
  let location: CodeLocation | null;
  if (raw === null) location = await locateInStorage(runtime, tenantId, code);
  else {
    const cached = JSON.parse(raw) as CachedCode;
    location = "u" in cached ? null : { packageId: cached.p, serial: cached.s, batchId: cached.b };
  }
  let page = await batchPageOf(runtime, tenantId, location?.batchId ?? null);
  const stale =
    raw !== null &&
    location?.batchId &&
    (page === null || !page.packageIds.includes(location.packageId));
  if (stale) {
    location = await locateInStorage(runtime, tenantId, code);
    page = await batchPageOf(runtime, tenantId, location?.batchId ?? null);
  }
  return { location, page };
}

/** What scans need of an enterprise: the name shown in steps and the region compared for diversion. */
export type EnterpriseCard = Pick<Enterprise, "name" | "salesRegion">;

/**
 * An enterprise's card from the hot-state cache, or read and cached. Updates
 * and deletes drop the entry (`forgetEnterprise`); moves change neither field.
 */
export async function enterpriseCardOf(
  runtime: TraceRuntime,
  tenantId: string,
  enterpriseId: string,
): Promise<EnterpriseCard | null> {
  const { cache } = runtime.ports.hotState;
  const key = enterpriseCacheKey(enterpriseId);
  const cached = await cache.get(tenantId, key);
  if (cached !== null) return JSON.parse(cached) as EnterpriseCard;
  const enterprise = await runtime.ports.storage.enterprises.get(tenantId, enterpriseId);
  if (!enterprise) return null;
  const card: EnterpriseCard = { name: enterprise.name, salesRegion: enterprise.salesRegion };
  await cache.set(tenantId, key, JSON.stringify(card), runtime.options.scanCacheTtlMs);
  // An update committing while this card was read may have deleted the key before the write.
  const now = await runtime.ports.storage.enterprises.get(tenantId, enterpriseId);
  if (now?.updatedAt !== enterprise.updatedAt) await cache.delete(tenantId, key);
  return card;
}
