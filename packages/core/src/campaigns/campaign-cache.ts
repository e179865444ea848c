import type { Clock } from "../kernel/clock.js";
import { TtlLookup } from "../kernel/ttl-lookup.js";
import type { StorageRepositories } from "../ports/storage.js";
import type { Campaign } from "./campaign.js";

/** How long a process trusts a cached campaign; state changes also go through the gate flag, at once. */
export const CAMPAIGN_CACHE_TTL_MS = 1_000;

/**
 * Campaigns as draws and scans read them, remembered in process for
 * {@link CAMPAIGN_CACHE_TTL_MS}: a draw must not read the campaign row from
 * storage each time. Changes made in this process invalidate at once;
 * other processes see them within the TTL, and a freeze or an offline
 * stops draws everywhere at once through the gate's paused flag.
 */
export type CampaignCache = TtlLookup<Campaign | null>;

/** The campaign cache over `storage`. */
export function campaignCache(
  clock: Clock,
  storage: Pick<StorageRepositories, "campaigns">,
): CampaignCache {
  return new TtlLookup(clock, CAMPAIGN_CACHE_TTL_MS, (tenantId, id) =>
    storage.campaigns.get(tenantId, id),
  );
}
