import type { CodeLocation } from "../batches/ports.js";
import type { Enterprise } from "../distribution/distribution.js";
import type { TraceRuntime } from "../trace-runtime.js";
import { enterpriseCacheKey } from "./scan-cache-keys.js";
import { type BatchPage, batchPageOf } from "./scan-page.js";

export type { CodeLocation } from "../batches/ports.js";

/** A resolved scan: the code's location (`null`: no such code) and its batch's page data. */
export interface ScanResolution {
  readonly location: CodeLocation | null;
  readonly page: BatchPage | null;
}

/**
 * How long a process caches that a code does not exist: a code can come
 * into existence (generation, upload), and that change does not know which
 * unknown codes were scanned. Known codes of a package bound to no batch
 * are not cached at all, so a scan right after binding sees the batch.
 */
export const UNBOUND_CODE_TTL_MS = 30_000;

const localKey = (tenantId: string, code: string) => `${tenantId}\u0000${code}`;

/** What this process has cached of a code: a location, `null` (no such code), or nothing. */
function cachedLocation(runtime: TraceRuntime, key: string): CodeLocation | null | undefined {
  const cached = runtime.codeLocations.get(key);
  if (cached === undefined) return undefined;
  if (!("unknownUntilMs" in cached)) return cached;
  if (runtime.ports.clock.nowMs() < cached.unknownUntilMs) return null;
  runtime.codeLocations.delete(key);
  return undefined;
}

/** Caches a bound location its batch page lists, or an unknown code for a short while. */
function cacheLocation(
  runtime: TraceRuntime,
  key: string,
  location: CodeLocation | null,
  listed: boolean,
): void {
  if (location === null) {
    const ttl = Math.min(runtime.options.scanCacheTtlMs, UNBOUND_CODE_TTL_MS);
    runtime.codeLocations.set(key, { unknownUntilMs: runtime.ports.clock.nowMs() + ttl });
  } else if (location.batchId !== null && listed) {
    runtime.codeLocations.set(key, { ...location, batchId: location.batchId });
  }
}

/**
 * Whether a location's lifecycle status is as current as the page: every
 * status change of a package drops its batch's page, whose rebuilt
 * `statusVersions` then name the package's new version.
 */
function statusCurrent(location: CodeLocation | null, page: BatchPage | null): boolean {
  return (page?.statusVersions?.[location?.packageId ?? ""] ?? 0) === location?.statusVersion;
}

/**
 * Resolves a code to its location and batch page. The location comes from
 * this process's cache (`runtime.codeLocations`), else from storage in one
 * batched look-up (`traceBatches.locateCode`); a code's package and serial
 * never change. The page always comes from hot state (`trace:batch:<id>`,
 * built from storage on a miss), so batch changes show on the next scan.
 * The package → batch binding can change (unbind, bind elsewhere), and
 * every such change deletes the batch page, whose rebuilt package list then
 * no longer names the package: a cached location whose page does not
 * list its package is stale and is located again. Likewise a cached
 * lifecycle status (void, recalled, destroyed) is trusted only while the
 * page carries the package status version it was read at. Unknown codes make the
 * same hot-state read and the same storage look-up as known ones, first
 * time and repeat alike. Storage is read only once `allowed` resolves (the
 * scan's rate limit, asked for alongside the page read of a cached
 * code), so a refused scan costs the database nothing.
 *
 * Locations are not cached in hot state: the batched look-up costs storage
 * a few index probes per code, which is cheaper for both sides than a cache
 * round trip, and most codes are scanned once, so a cache entry per code
 * would mostly be a write nobody reads (the measurements are in the trace
 * guide, "Caching").
 */
export async function resolveScannedCode(
  runtime: TraceRuntime,
  tenantId: string,
  code: string,
  allowed: Promise<unknown> = Promise.resolve(),
): Promise<ScanResolution> {
  const key = localKey(tenantId, code);
  const pageOf = (where: CodeLocation | null) =>
    batchPageOf(runtime, tenantId, where?.batchId ?? null, allowed);
  const listedIn = ({ location, page }: ScanResolution) =>
    Boolean(location?.batchId && page?.packageIds.includes(location.packageId)) &&
    statusCurrent(location, page);
  const fromStorage = async (): Promise<ScanResolution> => {
    await allowed;
    const location = await runtime.ports.storage.traceBatches.locateCode(tenantId, code);
    const resolution = { location, page: await pageOf(location) };
    cacheLocation(runtime, key, location, listedIn(resolution));
    return resolution;
  };

  const cached = cachedLocation(runtime, key);
  if (cached === undefined) return fromStorage();
  const resolution = { location: cached, page: await pageOf(cached) };
  if (cached !== null && !listedIn(resolution)) {
    // Remembered before the package was unbound or bound elsewhere.
    runtime.codeLocations.delete(key);
    return fromStorage();
  }
  return resolution;
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
  // An update committing while this card was read may have deleted the key
  // before the write: read it again and compare what the card holds (two
  // updates can share one `updatedAt` millisecond).
  const now = await runtime.ports.storage.enterprises.get(tenantId, enterpriseId);
  if (now?.name !== card.name || now.salesRegion !== card.salesRegion) {
    await cache.delete(tenantId, key);
  }
  return card;
}
