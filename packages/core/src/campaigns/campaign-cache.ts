import type { Clock } from "../kernel/clock.js";
import { LruMap } from "../kernel/lru-map.js";
import type { StorageRepositories } from "../ports/storage.js";
import type { Campaign } from "./campaign.js";

/** How long a process trusts a cached campaign; state changes also go through the gate flag, at once. */
export const CAMPAIGN_CACHE_TTL_MS = 1_000;
const MAX_CACHED_CAMPAIGNS = 10_000;

/**
 * Campaigns as draws and scans read them, cached in process for
 * {@link CAMPAIGN_CACHE_TTL_MS}: a draw must not read the campaign row from
 * storage each time. Changes made in this process invalidate at once;
 * other processes see them within the TTL, and a freeze or an offline
 * stops draws everywhere at once through the gate's paused flag.
 */
export class CampaignCache {
  readonly #entries = new LruMap<string, { campaign: Campaign | null; untilMs: number }>(
    MAX_CACHED_CAMPAIGNS,
  );

  constructor(
    private readonly clock: Clock,
    private readonly storage: Pick<StorageRepositories, "campaigns">,
  ) {}

  /** The campaign, or `null` when the tenant has none with this id. */
  async get(tenantId: string, campaignId: string): Promise<Campaign | null> {
    const key = `${tenantId}\u0000${campaignId}`;
    const nowMs = this.clock.nowMs();
    const cached = this.#entries.get(key);
    if (cached && cached.untilMs > nowMs) return cached.campaign;
    const campaign = await this.storage.campaigns.get(tenantId, campaignId);
    this.#entries.set(key, { campaign, untilMs: nowMs + CAMPAIGN_CACHE_TTL_MS });
    return campaign;
  }

  /** Drops the cached campaign after a change in this process. */
  invalidate(tenantId: string, campaignId: string): void {
    this.#entries.delete(`${tenantId}\u0000${campaignId}`);
  }
}
