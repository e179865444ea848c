import { CAMPAIGN_PAUSED_FLAG, campaignScope, playedKey } from "./campaign-gates.js";
import { closedReason } from "./campaign-openness.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import type { ScanCampaignEntry } from "./draw.js";
import { drawLookupsOf } from "./draw-caches.js";

/**
 * Looks up the campaign entry of a scanned code. `packageId` is the
 * package the scan located the code in, `code` the code as stored.
 */
export type CampaignEntryLookup = (
  tenantId: string,
  code: string,
  packageId: string,
) => Promise<ScanCampaignEntry | null>;

/**
 * The campaign a consumer scan of a code leads to: its package's activity
 * batch (cached in process) and campaign (the campaign cache), with
 * whether the code can still play and why not. `null` when the package is
 * in no activity batch, the batch was never activated or the campaign is a
 * draft; a frozen batch or campaign shows as `paused`, an offline one as
 * `closed`. The played once-key and the paused flag are read from hot
 * state together, so a freeze shows at once.
 */
export function campaignEntryLookup(runtime: CampaignsRuntime): CampaignEntryLookup {
  const { gates } = runtime.ports.hotState;
  const lookups = drawLookupsOf(runtime);
  return async (tenantId, code, packageId) => {
    const batch = await lookups.batchOfPackage.get(tenantId, packageId);
    if (!batch || batch.status === "inactive") return null;
    const campaign = await runtime.cache.get(tenantId, batch.campaignId);
    if (!campaign || campaign.status === "draft") return null;
    const scope = campaignScope(campaign.id);
    const [played, paused, prizes] = await Promise.all([
      gates.isClaimed(tenantId, scope, playedKey(code)),
      gates.flag(tenantId, scope, CAMPAIGN_PAUSED_FLAG),
      Promise.all(campaign.slots.map((slot) => lookups.prize.get(tenantId, slot.prizeId))),
    ]);
    const closed = closedReason(campaign, batch, runtime.ports.clock.nowMs());
    const reason = played ? "played" : (closed ?? (paused ? "paused" : null));
    return {
      campaignId: campaign.id,
      activityBatchId: batch.id,
      template: campaign.template,
      title: campaign.title,
      rules: campaign.rules,
      topImage: campaign.topImage,
      startsAt: campaign.startsAt,
      endsAt: campaign.endsAt,
      prizes: campaign.slots
        .map((slot, i) => ({
          slot: slot.slot,
          name: slot.prizeName,
          kind: slot.prizeKind,
          coverImage: prizes[i]?.coverImage ?? null,
        }))
        .sort((a, b) => a.slot - b.slot),
      canStillPlay: reason === null,
      cannotPlayReason: reason,
    };
  };
}
