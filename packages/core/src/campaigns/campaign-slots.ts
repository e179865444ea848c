import { notFound, OneCodeError } from "../kernel/errors.js";
import type { StorageRepositories } from "../ports/storage.js";
import type { Campaign, CampaignSlot } from "./campaign.js";
import { campaignScope, slotWonKey } from "./campaign-gates.js";
import type { CheckedCampaignSlot } from "./campaign-input.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";

/**
 * Wins of each slot, in slot order: the larger of the hot-state counter
 * (which counts a draw the moment its gate passes, before the draw is
 * stored) and the stored draws (which survive a lost hot state). Taking the
 * larger never lets an allocation drop below what was given out.
 */
export async function slotWins(
  runtime: Pick<CampaignsRuntime, "ports">,
  draws: Pick<StorageRepositories, "draws">,
  campaign: Campaign,
): Promise<number[]> {
  const { gates } = runtime.ports.hotState;
  const stored = await draws.draws.winsBySlot(campaign.tenantId, campaign.id);
  return Promise.all(
    campaign.slots.map(async (slot) => {
      const counted = await gates.counter(
        campaign.tenantId,
        campaignScope(campaign.id),
        slotWonKey(slot.slot),
      );
      return Math.max(counted, stored.get(slot.slot) ?? 0);
    }),
  );
}

/**
 * The slots of checked input, each naming its prize's name and kind as
 * stored now. `NOT_FOUND` (field `slots.N.prizeId`) for an unknown prize.
 */
export async function resolveSlots(
  tx: Pick<StorageRepositories, "prizes">,
  tenantId: string,
  slots: readonly CheckedCampaignSlot[],
): Promise<CampaignSlot[]> {
  const resolved: CampaignSlot[] = [];
  for (const [index, slot] of slots.entries()) {
    const prize = await tx.prizes.get(tenantId, slot.prizeId);
    if (!prize) throw notFound("prize", slot.prizeId, `slots.${index}.prizeId`);
    resolved.push({
      slot: index,
      prizeId: prize.id,
      prizeName: prize.name,
      prizeKind: prize.kind,
      probabilityBp: slot.probabilityBp,
      allocation: slot.allocation,
      accountLimit: slot.accountLimit,
    });
  }
  return resolved;
}

/** Units per prize of a list of slots. */
export function unitsByPrize(
  slots: readonly { readonly prizeId: string; readonly allocation: number }[],
): Map<string, number> {
  const units = new Map<string, number>();
  for (const slot of slots) {
    units.set(slot.prizeId, (units.get(slot.prizeId) ?? 0) + slot.allocation);
  }
  return units;
}

/** What each prize's `allocated` must move by to go from the `before` slots to the `after` slots. */
export function allocationDeltas(
  before: readonly { readonly prizeId: string; readonly allocation: number }[],
  after: readonly { readonly prizeId: string; readonly allocation: number }[],
): Map<string, number> {
  const deltas = unitsByPrize(after);
  for (const [prizeId, units] of unitsByPrize(before)) {
    deltas.set(prizeId, (deltas.get(prizeId) ?? 0) - units);
  }
  return deltas;
}

/**
 * Moves prizes' `allocated` by `deltas` in `tx` (the caller's transaction,
 * so a refusal rolls every move back). Units given back go first, so a slot
 * moving from one prize to another never fails for the order. A prize
 * taking units must have its funds `frozen` (or need none).
 *
 * @throws `NOT_FOUND`, `PRIZE_FUNDS_NOT_FROZEN`, `PRIZE_STOCK_SHORT` (`requested`: the units this change adds).
 */
export async function moveAllocations(
  tx: Pick<StorageRepositories, "prizes">,
  tenantId: string,
  deltas: ReadonlyMap<string, number>,
  at: string,
): Promise<void> {
  const ordered = [...deltas.entries()]
    .filter(([, delta]) => delta !== 0)
    .sort(([, a], [, b]) => a - b);
  for (const [prizeId, delta] of ordered) {
    if (delta > 0) {
      const prize = await tx.prizes.get(tenantId, prizeId);
      if (!prize) throw notFound("prize", prizeId);
      if (prize.funds !== null && prize.funds.status !== "frozen") {
        throw new OneCodeError(
          "PRIZE_FUNDS_NOT_FROZEN",
          `prize ${prizeId}'s funds are ${prize.funds.status}; it can be allocated once they are frozen`,
          { prizeId },
        );
      }
    }
    const moved = await tx.prizes.allocate(tenantId, prizeId, delta, at);
    if (moved.outcome === "not_found") throw notFound("prize", prizeId);
    if (moved.outcome === "short") {
      throw new OneCodeError(
        "PRIZE_STOCK_SHORT",
        `prize ${prizeId} has ${moved.available} units left to allocate; ${delta} were asked for`,
        { prizeId, available: moved.available, requested: delta },
      );
    }
  }
}
