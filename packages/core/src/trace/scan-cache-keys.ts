import type { TraceRuntime } from "./trace-runtime.js";

/**
 * Hot-state cache keys of consumer scans, within the tenant. Batch page data
 * lives under `trace:batch:<batchId>` (`batchCacheKey`, deleted on every
 * batch change); these are the code- and enterprise-level entries.
 */

/** A code's resolution: its package, serial and bound batch, or "no such code". */
export function codeCacheKey(code: string): string {
  return `trace:code:${code}`;
}

/** An enterprise's name and sales region, as scans show and compare them. */
export function enterpriseCacheKey(enterpriseId: string): string {
  return `trace:enterprise:${enterpriseId}`;
}

/** Per-client rate-limit key of public scans (the tenant is the namespace). */
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
