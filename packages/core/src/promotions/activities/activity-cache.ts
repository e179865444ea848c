import type { Clock } from "../../kernel/clock.js";
import { LruMap } from "../../kernel/lru-map.js";
import type { Activity } from "./activity.js";

/** How long a tenant's cached activities serve pricing before they are read again. */
export const ACTIVITY_CACHE_TTL_MS = 5_000;

/** Tenants whose activities one process keeps at most. */
const ACTIVITY_CACHE_TENANTS = 1_000;

interface Entry {
  /** Instant (ms) of the read: the entry holds every activity not ended then. */
  readonly readAtMs: number;
  readonly activities: readonly Activity[];
}

/**
 * The activities each tenant has live (running or scheduled), cached in
 * this process for pricing, which runs on every cart change. Writes of this
 * process invalidate their tenant at once; writes of other processes are
 * seen within {@link ACTIVITY_CACHE_TTL_MS} (the staleness bound).
 */
export class ActivityCache {
  readonly #entries = new LruMap<string, Entry>(ACTIVITY_CACHE_TENANTS);
  /** Bumped by every invalidation, so a read that began before one does not fill the cache. */
  #generation = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = ACTIVITY_CACHE_TTL_MS,
  ) {}

  /**
   * The tenant's activities not ended at `atMs`, read through `load` when
   * the cached ones are older than the TTL or were read after `atMs` (an
   * instant before the read may need activities that have ended since).
   */
  async live(
    tenantId: string,
    atMs: number,
    load: (at: string) => Promise<readonly Activity[]>,
  ): Promise<readonly Activity[]> {
    const nowMs = this.clock.nowMs();
    const entry = this.#entries.get(tenantId);
    if (entry && nowMs - entry.readAtMs < this.ttlMs && entry.readAtMs <= atMs) {
      return entry.activities;
    }
    const readAtMs = Math.min(nowMs, atMs);
    const generation = this.#generation;
    const activities = await load(new Date(readAtMs).toISOString());
    if (readAtMs === nowMs && generation === this.#generation) {
      this.#entries.set(tenantId, { readAtMs, activities });
    }
    return activities;
  }

  /** Forgets the tenant's activities (after this process changed them). */
  invalidate(tenantId: string): void {
    this.#generation++;
    this.#entries.delete(tenantId);
  }
}
