import type { ActivityBatch } from "./activity-batch.js";
import type { Campaign } from "./campaign.js";

/** Why a campaign cannot be played now (see `CAMPAIGN_NOT_OPEN`). */
export type ClosedReason = "not_started" | "ended" | "paused" | "closed";

/**
 * Why a code of `batch` cannot play `campaign` at `nowMs`, or `null` when
 * it can: a frozen campaign or activity batch is `paused`, a draft or
 * offline campaign `closed`, and outside `[startsAt, endsAt)` it has not
 * started or has ended.
 */
export function closedReason(
  campaign: Campaign,
  batch: ActivityBatch,
  nowMs: number,
): ClosedReason | null {
  if (campaign.status === "draft" || campaign.status === "offline") return "closed";
  if (campaign.status === "frozen" || batch.status !== "active") return "paused";
  if (nowMs < Date.parse(campaign.startsAt)) return "not_started";
  if (nowMs >= Date.parse(campaign.endsAt)) return "ended";
  return null;
}
