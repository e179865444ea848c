import type { PrizeKind } from "./prize.js";

/** Campaign templates (活动模板): `wheel` (大转盘, exactly 6 slots), `scratch` (刮刮卡), `lucky_draw` (抽签). */
export type CampaignTemplate = "wheel" | "scratch" | "lucky_draw";

/** Every {@link CampaignTemplate}. */
export const CAMPAIGN_TEMPLATES: readonly CampaignTemplate[] = Object.freeze([
  "wheel",
  "scratch",
  "lucky_draw",
]);

/** Slots a `wheel` must have. */
export const WHEEL_SLOTS = 6;
/** Most slots a `scratch` or `lucky_draw` campaign may have. */
export const MAX_CAMPAIGN_SLOTS = 12;

/** The period a per-account limit counts in, in the tenant's calendar. */
export type AccountLimitPeriod = "day" | "week" | "month" | "year";

/** How often one account may win a slot: `times` per `period`, or `times: -1` for unlimited. */
export interface AccountLimit {
  readonly period: AccountLimitPeriod;
  /** A positive integer, or -1 for no limit. */
  readonly times: number;
}

/** One prize slot of a campaign. */
export interface CampaignSlot {
  /** 0-based position, stable for the campaign's life (a wheel's sector). */
  readonly slot: number;
  readonly prizeId: string;
  /** Copied from the prize for display and statistics. */
  readonly prizeName: string;
  readonly prizeKind: PrizeKind;
  /**
   * Win probability in basis points of one draw (1 = 0.01 %; 10,000 = 100 %).
   * The slots' sum is at most 10,000; the rest is "no prize".
   */
  readonly probabilityBp: number;
  /** Units of the prize allocated to this slot (its sub-stock); never below what was won. */
  readonly allocation: number;
  readonly accountLimit: AccountLimit;
}

/**
 * Campaign states: `draft → online ⇄ frozen`, and `offline` (final) from
 * online or frozen. Only an online campaign, inside its window, can be played.
 */
export type CampaignStatus = "draft" | "online" | "frozen" | "offline";

/** A scan-to-win campaign (一物一码活动). */
export interface Campaign {
  readonly tenantId: string;
  /** `cmp_…` from the ids port. */
  readonly id: string;
  readonly template: CampaignTemplate;
  /** 1-60 characters. */
  readonly title: string;
  /** ISO-8601: play from `startsAt` (inclusive) to `endsAt` (exclusive). */
  readonly startsAt: string;
  readonly endsAt: string;
  /** Rules shown to players, up to 5,000 characters. */
  readonly rules: string;
  /** Landing-page top image URL, or `null` for the default. */
  readonly topImage: string | null;
  readonly slots: readonly CampaignSlot[];
  readonly status: CampaignStatus;
  readonly publishedAt: string | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input of one slot. */
export interface CampaignSlotInput {
  readonly prizeId: string;
  /** Percent of draws, 0-100 with at most two decimals (e.g. 12.5). */
  readonly probability: number;
  readonly allocation: number;
  readonly accountLimit: AccountLimit;
}

/** Input of `campaigns.create`. */
export interface CampaignInput {
  readonly template: CampaignTemplate;
  readonly title: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly rules?: string;
  readonly topImage?: string | null;
  readonly slots: readonly CampaignSlotInput[];
}

/**
 * A change of a campaign. Slots, when given, replace the list whole and in
 * order; after publishing the number of slots stays, a slot that has wins
 * keeps its prize, and no allocation goes below what was won.
 */
export interface CampaignPatch {
  readonly title?: string;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly rules?: string;
  readonly topImage?: string | null;
  readonly slots?: readonly CampaignSlotInput[];
}

/** A campaign with what its slots have given out, as shown to operators. */
export interface CampaignDetail extends Campaign {
  /** Wins per slot, in slot order. */
  readonly won: readonly number[];
}
