import { isoNow } from "../kernel/clock.js";
import type { OutboxHandlerRegistration } from "../kernel/outbox/outbox-handlers.js";
import {
  PAYMENT_EVENT_TYPES,
  type PaymentEventPayload,
} from "../kernel/payments/payment-events.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";

/** Attempts at a version-checked write before the delivery fails and the outbox retries it. */
const WRITE_ATTEMPTS = 3;

/**
 * The outbox handlers that settle a prize's pending freeze: the provider
 * decided it later (its notification, or reconciliation), and the
 * `payment.succeeded` / `payment.failed` event on the prize moves its
 * funds to `frozen` (with the hold id; the prize can then be allocated) or
 * `failed`. A prize not stored yet (the decision overtook the creation)
 * makes the delivery fail, so the outbox tries again.
 */
export function prizeFundsHandlers(runtime: CampaignsRuntime): OutboxHandlerRegistration[] {
  const { storage, clock } = runtime.ports;
  return (["succeeded", "failed"] as const).map((decision) => ({
    type: PAYMENT_EVENT_TYPES[decision],
    name: `campaigns.prize-freeze-${decision}`,
    async handler(event) {
      const payload = event.payload as unknown as PaymentEventPayload;
      if (event.aggregate.type !== "prize" || payload.kind !== "freeze") return;
      for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
        const prize = await storage.prizes.get(event.tenantId, event.aggregate.id);
        if (!prize) throw new Error(`prize ${event.aggregate.id} is not stored yet`);
        if (prize.funds === null || prize.funds.status !== "pending") return;
        const funds =
          decision === "succeeded"
            ? { ...prize.funds, status: "frozen" as const, holdId: payload.paymentId }
            : { ...prize.funds, status: "failed" as const };
        const updated = { ...prize, funds, version: prize.version + 1, updatedAt: isoNow(clock) };
        if (await storage.prizes.update(updated, prize.version)) return;
      }
      throw new Error(`prize ${event.aggregate.id} kept changing`);
    },
  }));
}
