import { systemContext } from "../kernel/audit/record-audit.js";
import { rememberingCalendarPeriods } from "../kernel/calendar-periods.js";
import { notFound, OneCodeError } from "../kernel/errors.js";
import { periodTakeStep } from "../kernel/period-gate-step.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { GateOutcome, GateReceipt, GateStep } from "../ports/gates.js";
import type { ActivityBatch } from "./activity-batch.js";
import type { Campaign, CampaignSlot } from "./campaign.js";
import {
  accountSlotKey,
  CAMPAIGN_PAUSED_FLAG,
  campaignScope,
  playedKey,
  slotWonKey,
} from "./campaign-gates.js";
import { type ClosedReason, closedReason } from "./campaign-openness.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import type { Draw, DrawResult, NoPrizeReason } from "./draw.js";
import { drawLookupsOf } from "./draw-caches.js";
import { checkDrawInput } from "./draw-input.js";
import { pickSlot } from "./slot-pick.js";

/** The timer that returns an unclaimed cash red packet to the brand (key: the draw id). */
export const RED_PACKET_RETURN_TIMER = "campaigns.red_packet_return";
/** How long a cash red packet waits for its claim. */
export const RED_PACKET_CLAIM_MS = 24 * 60 * 60 * 1000;

/** `CAMPAIGN_NOT_OPEN` for `campaignId`. */
export function campaignNotOpen(campaignId: string, reason: ClosedReason): OneCodeError {
  return new OneCodeError(
    "CAMPAIGN_NOT_OPEN",
    `campaign ${campaignId} cannot be played: ${reason}`,
    {
      campaignId,
      reason,
    },
  );
}

/** `CODE_ALREADY_PLAYED` for `code`. */
export function codeAlreadyPlayed(code: string, drawId: string | null): OneCodeError {
  return new OneCodeError(
    "CODE_ALREADY_PLAYED",
    `code ${code} has played already`,
    drawId === null ? {} : { drawId },
  );
}

/** What a consumer sees of a draw. */
export function drawResultOf(draw: Draw, coverImage: string | null): DrawResult {
  return {
    drawId: draw.id,
    campaignId: draw.campaignId,
    won: draw.slot !== null,
    slot: draw.slot,
    prize:
      draw.prizeId !== null && draw.prizeKind !== null
        ? { id: draw.prizeId, name: draw.prizeName ?? "", kind: draw.prizeKind, coverImage }
        : null,
    noPrizeReason: draw.noPrizeReason,
    prizeState: draw.prizeState,
    claimBy: draw.claimBy,
    drawnAt: draw.drawnAt,
  };
}

/** The consumer account of `ctx`. @throws `FORBIDDEN` for any other actor. */
export function consumerOf(ctx: TenantContext): string {
  if (ctx.actor.kind !== "consumer") {
    throw new OneCodeError("FORBIDDEN", "only a consumer can play and claim prizes", {
      actor: ctx.actor.id,
    });
  }
  return ctx.actor.id;
}

/** The code's activity batch and campaign, open for play. */
async function openCampaignOf(
  runtime: CampaignsRuntime,
  tenantId: string,
  code: string,
): Promise<{ batch: ActivityBatch; campaign: Campaign }> {
  const location = await runtime.ports.storage.traceBatches.locateCode(tenantId, code);
  if (!location) throw notFound("code", code, "code");
  // A voided, recalled or destroyed code is withdrawn from every use, play included.
  if (location.status !== null) {
    throw new OneCodeError("CODE_VOIDED", `code ${code} is ${location.status.kind}`, {
      code,
      entryId: location.status.entryId,
    });
  }
  const batch = await drawLookupsOf(runtime).batchOfPackage.get(tenantId, location.packageId);
  if (!batch) throw notFound("activity batch of code", code, "code");
  const campaign = await runtime.cache.get(tenantId, batch.campaignId);
  if (!campaign) throw notFound("campaign", batch.campaignId);
  const reason = closedReason(campaign, batch, runtime.ports.clock.nowMs());
  if (reason !== null) throw campaignNotOpen(campaign.id, reason);
  return { batch, campaign };
}

// Periods are facts of the calendar (kind, zone, instant): one memory serves every runtime.
const periodAt = rememberingCalendarPeriods();

/** The gate's steps for a draw landing on `slot` (`null`: no prize). */
async function drawSteps(
  runtime: CampaignsRuntime,
  tenantId: string,
  code: string,
  accountId: string,
  slot: CampaignSlot | null,
  nowMs: number,
): Promise<GateStep[]> {
  const steps: GateStep[] = [
    { kind: "flag", key: CAMPAIGN_PAUSED_FLAG, expected: false },
    { kind: "claim_once", key: playedKey(code) },
  ];
  if (slot === null) return steps;
  steps.push({ kind: "take", key: slotWonKey(slot.slot), amount: 1, limit: slot.allocation });
  if (slot.accountLimit.times !== -1) {
    const zone = await runtime.timeZoneOf(tenantId);
    steps.push(
      periodTakeStep({
        key: accountSlotKey(accountId, slot.slot),
        amount: 1,
        limit: slot.accountLimit.times,
        period: periodAt(slot.accountLimit.period, nowMs, zone),
        nowMs,
      }),
    );
  }
  return steps;
}

/** Turns a refusal of the flag or once-key into its error (naming the code's draw, off the hot path). */
async function refusalError(
  runtime: CampaignsRuntime,
  tenantId: string,
  outcome: Extract<GateOutcome, { passed: false }>,
  campaignId: string,
  code: string,
): Promise<OneCodeError> {
  if (outcome.refusal.step === 0) return campaignNotOpen(campaignId, "paused");
  const earlier = await runtime.ports.storage.draws.ofCode(tenantId, code);
  return codeAlreadyPlayed(code, earlier?.id ?? null);
}

/**
 * Plays `code` for the consumer of `ctx`: one code look-up, the cached
 * batch and campaign, one gate (two when the slot drawn is out of stock or
 * over the account's limit: the code then plays for no prize) and one
 * durable write. A write that fails gives the grant back and throws, so no
 * grant is kept without its draw and no draw is lost.
 */
export async function playCode(
  runtime: CampaignsRuntime,
  ctx: TenantContext,
  input: unknown,
): Promise<DrawResult> {
  const accountId = consumerOf(ctx);
  const { code } = checkDrawInput(input);
  const { tenantId } = ctx;
  const { ports } = runtime;
  const { batch, campaign } = await openCampaignOf(runtime, tenantId, code);
  const scope = campaignScope(campaign.id);
  const nowMs = ports.clock.nowMs();
  const slot = pickSlot(ports.random, campaign.slots);
  const steps = await drawSteps(runtime, tenantId, code, accountId, slot, nowMs);
  let outcome = await ports.hotState.gates.pass(tenantId, scope, steps);
  let won = slot;
  let noPrizeReason: NoPrizeReason | null = slot === null ? "no_prize" : null;
  if (!outcome.passed && outcome.refusal.step >= 2) {
    // The slot's allocation is used up or the account reached its limit: the code plays for nothing.
    noPrizeReason = outcome.refusal.step === 2 ? "stock_exhausted" : "account_limit";
    won = null;
    outcome = await ports.hotState.gates.pass(tenantId, scope, steps.slice(0, 2));
  }
  if (!outcome.passed) throw await refusalError(runtime, tenantId, outcome, campaign.id, code);
  const drawnAt = new Date(nowMs).toISOString();
  const cash = won?.prizeKind === "cash_red_packet";
  const draw: Draw = {
    tenantId,
    id: ports.ids.newId("drw"),
    campaignId: campaign.id,
    activityBatchId: batch.id,
    code,
    accountId,
    slot: won?.slot ?? null,
    prizeId: won?.prizeId ?? null,
    prizeKind: won?.prizeKind ?? null,
    prizeName: won?.prizeName ?? null,
    noPrizeReason,
    prizeState: won ? "won" : null,
    receipt: outcome.receipt,
    drawnAt,
    claimedAt: null,
    claimBy: cash ? new Date(nowMs + RED_PACKET_CLAIM_MS).toISOString() : null,
    cdkKey: null,
    recipient: null,
    shipping: null,
    payoutStatus: "none",
    paidAmount: 0,
    returnedAmount: 0,
  };
  await storeDraw(runtime, draw, outcome.receipt);
  const prize = won ? await drawLookupsOf(runtime).prize.get(tenantId, won.prizeId) : null;
  return drawResultOf(draw, prize?.coverImage ?? null);
}

/**
 * Stores the draw (a cash red packet with its return timer, in the same
 * transaction); when that fails (and the draw is not stored after all),
 * undoes the gate and throws.
 */
async function storeDraw(runtime: CampaignsRuntime, draw: Draw, receipt: GateReceipt) {
  const { storage, hotState } = runtime.ports;
  let stored: "inserted" | "code_played";
  try {
    stored =
      draw.claimBy === null
        ? await storage.draws.insert(draw)
        : await storage.transaction(async (tx) => {
            const inserted = await tx.draws.insert(draw);
            if (inserted !== "inserted") return inserted;
            await runtime.timers.schedule(
              systemContext(draw.tenantId),
              { kind: RED_PACKET_RETURN_TIMER, key: draw.id, at: draw.claimBy as string },
              { tx },
            );
            return inserted;
          });
  } catch (error) {
    // A write whose answer was lost may have committed: such a draw keeps its grant.
    const committed = await storage.draws.get(draw.tenantId, draw.id).catch(() => null);
    if (committed) return;
    await hotState.gates.undo(draw.tenantId, receipt);
    throw error;
  }
  if (stored === "code_played") {
    await hotState.gates.undo(draw.tenantId, receipt);
    throw codeAlreadyPlayed(draw.code, null);
  }
}
