/**
 * The hot-state layout of a campaign's draws: one gate scope per campaign,
 * so a draw's checks and takes run as one atomic step (one Redis script on
 * one slot of a cluster).
 */

/** The gate scope of one campaign. */
export const campaignScope = (campaignId: string) => `campaign:${campaignId}`;

/**
 * The flag that is on while the campaign cannot be played (frozen or
 * offline); every draw's gate checks it is off, so a freeze stops draws at
 * once in every process, whatever their caches hold.
 */
export const CAMPAIGN_PAUSED_FLAG = "paused";

/** The once-key of a code in its campaign: a code plays once, ever. */
export const playedKey = (code: string) => `played:${code}`;

/** The counter of a slot's wins; its limit is the slot's allocation. */
export const slotWonKey = (slot: number) => `won:${slot}`;

/**
 * The counter of an account's wins of a slot, without the period (see
 * `periodTakeStep`, which appends the tenant's period).
 */
export const accountSlotKey = (accountId: string, slot: number) => `account:${accountId}:${slot}`;
