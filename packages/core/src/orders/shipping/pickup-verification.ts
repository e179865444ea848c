import { isoNow } from "../../kernel/clock.js";
import { notFound, OneCodeError } from "../../kernel/errors.js";
import {
  requireCapability,
  requireCapabilityAnywhere,
} from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { Order } from "../order.js";
import { type OrderChange, orderAccessTarget } from "../order-change.js";
import { assertOrderAllows } from "../order-states.js";
import { commitOrderStock, committedStock } from "../order-stock.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import { checkPickupVerification } from "./shipment-input.js";

/**
 * Hands a pickup or in-store order over by its verification code (到店核销):
 * `to_ship → completed`, logistics `signed`, stock committed. The order
 * changer's compare-and-set makes the code redeemable once: every other
 * concurrent call re-reads the verified order and is refused with
 * `ALREADY_VERIFIED`.
 */
export async function verifyPickup(
  runtime: OrdersRuntime,
  ctx: TenantContext,
  rawCode: string,
): Promise<Order> {
  requireCapabilityAnywhere(ctx, "orders.verify");
  const code = checkPickupVerification({ code: rawCode });
  const found = await runtime.ports.storage.orders.getByVerificationCode(ctx.tenantId, code);
  if (!found) throw notFound("order verification code", code, "code");
  const { order } = await runtime.changeOrder(ctx, found.id, (current): OrderChange => {
    requireCapability(ctx, "orders.verify", orderAccessTarget(current));
    const verification = current.verification;
    if (verification?.code !== code) throw notFound("order verification code", code, "code");
    if (verification.verifiedAt !== null) {
      throw new OneCodeError(
        "ALREADY_VERIFIED",
        `order ${current.id} was already verified at ${verification.verifiedAt} by ${verification.verifiedBy}`,
        {
          orderId: current.id,
          verifiedAt: verification.verifiedAt,
          verifiedBy: verification.verifiedBy,
        },
      );
    }
    assertOrderAllows(current, "verify");
    if (current.cancellationRequest !== null) {
      throw new OneCodeError(
        "INVALID_STATE_TRANSITION",
        `order ${current.id} has an open cancellation request; decide it before handing it over`,
        {
          id: current.id,
          from: current.state,
          to: "verify",
          required: "no open cancellation request",
        },
      );
    }
    const now = isoNow(runtime.ports.clock);
    const stock = committedStock(current.stock);
    const next: Order = {
      ...current,
      state: "completed",
      logisticsState: "signed",
      completedAt: now,
      stock,
      verification: { code, verifiedAt: now, verifiedBy: ctx.actor.id },
    };
    return {
      next,
      action: "orders.order.verified",
      changes: {
        state: { before: current.state, after: "completed" },
        logisticsState: { before: current.logisticsState, after: "signed" },
        verifiedBy: { after: ctx.actor.id },
        ...(stock !== current.stock && { stock: { before: current.stock, after: stock } }),
      },
      events: [
        { type: "order.verified", payload: { verifiedAt: now, verifiedBy: ctx.actor.id } },
        { type: "order.completed", payload: { via: "verification" } },
      ],
      async alsoInTransaction(tx) {
        if (stock !== current.stock) await commitOrderStock(tx, current, now);
      },
    };
  });
  return order;
}
