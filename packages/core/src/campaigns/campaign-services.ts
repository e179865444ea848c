import type { Page, PageRequest } from "../kernel/pagination.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { ActivityBatch, ActivityBatchInput, ActivityBatchPatch } from "./activity-batch.js";
import type {
  Campaign,
  CampaignDetail,
  CampaignInput,
  CampaignPatch,
  CampaignStatus,
} from "./campaign.js";
import type {
  CampaignStatistics,
  ClaimInput,
  ClaimResult,
  Draw,
  DrawResult,
  PrizeShipping,
  ShippingFilter,
  WinnerFilter,
} from "./draw.js";
import type {
  Prize,
  PrizeInput,
  PrizeKind,
  PrizePatch,
  PrizeSubStock,
  PrizeWithImport,
} from "./prize.js";

/**
 * Prize stocks (`onecode.prizes`, 奖品库). Reads need `campaigns.read`,
 * changes `campaigns.manage`; every change is audited.
 */
export interface PrizeService {
  /**
   * Creates a prize stock. A `cdk` prize imports `cdkText` (its stock is the
   * keys imported; blank and duplicate lines are reported, not imported). A
   * cash red packet, or a prize with `purchase`, freezes stock × unit amount
   * through the payment port first (`PRIZE_FUNDS_NOT_FROZEN` when the
   * provider refuses; nothing is stored).
   *
   * @throws `VALIDATION_FAILED`, `NOT_FOUND` (the coupon), `COUPON_STATE` (not published),
   *   `PRIZE_FUNDS_NOT_FROZEN`.
   */
  create(ctx: TenantContext, input: PrizeInput): Promise<PrizeWithImport>;
  /** @throws `NOT_FOUND`. */
  get(ctx: TenantContext, prizeId: string): Promise<Prize>;
  list(
    ctx: TenantContext,
    filter?: { readonly kind?: PrizeKind } & PageRequest,
  ): Promise<Page<Prize>>;
  /** Changes presentation fields. @throws `VALIDATION_FAILED`, `NOT_FOUND`. */
  update(ctx: TenantContext, prizeId: string, patch: PrizePatch): Promise<Prize>;
  /** Appends more CDK keys (after the last imported), reporting blank and duplicate lines. @throws `NOT_FOUND`, `PRIZE_KIND_MISMATCH`. */
  importCdk(ctx: TenantContext, prizeId: string, text: string): Promise<PrizeWithImport>;
  /** Adds stock to a non-CDK, unfunded prize. @throws `NOT_FOUND`, `PRIZE_KIND_MISMATCH`. */
  addStock(ctx: TenantContext, prizeId: string, units: number): Promise<Prize>;
  /** The prize's sub-stocks: its allocation to each campaign slot, with wins. */
  subStocks(ctx: TenantContext, prizeId: string): Promise<PrizeSubStock[]>;
}

/**
 * Campaigns (`onecode.campaigns`, 活动配置). Reads need `campaigns.read`,
 * changes `campaigns.manage`; every change is audited.
 */
export interface CampaignService {
  /**
   * Creates a draft, allocating each slot's units from its prize's stock.
   * @throws `VALIDATION_FAILED` (a wheel without exactly 6 slots, probabilities over 100 %, ...),
   *   `NOT_FOUND` (a prize), `PRIZE_STOCK_SHORT` (an allocation above what the prize has left).
   */
  create(ctx: TenantContext, input: CampaignInput): Promise<CampaignDetail>;
  /** @throws `NOT_FOUND`. */
  get(ctx: TenantContext, campaignId: string): Promise<CampaignDetail>;
  list(
    ctx: TenantContext,
    filter?: { readonly status?: CampaignStatus } & PageRequest,
  ): Promise<Page<Campaign>>;
  /**
   * Changes a campaign in any state but `offline`; allocations move with
   * their prizes' stock.
   * @throws `VALIDATION_FAILED`, `NOT_FOUND`, `PRIZE_STOCK_SHORT`,
   *   `CAMPAIGN_ALLOCATION_BELOW_WON`, `INVALID_STATE_TRANSITION` (offline).
   */
  update(ctx: TenantContext, campaignId: string, patch: CampaignPatch): Promise<CampaignDetail>;
  /** draft → online. @throws `NOT_FOUND`, `INVALID_STATE_TRANSITION`. */
  publish(ctx: TenantContext, campaignId: string): Promise<CampaignDetail>;
  /** online → frozen: nobody can play until it is resumed. @throws `NOT_FOUND`, `INVALID_STATE_TRANSITION`. */
  freeze(ctx: TenantContext, campaignId: string): Promise<CampaignDetail>;
  /** frozen → online. @throws `NOT_FOUND`, `INVALID_STATE_TRANSITION`. */
  resume(ctx: TenantContext, campaignId: string): Promise<CampaignDetail>;
  /** online or frozen → offline, for good; unwon allocations go back to their prizes. @throws `NOT_FOUND`, `INVALID_STATE_TRANSITION`. */
  takeOffline(ctx: TenantContext, campaignId: string): Promise<CampaignDetail>;
  /** Deletes a draft no activity batch names, giving its allocations back. @throws `NOT_FOUND`, `INVALID_STATE_TRANSITION`, `CAMPAIGN_IN_USE`. */
  delete(ctx: TenantContext, campaignId: string): Promise<void>;
  /** The campaign's figures, computed by the database. @throws `NOT_FOUND`. */
  statistics(ctx: TenantContext, campaignId: string): Promise<CampaignStatistics>;
}

/**
 * Activity batches (`onecode.activityBatches`, 活动批次). Reads need
 * `campaigns.read`, changes `campaigns.manage`; every change is audited.
 */
export interface ActivityBatchService {
  /** @throws `VALIDATION_FAILED`, `NOT_FOUND` (campaign, merchant, product), `BATCH_NUMBER_TAKEN`. */
  create(ctx: TenantContext, input: ActivityBatchInput): Promise<ActivityBatch>;
  /** @throws `NOT_FOUND`. */
  get(ctx: TenantContext, batchId: string): Promise<ActivityBatch>;
  list(
    ctx: TenantContext,
    filter?: {
      readonly campaignId?: string;
      readonly merchantId?: string;
      readonly productId?: string;
      readonly status?: ActivityBatch["status"];
    } & PageRequest,
  ): Promise<Page<ActivityBatch>>;
  /** @throws `VALIDATION_FAILED`, `NOT_FOUND`, `BATCH_NUMBER_TAKEN`, `INVALID_STATE_TRANSITION` (only the remark changes once active). */
  update(ctx: TenantContext, batchId: string, patch: ActivityBatchPatch): Promise<ActivityBatch>;
  /** A new inactive batch with the same campaign, merchant, product and remark, and no packages. @throws `NOT_FOUND`, `BATCH_NUMBER_TAKEN`. */
  copy(
    ctx: TenantContext,
    batchId: string,
    input: { readonly batchNumber: string },
  ): Promise<ActivityBatch>;
  /**
   * Binds a finished code package of the batch's merchant.
   * @throws `NOT_FOUND`, `PACKAGE_NOT_READY`, `PACKAGE_ALREADY_BOUND` (to an activity batch).
   */
  bindPackage(ctx: TenantContext, batchId: string, packageId: string): Promise<ActivityBatch>;
  /** inactive → active (needs a bound package), frozen → active. @throws `NOT_FOUND`, `INVALID_STATE_TRANSITION`, `BATCH_HAS_NO_CODES`. */
  activate(ctx: TenantContext, batchId: string): Promise<ActivityBatch>;
  /** active → frozen. @throws `NOT_FOUND`, `INVALID_STATE_TRANSITION`. */
  freeze(ctx: TenantContext, batchId: string): Promise<ActivityBatch>;
  /** Deletes an inactive batch. @throws `NOT_FOUND`, `INVALID_STATE_TRANSITION`. */
  delete(ctx: TenantContext, batchId: string): Promise<void>;
}

/** Input of a draw. */
export interface DrawInput {
  /** The code, a code URL or a Digital Link, as scanned. */
  readonly code: string;
}

/**
 * Draws and prizes won (`onecode.draws`): the consumer's draw and claim,
 * and the operators' winners list, export and shipping.
 */
export interface DrawService {
  /**
   * Plays a code for the consumer (`ctx.actor` of kind `consumer`): one
   * hot-state gate checks the campaign is online and not frozen, that the
   * code never played, the account's period limit of the slot drawn and the
   * slot's allocation; the outcome is then stored, and if that fails the
   * grant is given back.
   *
   * @throws `VALIDATION_FAILED`, `NOT_FOUND` (no such code, or its code is in no active activity batch),
   *   `CODE_ALREADY_PLAYED`, `CAMPAIGN_NOT_OPEN` (`details.reason`: not_started, ended, paused, closed),
   *   `FORBIDDEN` (not a consumer).
   */
  draw(ctx: TenantContext, input: DrawInput): Promise<DrawResult>;
  /** The consumer's own draws, newest first. */
  myDraws(ctx: TenantContext, page?: PageRequest): Promise<Page<DrawResult>>;
  /**
   * Claims a won prize (the consumer who won it). Idempotent: claiming again
   * returns the first claim and pays nothing twice.
   * @throws `VALIDATION_FAILED` (recipient), `NOT_FOUND`, `PRIZE_NOT_CLAIMABLE` (no prize, or expired),
   *   `PRIZE_STOCK_SHORT` (no CDK key left).
   */
  claim(ctx: TenantContext, drawId: string, input?: ClaimInput): Promise<ClaimResult>;
  /** Winners, newest first (`campaigns.read`). */
  winners(ctx: TenantContext, filter?: WinnerFilter & PageRequest): Promise<Page<Draw>>;
  /**
   * The winners as CSV (UTF-8 with a BOM, CRLF, so Excel opens it), in
   * chunks; no CDK key or other secret appears in it.
   */
  exportWinners(ctx: TenantContext, filter?: WinnerFilter): AsyncIterable<string>;
  /** Claimed physical prizes with their recipients and shipping (`campaigns.read`). */
  toShip(ctx: TenantContext, filter?: ShippingFilter & PageRequest): Promise<Page<Draw>>;
  /** Records a physical prize as shipped (`campaigns.manage`). @throws `NOT_FOUND`, `PRIZE_NOT_CLAIMABLE` (not a claimed physical prize). */
  markShipped(
    ctx: TenantContext,
    drawId: string,
    input: { readonly courier: string; readonly trackingNumber: string },
  ): Promise<Draw & { readonly shipping: PrizeShipping }>;
}
