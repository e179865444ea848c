import { isoNow } from "../kernel/clock.js";
import { OneCodeError } from "../kernel/errors.js";
import type { OutboxHandlerRegistration } from "../kernel/outbox/outbox-handlers.js";
import type { StoredPayment } from "../kernel/payments/ports.js";
import { recordPoints } from "../promotions/members/points/points-ledger.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import type { Draw } from "./draw.js";
import { PRIZE_CLAIMED_EVENT } from "./draw-claim.js";
import type { Prize } from "./prize.js";

/** The event an expired red packet records so its money goes back to the brand. */
export const PRIZE_EXPIRED_EVENT = "campaigns.prize_expired";

/** A payout the provider did not confirm: thrown so the outbox tries again (same idempotency key). */
function payoutNotDone(draw: Draw, payment: StoredPayment): Error {
  return new Error(
    `the payout of draw ${draw.id} is ${payment.status} (payment ${payment.id}); it is tried again`,
  );
}

/** The payee and amount a claimed prize settles from its hold, or `null` when it pays no money. */
function settlementOf(draw: Draw, prize: Prize): { payee: string; amount: number } | null {
  if (prize.kind === "cash_red_packet" && prize.cashAmount !== null) {
    return { payee: draw.accountId, amount: prize.cashAmount };
  }
  if (prize.purchase !== null) {
    return { payee: prize.purchase.supplier, amount: prize.purchase.unitCost };
  }
  return null;
}

/**
 * The outbox handlers that pay claimed prizes out and return expired red
 * packets. Each is idempotent: payments carry the draw's idempotency keys
 * (`draw:<id>:settle`, `draw:<id>:release`), points and coupons are keyed by
 * the draw, and the draw's new payout state is written with the handler's
 * inbox mark in one transaction, so a redelivery pays nothing twice.
 */
export function prizePayoutHandlers(runtime: CampaignsRuntime): OutboxHandlerRegistration[] {
  const { storage, clock } = runtime.ports;

  const load = async (tenantId: string, drawId: string) => {
    const draw = await storage.draws.get(tenantId, drawId);
    const prize = draw?.prizeId ? await storage.prizes.get(tenantId, draw.prizeId) : null;
    return draw && prize ? { draw, prize } : null;
  };

  const settle = async (draw: Draw, prize: Prize, payee: string, amount: number) => {
    if (prize.funds?.holdId == null) {
      // Funds still pending at the provider: the outbox tries again later.
      throw new Error(`prize ${prize.id} has no frozen funds yet to pay draw ${draw.id}`);
    }
    const payment = await runtime.payments.perform(
      {
        kind: "settle",
        request: {
          tenantId: draw.tenantId,
          idempotencyKey: `draw:${draw.id}:settle`,
          amount: { amount, currency: await runtime.currencyOf(draw.tenantId) },
          holdId: prize.funds.holdId,
          payee,
          description: `prize ${prize.name} of draw ${draw.id}`,
        },
      },
      { type: "draw", id: draw.id },
    );
    if (payment.status === "failed") {
      await storage.draws.setPayout(draw.tenantId, draw.id, { status: "failed" });
    }
    if (payment.status !== "succeeded") throw payoutNotDone(draw, payment);
  };

  return [
    {
      type: PRIZE_CLAIMED_EVENT,
      name: "campaigns.pay-prize",
      async handler(event, delivery) {
        const { drawId } = event.payload as { drawId: string };
        const found = await load(event.tenantId, drawId);
        if (!found || found.draw.payoutStatus === "done") return;
        const { draw, prize } = found;
        const money = settlementOf(draw, prize);
        if (money) await settle(draw, prize, money.payee, money.amount);
        const at = isoNow(clock);
        const zone = prize.kind === "points" ? await runtime.timeZoneOf(draw.tenantId) : null;
        let outcome: "done" | "failed" = "done";
        await storage.transaction(async (tx) => {
          if (!(await delivery.handleOnce(tx))) return;
          if (prize.kind === "points" && prize.points !== null) {
            await recordPoints(
              tx,
              runtime,
              {
                tenantId: draw.tenantId,
                customerId: draw.accountId,
                kind: "adjust",
                delta: prize.points,
                key: `draw:${draw.id}`,
                note: `prize ${prize.name}`,
                actor: { kind: "system", id: "campaigns" },
              },
              zone,
            );
          }
          if (prize.kind === "coupon" && prize.couponId !== null) {
            const issued = await tx.coupons.issue(
              draw.tenantId,
              prize.couponId,
              [{ customerId: draw.accountId, quantity: 1, grantKey: `draw:${draw.id}` }],
              "gift",
              at,
            );
            // An abandoned coupon will not come back: the payout is recorded as failed.
            if (issued.outcome === "closed") outcome = "failed";
            if (issued.outcome === "short") {
              throw new OneCodeError("COUPON_SHORT", `coupon ${prize.couponId} has no code left`, {
                couponId: prize.couponId,
                available: issued.available,
                requested: 1,
              });
            }
          }
          const paid = prize.kind === "cash_red_packet" && money ? money.amount : 0;
          await tx.draws.setPayout(draw.tenantId, draw.id, {
            status: outcome,
            ...(paid > 0 && { paidAmount: paid }),
          });
          if (money) {
            await tx.prizes.addFundsMovement(
              draw.tenantId,
              prize.id,
              { settled: money.amount, released: 0 },
              at,
            );
          }
        });
      },
    },
    {
      type: PRIZE_EXPIRED_EVENT,
      name: "campaigns.return-red-packet",
      async handler(event, delivery) {
        const { drawId } = event.payload as { drawId: string };
        const found = await load(event.tenantId, drawId);
        if (!found || found.draw.returnedAmount > 0) return;
        const { draw, prize } = found;
        if (prize.cashAmount === null || prize.funds?.holdId == null) return;
        const payment = await runtime.payments.perform(
          {
            kind: "release",
            request: {
              tenantId: draw.tenantId,
              idempotencyKey: `draw:${draw.id}:release`,
              amount: {
                amount: prize.cashAmount,
                currency: await runtime.currencyOf(draw.tenantId),
              },
              holdId: prize.funds.holdId,
              reason: `red packet of draw ${draw.id} unclaimed for 24 hours`,
            },
          },
          { type: "draw", id: draw.id },
        );
        if (payment.status !== "succeeded") throw payoutNotDone(draw, payment);
        const at = isoNow(clock);
        await storage.transaction(async (tx) => {
          if (!(await delivery.handleOnce(tx))) return;
          await tx.draws.setPayout(draw.tenantId, draw.id, {
            status: draw.payoutStatus,
            returnedAmount: prize.cashAmount as number,
          });
          await tx.prizes.addFundsMovement(
            draw.tenantId,
            prize.id,
            { settled: 0, released: prize.cashAmount as number },
            at,
          );
        });
      },
    },
  ];
}
