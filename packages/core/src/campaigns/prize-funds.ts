import { OneCodeError } from "../kernel/errors.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import type { PrizeFunds, PrizeKind, PrizePurchase } from "./prize.js";

/** Minor units a prize stock needs frozen: a red packet's cash or a purchase's cost, else 0. */
export function fundsToFreeze(prize: {
  readonly totalStock: number;
  readonly cashAmount: number | null;
  readonly purchase: PrizePurchase | null;
}): number {
  if (prize.cashAmount !== null) return prize.totalStock * prize.cashAmount;
  if (prize.purchase !== null) return prize.totalStock * prize.purchase.unitCost;
  return 0;
}

/**
 * Freezes a new prize's funds through the payment port, before the prize is
 * stored (a prize must never exist with money it does not have). The
 * idempotency key is the prize id, so a retried call freezes once.
 *
 * - `succeeded`: funds `frozen`, with the hold id;
 * - `pending`: funds `pending` with no hold id yet; the prize is stored but
 *   cannot be allocated to a campaign slot until its funds are `frozen`
 *   (moving a pending freeze on is the payments webhook's job, not built here);
 * - `failed`: `PRIZE_FUNDS_NOT_FROZEN` with the provider's failure code.
 *   Transport errors propagate (`SERVICE_UNAVAILABLE`).
 */
export async function freezePrizeFunds(
  runtime: Pick<CampaignsRuntime, "payments" | "currencyOf">,
  tenantId: string,
  prizeId: string,
  prize: { readonly name: string; readonly kind: PrizeKind },
  amount: number,
): Promise<PrizeFunds> {
  const currency = await runtime.currencyOf(tenantId);
  const payment = await runtime.payments.perform(
    {
      kind: "freeze",
      request: {
        tenantId,
        idempotencyKey: `prize:${prizeId}:freeze`,
        amount: { amount, currency },
        description: `Prize stock ${prize.name} (${prize.kind})`,
      },
    },
    { type: "prize", id: prizeId },
  );
  if (payment.status === "failed") {
    throw new OneCodeError(
      "PRIZE_FUNDS_NOT_FROZEN",
      `the funds of prize ${prizeId} could not be frozen (${payment.failureCode ?? "failed"}); nothing was stored`,
      { prizeId, ...(payment.failureCode !== null && { failureCode: payment.failureCode }) },
    );
  }
  return {
    holdId: payment.status === "succeeded" ? payment.id : null,
    status: payment.status === "succeeded" ? "frozen" : "pending",
    frozen: amount,
    settled: 0,
    released: 0,
  };
}
