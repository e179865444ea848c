import { isoNow } from "../kernel/clock.js";
import { notFound, OneCodeError } from "../kernel/errors.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { StorageRepositories } from "../ports/storage.js";
import type { Campaign, CampaignStatus } from "./campaign.js";
import { CAMPAIGN_PAUSED_FLAG, campaignScope } from "./campaign-gates.js";
import { moveAllocations, slotWins } from "./campaign-slots.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";

/** `INVALID_STATE_TRANSITION` for a campaign in `from` asked to go `to`. */
export function campaignStateError(
  id: string,
  from: CampaignStatus,
  to: string,
  required?: string,
): OneCodeError<"INVALID_STATE_TRANSITION"> {
  return new OneCodeError(
    "INVALID_STATE_TRANSITION",
    `campaign ${id} is ${from}; it cannot ${to === "offline" ? "go offline" : `be ${to}`} from there`,
    { id, from, to, ...(required !== undefined && { required }) },
  );
}

/** The campaign, or `NOT_FOUND`. */
export async function requireCampaign(
  storage: Pick<StorageRepositories, "campaigns">,
  tenantId: string,
  id: string,
): Promise<Campaign> {
  const campaign = await storage.campaigns.get(tenantId, id);
  if (!campaign) throw notFound("campaign", id);
  return campaign;
}

/**
 * Moves the status in `tx` from one of `from` to `to` and audits it
 * (`campaigns.campaign.<action>`); `INVALID_STATE_TRANSITION` when the
 * campaign is elsewhere by now.
 */
async function moveStatus(
  runtime: CampaignsRuntime,
  tx: StorageRepositories,
  ctx: TenantContext,
  id: string,
  from: readonly CampaignStatus[],
  to: CampaignStatus,
  action: string,
): Promise<Campaign> {
  const changed = await tx.campaigns.setStatus(
    ctx.tenantId,
    id,
    from,
    to,
    isoNow(runtime.ports.clock),
  );
  if (changed.outcome === "not_found") throw notFound("campaign", id);
  if (changed.outcome === "wrong_state") {
    throw campaignStateError(id, changed.campaign.status, to, from.join(" or "));
  }
  await runtime.recordAudit(tx, ctx, {
    action: `campaigns.campaign.${action}`,
    target: { type: "campaign", id },
    changes: { status: { before: from.length === 1 ? from[0] : null, after: to } },
  });
  return changed.campaign;
}

const setPaused = (runtime: CampaignsRuntime, tenantId: string, id: string, on: boolean) =>
  runtime.ports.hotState.gates.setFlag(tenantId, campaignScope(id), CAMPAIGN_PAUSED_FLAG, on);

/**
 * Puts the paused flag back off after a failed pausing move, but only when
 * the campaign is still online: a campaign a concurrent call froze or took
 * offline must stay paused.
 */
async function unpauseIfOnline(runtime: CampaignsRuntime, tenantId: string, id: string) {
  const now = await runtime.ports.storage.campaigns.get(tenantId, id);
  if (now?.status === "online") await setPaused(runtime, tenantId, id, false);
}

/** The state moves of campaigns, each audited; the caller invalidates the cache. */
export function campaignStates(runtime: CampaignsRuntime) {
  const { storage } = runtime.ports;
  const require = (
    ctx: TenantContext,
    id: string,
    allowed: readonly CampaignStatus[],
    to: string,
  ) =>
    requireCampaign(storage, ctx.tenantId, id).then((campaign) => {
      if (!allowed.includes(campaign.status)) {
        throw campaignStateError(id, campaign.status, to, allowed.join(" or "));
      }
      return campaign;
    });

  return {
    /** draft → online. */
    async publish(ctx: TenantContext, id: string): Promise<Campaign> {
      await require(ctx, id, ["draft"], "online");
      return storage.transaction((tx) =>
        moveStatus(runtime, tx, ctx, id, ["draft"], "online", "published"),
      );
    },

    /**
     * online → frozen. The paused flag goes on first, so draws stop in every
     * process at once whatever their caches hold; if the status move then
     * fails the flag goes back off.
     */
    async freeze(ctx: TenantContext, id: string): Promise<Campaign> {
      await require(ctx, id, ["online"], "frozen");
      await setPaused(runtime, ctx.tenantId, id, true);
      try {
        return await storage.transaction((tx) =>
          moveStatus(runtime, tx, ctx, id, ["online"], "frozen", "frozen"),
        );
      } catch (error) {
        await unpauseIfOnline(runtime, ctx.tenantId, id);
        throw error;
      }
    },

    /**
     * frozen → online: the status first, then the flag off (never playable
     * while stored frozen). When an earlier resume stored the status but
     * could not clear the flag, resuming again clears it instead of refusing.
     */
    async resume(ctx: TenantContext, id: string): Promise<Campaign> {
      const current = await requireCampaign(storage, ctx.tenantId, id);
      if (
        current.status === "online" &&
        (await runtime.ports.hotState.gates.flag(
          ctx.tenantId,
          campaignScope(id),
          CAMPAIGN_PAUSED_FLAG,
        ))
      ) {
        await setPaused(runtime, ctx.tenantId, id, false);
        return current;
      }
      await require(ctx, id, ["frozen"], "online");
      const resumed = await storage.transaction((tx) =>
        moveStatus(runtime, tx, ctx, id, ["frozen"], "online", "resumed"),
      );
      await setPaused(runtime, ctx.tenantId, id, false);
      return resumed;
    },

    /**
     * online or frozen → offline, for good: the flag on, the status, then
     * each slot gives its unwon units (allocation − won) back to its prize
     * and keeps as allocation what it won, so every prize's `allocated`
     * stays the sum of its slots' allocations. One transaction for status
     * and stock.
     */
    async takeOffline(ctx: TenantContext, id: string): Promise<Campaign> {
      await require(ctx, id, ["online", "frozen"], "offline");
      await setPaused(runtime, ctx.tenantId, id, true);
      try {
        return await storage.transaction(async (tx) => {
          const offline = await moveStatus(
            runtime,
            tx,
            ctx,
            id,
            ["online", "frozen"],
            "offline",
            "taken_offline",
          );
          // Read after the flag is on: no draw can add a win from here.
          const won = await slotWins(runtime, tx, offline);
          const slots = offline.slots.map((slot, index) => ({
            ...slot,
            allocation: Math.min(slot.allocation, won[index] ?? 0),
          }));
          const giveBack = new Map<string, number>();
          offline.slots.forEach((slot, index) => {
            const unwon = slot.allocation - (slots[index]?.allocation ?? 0);
            giveBack.set(slot.prizeId, (giveBack.get(slot.prizeId) ?? 0) - unwon);
          });
          const at = isoNow(runtime.ports.clock);
          await moveAllocations(tx, ctx.tenantId, giveBack, at);
          const settled: Campaign = {
            ...offline,
            slots,
            version: offline.version + 1,
            updatedAt: at,
          };
          if (!(await tx.campaigns.update(settled, offline.version))) {
            throw new OneCodeError("BUSY", `campaign ${id} changed while going offline`, {
              resource: "campaign",
              attempts: 1,
            });
          }
          await runtime.recordAudit(tx, ctx, {
            action: "campaigns.campaign.allocations_returned",
            target: { type: "campaign", id },
            changes: {
              allocations: {
                before: offline.slots.map((slot) => slot.allocation),
                after: slots.map((slot) => slot.allocation),
              },
            },
          });
          return settled;
        });
      } catch (error) {
        await unpauseIfOnline(runtime, ctx.tenantId, id);
        throw error;
      }
    },
  };
}
