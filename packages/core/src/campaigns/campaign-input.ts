// PLACEHOLDER: the pure input checks of prizes, campaigns and activity batches; replaced before this lands.
import type { ActivityBatchInput, ActivityBatchPatch } from "./activity-batch.js";
import type { CampaignInput, CampaignPatch } from "./campaign.js";
import type { PrizeInput, PrizePatch } from "./prize.js";

/** Checks `prizes.create` input. @throws `VALIDATION_FAILED` naming every broken rule. */
export function checkNewPrize(input: unknown): PrizeInput {
  return input as PrizeInput;
}
/** Checks `prizes.update` input. */
export function checkPrizePatch(input: unknown): PrizePatch {
  return input as PrizePatch;
}
/** Checks `campaigns.create` input (a wheel has exactly 6 slots, probabilities sum ≤ 100 %, ...). */
export function checkNewCampaign(input: unknown): CampaignInput {
  return input as CampaignInput;
}
/** Checks `campaigns.update` input. */
export function checkCampaignPatch(input: unknown): CampaignPatch {
  return input as CampaignPatch;
}
/** Checks `activityBatches.create` input. */
export function checkNewActivityBatch(input: unknown): ActivityBatchInput {
  return input as ActivityBatchInput;
}
/** Checks `activityBatches.update` input. */
export function checkActivityBatchPatch(input: unknown): ActivityBatchPatch {
  return input as ActivityBatchPatch;
}
