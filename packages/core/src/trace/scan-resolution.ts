import type { Enterprise } from "./distribution.js";
import type { CodeLocation } from "./ports.js";
import { codeCacheKey, enterpriseCacheKey } from "./scan-cache-keys.js";
import { type BatchPage, batchPageOf } from "./scan-page.js";
import type { TraceRuntime } from "./trace-runtime.js";

export type { CodeLocation } from "./ports.js";

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

/**
 * A code's location from storage, and the hot-state write that caches it
 * (running: the caller awaits it alongside its next cache read).
 */
async function locateInStorage(
  runtime: TraceRuntime,
  tenantId: string,
  code: string,
): Promise<{ location: CodeLocation | null; cached: Promise<void> }> {
  const { storage, hotState } = runtime.ports;
  const location = await storage.traceBatches.locateCode(tenantId, code);
  if (location && location.batchId === null) return { location, cached: Promise.resolve() };
  const entry: CachedCode = location
    ? { p: location.packageId, s: location.serial, b: location.batchId }
    : { u: 1 };
  const ttl = runtime.options.scanCacheTtlMs;
  const cached = hotState.cache.set(
    tenantId,
    codeCacheKey(code),
    JSON.stringify(entry),
    location ? ttl : Math.min(ttl, UNBOUND_CODE_TTL_MS),
  );
  return { location, cached };
}

const localKey = (tenantId: string, code: string) => `${tenantId}\u0000${code}`;

/** What this process remembers of a code: a location, `null` (no such code), or nothing. */
function recall(runtime: TraceRuntime, key: string): CodeLocation | null | undefined {
  const remembered = runtime.codeLocations.get(key);
  if (remembered === undefined) return undefined;
  if (!("unknownUntilMs" in remembered)) return remembered;
  if (runtime.ports.clock.nowMs() < remembered.unknownUntilMs) return null;
  runtime.codeLocations.delete(key);
  return undefined;
}

/** Remembers a bound location its batch page lists, or an unknown code for as long as hot state does. */
function remember(
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
 * Resolves a code to its location and batch page. The location comes from
 * this process's memory (`runtime.codeLocations`), else from hot state
 * (`trace:code:<code>`), else from storage; a code's package and serial
 * never change. The package → batch binding can change (unbind, bind
 * elsewhere), and every such change deletes the batch page, whose rebuilt
 * package list then no longer names the package: a remembered or cached
 * location whose batch page (always read from hot state) does not list its
 * package is stale and is resolved again from storage. Unknown codes make
 * the same hot-state reads as known ones, first time and repeat alike.
 * Storage is read only once `allowed` resolves (the scan's rate limit,
 * asked for alongside the first cache read), so a refused scan costs the
 * database nothing.
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
  const fromStorage = async (): Promise<ScanResolution> => {
    await allowed;
    const { location, cached } = await locateInStorage(runtime, tenantId, code);
    // The cache write and the page read go out together.
    const [page] = await Promise.all([pageOf(location), cached]);
    return { location, page };
  };
  const listedIn = (resolution: ScanResolution) => {
    const { location, page } = resolution;
    return Boolean(location?.batchId && page?.packageIds.includes(location.packageId));
  };

  const remembered = recall(runtime, key);
  let resolution: ScanResolution;
  if (remembered !== undefined) {
    resolution = { location: remembered, page: await pageOf(remembered) };
  } else {
    const raw = await runtime.ports.hotState.cache.get(tenantId, codeCacheKey(code));
    if (raw === null) {
      resolution = await fromStorage();
      remember(runtime, key, resolution.location, listedIn(resolution));
      return resolution;
    }
    const entry = JSON.parse(raw) as CachedCode;
    const location =
      "u" in entry ? null : { packageId: entry.p, serial: entry.s, batchId: entry.b };
    resolution = { location, page: await pageOf(location) };
  }
  if (resolution.location?.batchId && !listedIn(resolution)) {
    // Remembered or cached before the package was unbound or bound elsewhere.
    runtime.codeLocations.delete(key);
    resolution = await fromStorage();
  } else if (remembered !== undefined) {
    return resolution;
  }
  remember(runtime, key, resolution.location, listedIn(resolution));
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
  // An update committing while this card was read may have deleted the key before the write.
  const now = await runtime.ports.storage.enterprises.get(tenantId, enterpriseId);
  if (now?.updatedAt !== enterprise.updatedAt) await cache.delete(tenantId, key);
  return card;
}
