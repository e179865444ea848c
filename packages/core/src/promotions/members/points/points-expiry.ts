import { SYSTEM_ACTOR } from "../../../kernel/tenant.js";
import type { PromotionsRuntime } from "../../promotions-runtime.js";
import { memberSettingsOf } from "../member-settings.js";
import { POINTS_EXPIRY_TIMER, recordPoints } from "./points-ledger.js";

/** Customers read per page while expiring. */
const PAGE = 200;

/**
 * Expires the points a tenant's customers were credited in `year` and still
 * hold, at the end of the next year (the timer fires at local midnight of
 * 1 January of `year + 2`). Spending takes the oldest points first, so what
 * is left of `year` is the balance less everything credited after it.
 * Idempotent: each customer's expiry of a year has one ledger key.
 */
export async function expirePoints(
  runtime: PromotionsRuntime,
  tenantId: string,
  year: number,
): Promise<number> {
  const { storage } = runtime.ports;
  const settings = await memberSettingsOf(storage, tenantId);
  if (!settings.expiryEnabled) return 0;
  let expired = 0;
  let afterId: string | null = null;
  for (;;) {
    const page = await storage.memberCustomers.list(
      tenantId,
      { withPoints: true },
      { afterId, limit: PAGE },
    );
    for (const holder of page) {
      expired += await storage.transaction(async (tx) => {
        // A concurrent redemption may lower the balance between the reads and
        // the write: the ledger then refuses, and the amount is worked out again.
        for (;;) {
          const customer = await tx.memberCustomers.get(tenantId, holder.id);
          if (!customer) return 0;
          const later = await tx.pointsLedger.creditedAfter(tenantId, customer.id, year);
          const amount = Math.max(0, customer.pointsBalance - later);
          if (amount === 0) return 0;
          const recorded = await recordPoints(
            tx,
            runtime,
            {
              tenantId,
              customerId: customer.id,
              kind: "expire",
              delta: -amount,
              key: `expire:${customer.id}:${year}`,
              note: `points credited in ${year} expired`,
              actor: SYSTEM_ACTOR,
            },
            null,
          );
          if (recorded.outcome !== "insufficient") {
            return recorded.outcome === "recorded" ? amount : 0;
          }
        }
      });
    }
    const last = page[page.length - 1];
    if (page.length < PAGE || !last) return expired;
    afterId = last.id;
  }
}

/** Registers the expiry timer's handler. */
export function registerPointsExpiry(runtime: PromotionsRuntime): void {
  runtime.timers.register(POINTS_EXPIRY_TIMER, async (timer, ctx) => {
    await expirePoints(runtime, ctx.tenantId, Number(timer.key));
  });
}
