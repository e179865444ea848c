import type { TraceRuntime } from "../trace-runtime.js";

/**
 * Hot-state cache keys of consumer scans, within the tenant. Batch page data
 * lives under `trace:batch:<batchId>` (`batchCacheKey`, deleted on every
 * batch change); these are the enterprise-level entries.
 */

/** An enterprise's name and sales region, as scans show and compare them. */
export function enterpriseCacheKey(enterpriseId: string): string {
  return `trace:enterprise:${enterpriseId}`;
}

/**
 * The hot-state namespace of the public scan rate limit. The tenant of a
 * public scan comes from the request body, so a limit per (tenant, client)
 * could be escaped by rotating made-up tenant ids: a client's scans count
 * against one limit whichever tenant they name. (Not a valid tenant name
 * anyone would choose: tenant ids start with a letter or digit, and this one
 * is reserved.)
 */
export const SCAN_RATE_NAMESPACE = "0-public-scan-rate";

/** Per-client rate-limit key of public scans, under {@link SCAN_RATE_NAMESPACE}. */
export function scanRateKey(ip: string): string {
  return `trace:scan-rate:${ip}`;
}

/**
 * Drops a cached enterprise after it changed. A cache that cannot be reached
 * only delays freshness until the entry expires, so it never fails the change.
 */
export async function forgetEnterprise(
  runtime: TraceRuntime,
  tenantId: string,
  enterpriseId: string,
): Promise<void> {
  try {
    await runtime.ports.hotState.cache.delete(tenantId, enterpriseCacheKey(enterpriseId));
  } catch {
    // Expires after `scanCacheTtlMs`.
  }
}
