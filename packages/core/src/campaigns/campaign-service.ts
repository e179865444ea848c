import { createdChanges, deletedChanges, updatedChanges } from "../kernel/audit/audit-summary.js";
import { isoNow } from "../kernel/clock.js";
import { OneCodeError } from "../kernel/errors.js";
import { InputCheck } from "../kernel/input-check.js";
import { paginate } from "../kernel/pagination.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { StorageRepositories } from "../ports/storage.js";
import type { Campaign, CampaignDetail, CampaignStatus } from "./campaign.js";
import {
  type CheckedCampaignSlot,
  checkCampaignPatch,
  checkCampaignWindow,
  checkNewCampaign,
} from "./campaign-input.js";
import type { CampaignService } from "./campaign-services.js";
import { allocationDeltas, moveAllocations, resolveSlots, slotWins } from "./campaign-slots.js";
import { campaignStateError, campaignStates, requireCampaign } from "./campaign-states.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import type { SlotStatistics } from "./draw.js";

const CAMPAIGN_STATUSES: readonly CampaignStatus[] = ["draft", "online", "frozen", "offline"];

/**
 * Checks new slots against the published campaign's: the count stays, a
 * slot that has wins keeps its prize, no allocation below its wins.
 *
 * @throws `VALIDATION_FAILED`, `CAMPAIGN_ALLOCATION_BELOW_WON`.
 */
function checkPublishedSlots(
  campaign: Campaign,
  slots: readonly CheckedCampaignSlot[],
  won: readonly number[],
): void {
  const check = new InputCheck();
  if (slots.length !== campaign.slots.length) {
    check.fail(
      "slots",
      "slot_count_fixed",
      `a published campaign keeps its ${campaign.slots.length} slots`,
    );
  }
  slots.forEach((slot, index) => {
    const before = campaign.slots[index];
    if (before && (won[index] ?? 0) > 0 && slot.prizeId !== before.prizeId) {
      check.fail(
        `slots.${index}.prizeId`,
        "prize_fixed_after_wins",
        `slots.${index}.prizeId cannot change: the slot has given out prizes`,
      );
    }
  });
  check.done();
  slots.forEach((slot, index) => {
    const slotWon = won[index] ?? 0;
    if (slot.allocation < slotWon) {
      throw new OneCodeError(
        "CAMPAIGN_ALLOCATION_BELOW_WON",
        `slot ${index} has given out ${slotWon} units; its allocation cannot go down to ${slot.allocation}`,
        { slot: index, won: slotWon, requested: slot.allocation },
      );
    }
  });
}

/** Builds the {@link CampaignService}; every change is audited and drops the cached campaign. */
export function campaignService(runtime: CampaignsRuntime): CampaignService {
  const { ports } = runtime;
  const { storage } = ports;
  const states = campaignStates(runtime);

  const detail = async (
    campaign: Campaign,
    repositories: Pick<StorageRepositories, "draws"> = storage,
  ): Promise<CampaignDetail> => ({
    ...campaign,
    won: await slotWins(runtime, repositories, campaign),
  });
  const changed = async (ctx: TenantContext, campaign: Campaign) => {
    runtime.cache.invalidate(ctx.tenantId, campaign.id);
    return detail(campaign);
  };

  return {
    async create(ctx, input) {
      requireCapability(ctx, "campaigns.manage");
      const checked = checkNewCampaign(input);
      const now = isoNow(ports.clock);
      const id = ports.ids.newId("cmp");
      const campaign = await storage.transaction(async (tx) => {
        const slots = await resolveSlots(tx, ctx.tenantId, checked.slots);
        // All slots' units in one transaction: a prize used by two slots is taken once, summed.
        await moveAllocations(tx, ctx.tenantId, allocationDeltas([], slots), now);
        const created: Campaign = {
          tenantId: ctx.tenantId,
          id,
          ...checked,
          slots,
          status: "draft",
          publishedAt: null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        await tx.campaigns.insert(created);
        await runtime.recordAudit(tx, ctx, {
          action: "campaigns.campaign.created",
          target: { type: "campaign", id },
          changes: createdChanges({ ...created, version: undefined }),
        });
        return created;
      });
      return changed(ctx, campaign);
    },

    async get(ctx, campaignId) {
      requireCapability(ctx, "campaigns.read");
      return detail(await requireCampaign(storage, ctx.tenantId, campaignId));
    },

    async list(ctx, filter = {}) {
      requireCapability(ctx, "campaigns.read");
      const check = new InputCheck();
      const status =
        filter.status === undefined
          ? undefined
          : check.oneOf("status", filter.status, CAMPAIGN_STATUSES);
      check.done();
      return paginate(filter, (query) =>
        storage.campaigns.list(ctx.tenantId, status === undefined ? {} : { status }, query),
      );
    },

    async update(ctx, campaignId, input) {
      requireCapability(ctx, "campaigns.manage");
      const loaded = await requireCampaign(storage, ctx.tenantId, campaignId);
      const patch = checkCampaignPatch(input, loaded.template);
      const now = isoNow(ports.clock);
      const updated = await storage.transaction(async (tx) => {
        const before = await requireCampaign(tx, ctx.tenantId, campaignId);
        if (before.status === "offline") throw campaignStateError(campaignId, "offline", "updated");
        const window = new InputCheck();
        checkCampaignWindow(
          window,
          patch.startsAt ?? before.startsAt,
          patch.endsAt ?? before.endsAt,
        );
        window.done();
        let slots = before.slots;
        if (patch.slots) {
          if (before.status !== "draft") {
            checkPublishedSlots(before, patch.slots, await slotWins(runtime, tx, before));
          }
          slots = await resolveSlots(tx, ctx.tenantId, patch.slots);
          await moveAllocations(tx, ctx.tenantId, allocationDeltas(before.slots, slots), now);
        }
        const after: Campaign = {
          ...before,
          ...patch,
          slots,
          version: before.version + 1,
          updatedAt: now,
        };
        if (!(await tx.campaigns.update(after, before.version))) {
          throw new OneCodeError("BUSY", `campaign ${campaignId} changed concurrently`, {
            resource: "campaign",
            attempts: 1,
          });
        }
        await runtime.recordAudit(tx, ctx, {
          action: "campaigns.campaign.updated",
          target: { type: "campaign", id: campaignId },
          changes: updatedChanges(before, after, [
            "title",
            "startsAt",
            "endsAt",
            "rules",
            "topImage",
            "slots",
          ]),
        });
        return after;
      });
      return changed(ctx, updated);
    },

    async publish(ctx, campaignId) {
      requireCapability(ctx, "campaigns.manage");
      return changed(ctx, await states.publish(ctx, campaignId));
    },

    async freeze(ctx, campaignId) {
      requireCapability(ctx, "campaigns.manage");
      return changed(ctx, await states.freeze(ctx, campaignId));
    },

    async resume(ctx, campaignId) {
      requireCapability(ctx, "campaigns.manage");
      return changed(ctx, await states.resume(ctx, campaignId));
    },

    async takeOffline(ctx, campaignId) {
      requireCapability(ctx, "campaigns.manage");
      return changed(ctx, await states.takeOffline(ctx, campaignId));
    },

    async delete(ctx, campaignId) {
      requireCapability(ctx, "campaigns.manage");
      await storage.transaction(async (tx) => {
        const campaign = await requireCampaign(tx, ctx.tenantId, campaignId);
        if (campaign.status !== "draft") {
          throw campaignStateError(campaignId, campaign.status, "deleted", "draft");
        }
        if (await tx.campaigns.hasActivityBatches(ctx.tenantId, campaignId)) {
          throw new OneCodeError(
            "CAMPAIGN_IN_USE",
            `activity batches name campaign ${campaignId}; delete or change them first`,
            { id: campaignId },
          );
        }
        await moveAllocations(
          tx,
          ctx.tenantId,
          allocationDeltas(campaign.slots, []),
          isoNow(ports.clock),
        );
        await tx.campaigns.delete(ctx.tenantId, campaignId);
        await runtime.recordAudit(tx, ctx, {
          action: "campaigns.campaign.deleted",
          target: { type: "campaign", id: campaignId },
          changes: deletedChanges({ ...campaign, version: undefined }),
        });
      });
      runtime.cache.invalidate(ctx.tenantId, campaignId);
    },

    async statistics(ctx, campaignId) {
      requireCapability(ctx, "campaigns.read");
      const campaign = await requireCampaign(storage, ctx.tenantId, campaignId);
      const totals = await storage.draws.totals(ctx.tenantId, campaignId);
      const bySlot = new Map(totals.bySlot.map((figures) => [figures.slot, figures]));
      const slots: SlotStatistics[] = campaign.slots.map((slot) => {
        const figures = bySlot.get(slot.slot);
        const won = figures?.won ?? 0;
        return {
          slot: slot.slot,
          prizeId: slot.prizeId,
          prizeName: slot.prizeName,
          allocation: slot.allocation,
          won,
          left: Math.max(0, slot.allocation - won),
          claimed: figures?.claimed ?? 0,
        };
      });
      return {
        campaignId,
        draws: totals.draws,
        wins: slots.reduce((sum, slot) => sum + slot.won, 0),
        slots,
        claims: slots.reduce((sum, slot) => sum + slot.claimed, 0),
        paid: totals.paid,
        returned: totals.returned,
      };
    },
  };
}
