import type { GateReceipt } from "../ports/gates.js";
import type { CampaignTemplate } from "./campaign.js";
import type { PrizeKind } from "./prize.js";

/**
 * Where a won prize is:
 * - `won`: reserved for the winner, not claimed yet;
 * - `claimed`: the winner claimed it (a CDK key given, an address taken, a payout or credit under way);
 * - `expired`: a cash red packet not claimed within 24 hours; its money went back to the brand.
 */
export type PrizeState = "won" | "claimed" | "expired";

/** Why a draw gave no prize: the dice said so, the slot's allocation was used up, or the account reached its limit. */
export type NoPrizeReason = "no_prize" | "stock_exhausted" | "account_limit";

/** A physical prize's shipping, as the brand records it. */
export interface PrizeShipping {
  readonly status: "pending" | "shipped";
  readonly courier: string | null;
  readonly trackingNumber: string | null;
  readonly shippedAt: string | null;
}

/** The recipient of a physical prize, as the winner gave it. */
export interface PrizeRecipient {
  /** 1-30 characters. */
  readonly name: string;
  /** A mainland mobile number (11 digits, starting with 1). */
  readonly phone: string;
  /** 5-200 characters. */
  readonly address: string;
}

/**
 * How a claimed prize's payout went: a cash red packet settled to the
 * winner, a purchased prize's cost settled to its supplier, points credited
 * or a coupon given. Run by an outbox handler after the claim commits.
 */
export type PayoutStatus = "none" | "pending" | "done" | "failed";

/**
 * One draw (抽奖记录): a code played by an account in a campaign, and what
 * it gave. There is at most one draw per code, ever.
 */
export interface Draw {
  readonly tenantId: string;
  /** `drw_…` from the ids port. */
  readonly id: string;
  readonly campaignId: string;
  readonly activityBatchId: string;
  /** The code played (normalised, as stored in its package). */
  readonly code: string;
  /** The consumer account that played. */
  readonly accountId: string;
  /** The slot won, or `null` for no prize. */
  readonly slot: number | null;
  readonly prizeId: string | null;
  readonly prizeKind: PrizeKind | null;
  readonly prizeName: string | null;
  /** Why no prize (`null` when a prize was won). */
  readonly noPrizeReason: NoPrizeReason | null;
  /** `null` for no prize. */
  readonly prizeState: PrizeState | null;
  /** The hot-state gate's receipt, kept so the grant can be compensated. */
  readonly receipt: GateReceipt;
  readonly drawnAt: string;
  readonly claimedAt: string | null;
  /** `cash_red_packet`: when it goes back to the brand unclaimed (drawn + 24 h). */
  readonly claimBy: string | null;
  /** `cdk`: the key handed out at the claim. */
  readonly cdkKey: string | null;
  /** `physical`: the recipient given at the claim. */
  readonly recipient: PrizeRecipient | null;
  /** `physical`: shipping, from the claim on. */
  readonly shipping: PrizeShipping | null;
  readonly payoutStatus: PayoutStatus;
  /** Minor units paid to the winner (cash red packet), once settled. */
  readonly paidAmount: number;
  /** Minor units returned to the brand (an expired red packet), once released. */
  readonly returnedAmount: number;
}

/** What a consumer sees of a draw. */
export interface DrawResult {
  readonly drawId: string;
  readonly campaignId: string;
  /** `true` when a prize was won. */
  readonly won: boolean;
  readonly slot: number | null;
  readonly prize: {
    readonly id: string;
    readonly name: string;
    readonly kind: PrizeKind;
    readonly coverImage: string | null;
  } | null;
  readonly noPrizeReason: NoPrizeReason | null;
  readonly prizeState: PrizeState | null;
  readonly claimBy: string | null;
  readonly drawnAt: string;
}

/** Input of a claim; `recipient` is required for a physical prize and refused for others. */
export interface ClaimInput {
  readonly recipient?: PrizeRecipient;
}

/** What a claim gave the winner. Repeating a claim returns the same. */
export interface ClaimResult {
  readonly drawId: string;
  readonly prizeKind: PrizeKind;
  readonly prizeState: PrizeState;
  readonly claimedAt: string;
  /** `cdk`: the key. */
  readonly cdkKey: string | null;
  readonly recipient: PrizeRecipient | null;
  readonly payoutStatus: PayoutStatus;
  /** The prize's redirect link, or `null`. */
  readonly redirectUrl: string | null;
}

/** The campaign a scanned code leads to, as a consumer scan shows it. */
export interface ScanCampaignEntry {
  readonly campaignId: string;
  readonly activityBatchId: string;
  readonly template: CampaignTemplate;
  readonly title: string;
  readonly rules: string;
  readonly topImage: string | null;
  readonly startsAt: string;
  readonly endsAt: string;
  /** The prizes shown, in slot order. */
  readonly prizes: readonly {
    readonly slot: number;
    readonly name: string;
    readonly kind: PrizeKind;
    readonly coverImage: string | null;
  }[];
  /** Whether a draw with this code would be accepted now. */
  readonly canStillPlay: boolean;
  /**
   * Why not: `played` (this code has played), `not_started`, `ended`,
   * `paused` (the campaign or the activity batch is frozen), `closed`
   * (offline); `null` when it can play.
   */
  readonly cannotPlayReason: "played" | "not_started" | "ended" | "paused" | "closed" | null;
}

/** Filter of the winners list. */
export interface WinnerFilter {
  readonly campaignId?: string;
  readonly prizeId?: string;
  readonly prizeKind?: PrizeKind;
  readonly prizeState?: PrizeState;
  readonly accountId?: string;
  /** ISO-8601, inclusive. */
  readonly drawnFrom?: string;
  /** ISO-8601, exclusive. */
  readonly drawnUntil?: string;
}

/** Filter of the physical-prize to-ship list. */
export interface ShippingFilter {
  readonly campaignId?: string;
  readonly status?: PrizeShipping["status"];
}

/** Per-slot figures of {@link CampaignStatistics}. */
export interface SlotStatistics {
  readonly slot: number;
  readonly prizeId: string;
  readonly prizeName: string;
  readonly allocation: number;
  readonly won: number;
  /** `allocation - won`. */
  readonly left: number;
  readonly claimed: number;
}

/** A campaign's figures, computed by the database. */
export interface CampaignStatistics {
  readonly campaignId: string;
  readonly draws: number;
  readonly wins: number;
  readonly slots: readonly SlotStatistics[];
  readonly claims: number;
  /** Minor units paid to winners (cash red packets settled). */
  readonly paid: number;
  /** Minor units returned to the brand (expired red packets). */
  readonly returned: number;
}

/** The raw figures storage computes for {@link CampaignStatistics}. */
export interface DrawTotals {
  readonly draws: number;
  /** Per won slot: wins and claims. */
  readonly bySlot: readonly {
    readonly slot: number;
    readonly won: number;
    readonly claimed: number;
  }[];
  readonly paid: number;
  readonly returned: number;
}
