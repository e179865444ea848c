import { isoNow } from "../kernel/clock.js";
import type { OutboxHandlerRegistration } from "../kernel/outbox/outbox-handlers.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import { RED_PACKET_RETURN_TIMER } from "./draw-engine.js";
import { PRIZE_EXPIRED_EVENT, prizePayoutHandlers } from "./prize-payout.js";

/**
 * Registers the campaigns' timers and returns their outbox handlers.
 *
 * `campaigns.red_packet_return` (key: the draw id) fires 24 hours after a
 * cash red packet was won: if it is still unclaimed it expires, and
 * `campaigns.prize_expired` is recorded in the same transaction so its
 * handler returns the money to the brand. A claimed packet is left alone.
 */
export function campaignHandlers(runtime: CampaignsRuntime): OutboxHandlerRegistration[] {
  const { storage, clock } = runtime.ports;
  runtime.timers.register(RED_PACKET_RETURN_TIMER, async (timer, ctx) => {
    await storage.transaction(async (tx) => {
      if (!(await tx.draws.expire(ctx.tenantId, timer.key, isoNow(clock)))) return;
      await runtime.recordEvents(tx, ctx, [
        {
          type: PRIZE_EXPIRED_EVENT,
          aggregate: { type: "draw", id: timer.key },
          payload: { drawId: timer.key },
        },
      ]);
    });
  });
  return prizePayoutHandlers(runtime);
}
