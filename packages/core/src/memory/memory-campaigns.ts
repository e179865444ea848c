import type { ActivityBatch } from "../campaigns/activity-batch.js";
import type { Campaign } from "../campaigns/campaign.js";
import type { Draw, DrawTotals, ShippingFilter, WinnerFilter } from "../campaigns/draw.js";
import type { CampaignRepositories } from "../campaigns/ports.js";
import type { Prize } from "../campaigns/prize.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";

/** A prize's CDK keys in import order, and which draw took which. */
interface CdkKeys {
  readonly keys: string[];
  /** Draw id → index into `keys`. */
  readonly takenBy: Map<string, number>;
}

/** The memory tables of prizes, campaigns, activity batches and draws. */
export class MemoryCampaignTables {
  readonly prizes = new MemoryTable<Prize>();
  readonly campaigns = new MemoryTable<Campaign>();
  readonly activityBatches = new MemoryTable<ActivityBatch>();
  readonly draws = new MemoryTable<Draw>();
  /** `tenant NUL prize` → keys. */
  readonly cdk = new Map<string, CdkKeys>();
  /** `tenant NUL package` → activity batch id. */
  readonly packageBatch = new Map<string, string>();
  /** `tenant NUL code` → draw id. */
  readonly drawOfCode = new Map<string, string>();
}

const key = (...parts: string[]) => parts.join("\u0000");

function set<K, V>(map: Map<K, V>, k: K, value: V, undo: UndoLog | null): void {
  const previous = map.get(k);
  map.set(k, value);
  undo?.push(() => (previous === undefined ? map.delete(k) : map.set(k, previous)));
}

function unset<K, V>(map: Map<K, V>, k: K, undo: UndoLog | null): void {
  const previous = map.get(k);
  if (previous === undefined) return;
  map.delete(k);
  undo?.push(() => map.set(k, previous));
}

function matchesWinner(draw: Draw, filter: WinnerFilter): boolean {
  return (
    draw.slot !== null &&
    (filter.campaignId === undefined || draw.campaignId === filter.campaignId) &&
    (filter.prizeId === undefined || draw.prizeId === filter.prizeId) &&
    (filter.prizeKind === undefined || draw.prizeKind === filter.prizeKind) &&
    (filter.prizeState === undefined || draw.prizeState === filter.prizeState) &&
    (filter.accountId === undefined || draw.accountId === filter.accountId) &&
    (filter.drawnFrom === undefined || Date.parse(draw.drawnAt) >= Date.parse(filter.drawnFrom)) &&
    (filter.drawnUntil === undefined || Date.parse(draw.drawnAt) < Date.parse(filter.drawnUntil))
  );
}

function matchesShipping(draw: Draw, filter: ShippingFilter): boolean {
  return (
    draw.prizeKind === "physical" &&
    draw.prizeState === "claimed" &&
    draw.shipping !== null &&
    (filter.campaignId === undefined || draw.campaignId === filter.campaignId) &&
    (filter.status === undefined || draw.shipping.status === filter.status)
  );
}

/** The memory repositories of the campaigns module over `tables`, undoable in a transaction. */
export function memoryCampaignRepositories(
  tables: MemoryCampaignTables,
  undo: UndoLog | null,
): CampaignRepositories {
  const { prizes, campaigns, activityBatches, draws } = tables;
  const cdkOf = (tenantId: string, prizeId: string): CdkKeys => {
    const k = key(tenantId, prizeId);
    let keys = tables.cdk.get(k);
    if (!keys) {
      keys = { keys: [], takenBy: new Map() };
      tables.cdk.set(k, keys);
    }
    return keys;
  };
  const updateDraw = (tenantId: string, id: string, change: (draw: Draw) => Draw) => {
    const draw = draws.get(tenantId, id);
    if (!draw) return null;
    const changed = change(draw);
    draws.put(changed, undo);
    return structuredClone(changed);
  };
  return {
    prizes: {
      async insert(prize) {
        prizes.put(prize, undo);
      },
      async get(tenantId, id) {
        return prizes.get(tenantId, id);
      },
      async list(tenantId, filter, page) {
        return prizes.list(
          tenantId,
          (prize) => filter.kind === undefined || prize.kind === filter.kind,
          page.beforeId,
          page.limit,
        );
      },
      async update(prize, expectedVersion) {
        return prizes.putIfVersion(prize, expectedVersion, undo);
      },
      async allocate(tenantId, id, delta, at) {
        const prize = prizes.get(tenantId, id);
        if (!prize) return { outcome: "not_found" };
        const allocated = prize.allocated + delta;
        if (allocated > prize.totalStock || allocated < 0) {
          return { outcome: "short", available: prize.totalStock - prize.allocated };
        }
        const changed = { ...prize, allocated, version: prize.version + 1, updatedAt: at };
        prizes.put(changed, undo);
        return { outcome: "allocated", prize: changed };
      },
      async addCdkKeys(tenantId, id, keys, at) {
        const prize = prizes.get(tenantId, id);
        if (!prize) return 0;
        const stored = cdkOf(tenantId, id);
        const before = stored.keys.length;
        stored.keys.push(...keys);
        undo?.push(() => {
          stored.keys.length = before;
        });
        const totalStock = prize.totalStock + keys.length;
        prizes.put({ ...prize, totalStock, version: prize.version + 1, updatedAt: at }, undo);
        return totalStock;
      },
      async existingCdkKeys(tenantId, id, keys) {
        const stored = new Set(cdkOf(tenantId, id).keys);
        return keys.filter((k) => stored.has(k));
      },
      async takeCdkKey(tenantId, id, drawId, at) {
        const prize = prizes.get(tenantId, id);
        if (!prize) return null;
        const stored = cdkOf(tenantId, id);
        const earlier = stored.takenBy.get(drawId);
        if (earlier !== undefined) return stored.keys[earlier] ?? null;
        const next = prize.cdkHandedOut;
        const taken = stored.keys[next];
        if (taken === undefined) return null;
        set(stored.takenBy, drawId, next, undo);
        prizes.put(
          { ...prize, cdkHandedOut: next + 1, version: prize.version + 1, updatedAt: at },
          undo,
        );
        return taken;
      },
      async addFundsMovement(tenantId, id, movement, at) {
        const prize = prizes.get(tenantId, id);
        if (!prize || prize.funds === null) return;
        const funds = {
          ...prize.funds,
          settled: prize.funds.settled + movement.settled,
          released: prize.funds.released + movement.released,
        };
        prizes.put({ ...prize, funds, version: prize.version + 1, updatedAt: at }, undo);
      },
    },
    campaigns: {
      async insert(campaign) {
        campaigns.put(campaign, undo);
      },
      async get(tenantId, id) {
        return campaigns.get(tenantId, id);
      },
      async list(tenantId, filter, page) {
        return campaigns.list(
          tenantId,
          (campaign) => filter.status === undefined || campaign.status === filter.status,
          page.beforeId,
          page.limit,
        );
      },
      async update(campaign, expectedVersion) {
        return campaigns.putIfVersion(campaign, expectedVersion, undo);
      },
      async setStatus(tenantId, id, from, to, at) {
        const campaign = campaigns.get(tenantId, id);
        if (!campaign) return { outcome: "not_found" };
        if (!from.includes(campaign.status)) return { outcome: "wrong_state", campaign };
        const changed: Campaign = {
          ...campaign,
          status: to,
          publishedAt: campaign.publishedAt ?? (to === "online" ? at : null),
          version: campaign.version + 1,
          updatedAt: at,
        };
        campaigns.put(changed, undo);
        return { outcome: "changed", campaign: structuredClone(changed) };
      },
      async delete(tenantId, id) {
        if (!campaigns.get(tenantId, id)) return false;
        campaigns.remove(tenantId, id, undo);
        return true;
      },
      async hasActivityBatches(tenantId, id) {
        return activityBatches.some(tenantId, (batch) => batch.campaignId === id).length > 0;
      },
    },
    activityBatches: {
      async insert(batch) {
        const taken = activityBatches.some(
          batch.tenantId,
          (other) => other.batchNumber === batch.batchNumber,
        );
        if (taken.length > 0) return "number_taken";
        activityBatches.put(batch, undo);
        return "written";
      },
      async get(tenantId, id) {
        return activityBatches.get(tenantId, id);
      },
      async list(tenantId, filter, page) {
        return activityBatches.list(
          tenantId,
          (batch) =>
            (filter.campaignId === undefined || batch.campaignId === filter.campaignId) &&
            (filter.merchantId === undefined || batch.merchantId === filter.merchantId) &&
            (filter.productId === undefined || batch.productId === filter.productId) &&
            (filter.status === undefined || batch.status === filter.status),
          page.beforeId,
          page.limit,
        );
      },
      async update(batch, expectedVersion) {
        const stored = activityBatches.get(batch.tenantId, batch.id);
        if (!stored || stored.version !== expectedVersion) return "conflict";
        const taken = activityBatches.some(
          batch.tenantId,
          (other) => other.id !== batch.id && other.batchNumber === batch.batchNumber,
        );
        if (taken.length > 0) return "number_taken";
        activityBatches.put(batch, undo);
        return "written";
      },
      async bindPackage(tenantId, batchId, packageId, codeCount, at) {
        const batch = activityBatches.get(tenantId, batchId);
        if (!batch) return { outcome: "not_found" };
        const other = tables.packageBatch.get(key(tenantId, packageId));
        if (other !== undefined) return { outcome: "taken", batchId: other };
        set(tables.packageBatch, key(tenantId, packageId), batchId, undo);
        const bound: ActivityBatch = {
          ...batch,
          packageIds: [...batch.packageIds, packageId],
          codeCount: batch.codeCount + codeCount,
          version: batch.version + 1,
          updatedAt: at,
        };
        activityBatches.put(bound, undo);
        return { outcome: "bound", batch: structuredClone(bound) };
      },
      async batchOfPackage(tenantId, packageId) {
        const batchId = tables.packageBatch.get(key(tenantId, packageId));
        return batchId === undefined ? null : activityBatches.get(tenantId, batchId);
      },
      async delete(tenantId, id) {
        const batch = activityBatches.get(tenantId, id);
        if (!batch) return false;
        for (const packageId of batch.packageIds) {
          unset(tables.packageBatch, key(tenantId, packageId), undo);
        }
        activityBatches.remove(tenantId, id, undo);
        return true;
      },
    },
    draws: {
      async insert(draw) {
        const codeKey = key(draw.tenantId, draw.code);
        if (tables.drawOfCode.has(codeKey)) return "code_played";
        set(tables.drawOfCode, codeKey, draw.id, undo);
        draws.put(draw, undo);
        return "inserted";
      },
      async get(tenantId, id) {
        return draws.get(tenantId, id);
      },
      async ofCode(tenantId, code) {
        const id = tables.drawOfCode.get(key(tenantId, code));
        return id === undefined ? null : draws.get(tenantId, id);
      },
      async ofAccount(tenantId, accountId, page) {
        return draws.list(tenantId, (d) => d.accountId === accountId, page.beforeId, page.limit);
      },
      async winners(tenantId, filter, page) {
        return draws.list(tenantId, (d) => matchesWinner(d, filter), page.beforeId, page.limit);
      },
      async toShip(tenantId, filter, page) {
        return draws.list(tenantId, (d) => matchesShipping(d, filter), page.beforeId, page.limit);
      },
      async claim(tenantId, id, fields) {
        const draw = draws.get(tenantId, id);
        if (!draw) return { outcome: "not_found" };
        if (draw.prizeState !== "won") return { outcome: "not_claimable", draw };
        const claimed: Draw = { ...draw, ...fields, prizeState: "claimed" };
        draws.put(claimed, undo);
        return { outcome: "claimed", draw: structuredClone(claimed) };
      },
      async expire(tenantId, id, _at) {
        const draw = draws.get(tenantId, id);
        if (!draw || draw.prizeState !== "won") return false;
        draws.put({ ...draw, prizeState: "expired" }, undo);
        return true;
      },
      async setPayout(tenantId, id, payout) {
        return updateDraw(tenantId, id, (draw) => ({
          ...draw,
          payoutStatus: payout.status,
          paidAmount: payout.paidAmount ?? draw.paidAmount,
          returnedAmount: payout.returnedAmount ?? draw.returnedAmount,
        }));
      },
      async setShipping(tenantId, id, shipping) {
        return updateDraw(tenantId, id, (draw) => ({ ...draw, shipping }));
      },
      async delete(tenantId, id) {
        const draw = draws.get(tenantId, id);
        if (!draw) return false;
        unset(tables.drawOfCode, key(tenantId, draw.code), undo);
        draws.remove(tenantId, id, undo);
        return true;
      },
      async totals(tenantId, campaignId): Promise<DrawTotals> {
        const ofCampaign = draws.some(tenantId, (d) => d.campaignId === campaignId);
        const bySlot = new Map<number, { won: number; claimed: number }>();
        let paid = 0;
        let returned = 0;
        for (const draw of ofCampaign) {
          paid += draw.paidAmount;
          returned += draw.returnedAmount;
          if (draw.slot === null) continue;
          const figures = bySlot.get(draw.slot) ?? { won: 0, claimed: 0 };
          figures.won += 1;
          if (draw.prizeState === "claimed") figures.claimed += 1;
          bySlot.set(draw.slot, figures);
        }
        return {
          draws: ofCampaign.length,
          bySlot: [...bySlot.entries()]
            .sort(([a], [b]) => a - b)
            .map(([slot, figures]) => ({ slot, ...figures })),
          paid,
          returned,
        };
      },
      async winsBySlot(tenantId, campaignId) {
        const wins = new Map<number, number>();
        for (const draw of draws.some(tenantId, (d) => d.campaignId === campaignId)) {
          if (draw.slot !== null) wins.set(draw.slot, (wins.get(draw.slot) ?? 0) + 1);
        }
        return wins;
      },
    },
  };
}
