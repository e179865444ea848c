import type { PageQuery } from "../kernel/pagination.js";
import type { ActivityBatch, ActivityBatchStatus } from "./activity-batch.js";
import type { Campaign, CampaignStatus } from "./campaign.js";
import type {
  Draw,
  DrawTotals,
  PayoutStatus,
  PrizeRecipient,
  PrizeShipping,
  ShippingFilter,
  WinnerFilter,
} from "./draw.js";
import type { Prize, PrizeKind } from "./prize.js";

/** Result of {@link PrizeRepository.allocate}. */
export type PrizeAllocation =
  | { readonly outcome: "allocated"; readonly prize: Prize }
  | { readonly outcome: "not_found" }
  /** `allocated + delta` would pass `totalStock`: nothing changed. */
  | { readonly outcome: "short"; readonly available: number };

/** Prize stocks and their CDK keys. */
export interface PrizeRepository {
  insert(prize: Prize): Promise<void>;
  get(tenantId: string, id: string): Promise<Prize | null>;
  list(tenantId: string, filter: { readonly kind?: PrizeKind }, page: PageQuery): Promise<Prize[]>;
  /**
   * Replaces the prize when its stored `version` is `expectedVersion`
   * (the new record carries `expectedVersion + 1`); false when it changed
   * in between or is gone.
   */
  update(prize: Prize, expectedVersion: number): Promise<boolean>;
  /**
   * Adds `delta` (may be negative) to `allocated`, atomically, only if the
   * result stays within `0..totalStock`; bumps `version`.
   */
  allocate(tenantId: string, id: string, delta: number, at: string): Promise<PrizeAllocation>;
  /**
   * Appends CDK keys after the prize's last one, in the given order, and
   * raises `totalStock` by their number. Keys must be new to the prize (the
   * service filters duplicates first); returns the new total.
   */
  addCdkKeys(tenantId: string, id: string, keys: readonly string[], at: string): Promise<number>;
  /** The keys of the prize among `keys` (to report duplicates of earlier imports). */
  existingCdkKeys(tenantId: string, id: string, keys: readonly string[]): Promise<string[]>;
  /**
   * Hands the next key in import order to `drawId`, atomically: under any
   * concurrency each key goes to one draw and keys go out in order. A draw
   * that got a key before gets the same key again. `null` when every key
   * has gone.
   */
  takeCdkKey(tenantId: string, id: string, drawId: string, at: string): Promise<string | null>;
  /** Adds settled or released minor units to the prize's funds totals and bumps `version` (no-op for an unfunded prize). */
  addFundsMovement(
    tenantId: string,
    id: string,
    movement: { readonly settled: number; readonly released: number },
    at: string,
  ): Promise<void>;
}

/** Result of {@link CampaignRepository.setStatus}. */
export type CampaignStatusChange =
  | { readonly outcome: "changed"; readonly campaign: Campaign }
  | { readonly outcome: "not_found" }
  /** The campaign was not in one of `from`: unchanged. */
  | { readonly outcome: "wrong_state"; readonly campaign: Campaign };

/** Campaigns. */
export interface CampaignRepository {
  insert(campaign: Campaign): Promise<void>;
  get(tenantId: string, id: string): Promise<Campaign | null>;
  list(
    tenantId: string,
    filter: { readonly status?: CampaignStatus },
    page: PageQuery,
  ): Promise<Campaign[]>;
  /** Replaces the campaign when its stored `version` is `expectedVersion`; false otherwise. */
  update(campaign: Campaign, expectedVersion: number): Promise<boolean>;
  /** Moves the status from one of `from` to `to` atomically (bumping `version`, setting `publishedAt` on the first `online`). */
  setStatus(
    tenantId: string,
    id: string,
    from: readonly CampaignStatus[],
    to: CampaignStatus,
    at: string,
  ): Promise<CampaignStatusChange>;
  /** Deletes a campaign (a draft); false when absent. */
  delete(tenantId: string, id: string): Promise<boolean>;
  /** Whether an activity batch names the campaign. */
  hasActivityBatches(tenantId: string, id: string): Promise<boolean>;
}

/** Result of {@link ActivityBatchRepository.insert} and of an update that renames. */
export type ActivityBatchWrite = "written" | "number_taken";

/** Result of {@link ActivityBatchRepository.bindPackage}. */
export type ActivityPackageBinding =
  | { readonly outcome: "bound"; readonly batch: ActivityBatch }
  | { readonly outcome: "not_found" }
  /** The package is bound to an activity batch already (this one or `batchId`). */
  | { readonly outcome: "taken"; readonly batchId: string };

/** Activity batches and their package bindings. */
export interface ActivityBatchRepository {
  insert(batch: ActivityBatch): Promise<ActivityBatchWrite>;
  get(tenantId: string, id: string): Promise<ActivityBatch | null>;
  list(
    tenantId: string,
    filter: {
      readonly campaignId?: string;
      readonly merchantId?: string;
      readonly productId?: string;
      readonly status?: ActivityBatchStatus;
    },
    page: PageQuery,
  ): Promise<ActivityBatch[]>;
  /** Replaces the batch when its `version` is `expectedVersion`: `conflict` when it changed, or `number_taken`. */
  update(batch: ActivityBatch, expectedVersion: number): Promise<ActivityBatchWrite | "conflict">;
  /**
   * Binds a package with `codeCount` codes, atomically: a package binds to
   * one activity batch, ever. Adds it to `packageIds` and `codeCount`, bumps `version`.
   */
  bindPackage(
    tenantId: string,
    batchId: string,
    packageId: string,
    codeCount: number,
    at: string,
  ): Promise<ActivityPackageBinding>;
  /** The activity batch a package is bound to, or `null`. */
  batchOfPackage(tenantId: string, packageId: string): Promise<ActivityBatch | null>;
  delete(tenantId: string, id: string): Promise<boolean>;
}

/** Result of {@link DrawRepository.insert}. */
export type DrawInsert = "inserted" | "code_played";

/** Result of {@link DrawRepository.claim}. */
export type DrawClaim =
  | { readonly outcome: "claimed"; readonly draw: Draw }
  | { readonly outcome: "not_found" }
  /** Not in state `won` (claimed before, expired, or no prize): unchanged. */
  | { readonly outcome: "not_claimable"; readonly draw: Draw };

/** What a claim writes. */
export interface DrawClaimFields {
  readonly claimedAt: string;
  readonly cdkKey: string | null;
  readonly recipient: PrizeRecipient | null;
  readonly shipping: PrizeShipping | null;
  readonly payoutStatus: PayoutStatus;
}

/** Draws (抽奖记录): one per code, ever. */
export interface DrawRepository {
  /** Stores a draw; `code_played` (nothing stored) when the tenant has a draw of the code. */
  insert(draw: Draw): Promise<DrawInsert>;
  get(tenantId: string, id: string): Promise<Draw | null>;
  /** The draw of a code, or `null` when it never played. */
  ofCode(tenantId: string, code: string): Promise<Draw | null>;
  /** An account's draws, newest first. */
  ofAccount(tenantId: string, accountId: string, page: PageQuery): Promise<Draw[]>;
  /** Draws that won a prize, newest first, filtered. */
  winners(tenantId: string, filter: WinnerFilter, page: PageQuery): Promise<Draw[]>;
  /** Claimed physical prizes, newest first, filtered. */
  toShip(tenantId: string, filter: ShippingFilter, page: PageQuery): Promise<Draw[]>;
  /** Moves a draw from `won` to `claimed` with the claim's fields, atomically. */
  claim(tenantId: string, id: string, fields: DrawClaimFields): Promise<DrawClaim>;
  /** Moves a draw from `won` to `expired`, atomically; false when not `won`. */
  expire(tenantId: string, id: string, at: string): Promise<boolean>;
  /** Records a payout's outcome (and the amount paid or returned, added once per draw). */
  setPayout(
    tenantId: string,
    id: string,
    payout: {
      readonly status: PayoutStatus;
      readonly paidAmount?: number;
      readonly returnedAmount?: number;
    },
  ): Promise<Draw | null>;
  /** Records shipping of a claimed physical prize; `null` when no such draw. */
  setShipping(tenantId: string, id: string, shipping: PrizeShipping): Promise<Draw | null>;
  /** Deletes a draw (compensation of a grant whose follow-up failed); false when absent. */
  delete(tenantId: string, id: string): Promise<boolean>;
  /** The campaign's figures, aggregated by the store. */
  totals(tenantId: string, campaignId: string): Promise<DrawTotals>;
  /** Wins of each slot of the campaign (slot → count). */
  winsBySlot(tenantId: string, campaignId: string): Promise<ReadonlyMap<number, number>>;
}

/** The repositories of the campaigns module. */
export interface CampaignRepositories {
  readonly prizes: PrizeRepository;
  readonly campaigns: CampaignRepository;
  readonly activityBatches: ActivityBatchRepository;
  readonly draws: DrawRepository;
}
