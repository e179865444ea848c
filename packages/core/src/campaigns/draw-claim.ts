import { isoNow } from "../kernel/clock.js";
import { notFound, OneCodeError } from "../kernel/errors.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import type { ClaimResult, Draw, PayoutStatus } from "./draw.js";
import { consumerOf } from "./draw-engine.js";
import { checkClaimInput } from "./draw-input.js";
import type { DrawClaimFields } from "./ports.js";
import type { Prize } from "./prize.js";

/** The event a claim records for its payout (cash, a supplier's cost, points or a coupon). */
export const PRIZE_CLAIMED_EVENT = "campaigns.prize_claimed";

/** `PRIZE_NOT_CLAIMABLE` for a draw. */
export function prizeNotClaimable(draw: Draw): OneCodeError {
  return new OneCodeError("PRIZE_NOT_CLAIMABLE", `draw ${draw.id} has no prize to claim`, {
    drawId: draw.id,
    prizeState: draw.prizeState,
  });
}

/** Whether a claim of `prize` pays something out after it commits. */
export function needsPayout(prize: Prize): boolean {
  return (
    prize.kind === "cash_red_packet" ||
    prize.kind === "points" ||
    prize.kind === "coupon" ||
    prize.purchase !== null
  );
}

/** What the winner sees of a claimed draw. */
function claimResultOf(draw: Draw, prize: Prize | null): ClaimResult {
  return {
    drawId: draw.id,
    prizeKind: draw.prizeKind as NonNullable<Draw["prizeKind"]>,
    prizeState: draw.prizeState as NonNullable<Draw["prizeState"]>,
    claimedAt: draw.claimedAt as string,
    cdkKey: draw.cdkKey,
    recipient: draw.recipient,
    payoutStatus: draw.payoutStatus,
    redirectUrl: prize?.redirectUrl ?? null,
  };
}

/** Thrown inside the claim's transaction when another claim won the race: rolls it back. */
class ClaimedMeanwhile extends Error {
  constructor(readonly draw: Draw) {
    super("claimed meanwhile");
  }
}

/**
 * Claims the won prize of `drawId` for its winner, in one transaction: the
 * draw moves from `won` to `claimed` with what the prize kind needs (the
 * next CDK key, the recipient and pending shipping), and a prize that pays
 * out records `campaigns.prize_claimed` for the outbox. Claiming a claimed
 * draw again returns the first claim.
 */
export async function claimPrize(
  runtime: CampaignsRuntime,
  ctx: TenantContext,
  drawId: string,
  input: unknown,
): Promise<ClaimResult> {
  const accountId = consumerOf(ctx);
  const { storage, clock } = runtime.ports;
  const { tenantId } = ctx;
  const draw = typeof drawId === "string" ? await storage.draws.get(tenantId, drawId) : null;
  if (!draw || draw.accountId !== accountId) throw notFound("draw", String(drawId), "drawId");
  if (draw.prizeId === null || draw.prizeState === null) throw prizeNotClaimable(draw);
  const prize = await storage.prizes.get(tenantId, draw.prizeId);
  if (draw.prizeState === "claimed") return claimResultOf(draw, prize);
  if (draw.prizeState === "expired") throw prizeNotClaimable(draw);
  if (draw.claimBy !== null && clock.nowMs() >= Date.parse(draw.claimBy)) {
    // Past its 24 hours: the return timer is about to give the money back.
    throw prizeNotClaimable({ ...draw, prizeState: "expired" });
  }
  if (!prize) throw notFound("prize", draw.prizeId);
  const { recipient } = checkClaimInput(input ?? {}, prize.kind === "physical");
  const claimedAt = isoNow(clock);
  const payoutStatus: PayoutStatus = needsPayout(prize) ? "pending" : "none";
  try {
    const claimed = await storage.transaction(async (tx) => {
      let cdkKey: string | null = null;
      if (prize.kind === "cdk") {
        cdkKey = await tx.prizes.takeCdkKey(tenantId, prize.id, draw.id, claimedAt);
        if (cdkKey === null) {
          throw new OneCodeError("PRIZE_STOCK_SHORT", `prize ${prize.id} has no CDK key left`, {
            prizeId: prize.id,
            available: 0,
            requested: 1,
          });
        }
      }
      const fields: DrawClaimFields = {
        claimedAt,
        cdkKey,
        recipient: recipient ?? null,
        shipping:
          prize.kind === "physical"
            ? { status: "pending", courier: null, trackingNumber: null, shippedAt: null }
            : null,
        payoutStatus,
      };
      const result = await tx.draws.claim(tenantId, draw.id, fields);
      if (result.outcome === "not_found") throw notFound("draw", draw.id, "drawId");
      if (result.outcome === "not_claimable") {
        if (result.draw.prizeState === "claimed") throw new ClaimedMeanwhile(result.draw);
        throw prizeNotClaimable(result.draw);
      }
      if (payoutStatus === "pending") {
        await runtime.recordEvents(tx, ctx, [
          {
            type: PRIZE_CLAIMED_EVENT,
            aggregate: { type: "draw", id: draw.id },
            payload: { drawId: draw.id },
          },
        ]);
      }
      return result.draw;
    });
    return claimResultOf(claimed, prize);
  } catch (error) {
    if (error instanceof ClaimedMeanwhile) return claimResultOf(error.draw, prize);
    throw error;
  }
}
