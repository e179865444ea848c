import { isoNow } from "../../kernel/clock.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import { type TenantContext, tenantContext } from "../../kernel/tenant.js";
import type { TimerHandler } from "../../kernel/timers/timers.js";
import type { Order } from "../order.js";
import { type OrderChange, orderAccessTarget } from "../order-change.js";
import { assertOrderAllows } from "../order-states.js";
import type { OrdersRuntime } from "../orders-runtime.js";

/**
 * The kernel timer kind that completes a shipped order by itself
 * `completeShippedAfterDays` after its last unit left; its key is the order id.
 */
export const COMPLETE_SHIPPED_TIMER = "orders.complete_shipped";

/** Who completed a shipped order, as `order.completed` events say (`via`). */
export type CompletionSource = "buyer" | "staff" | "timer" | "verification";

/** The change `shipped → completed`, logistics `signed`. */
export function completionChange(order: Order, via: CompletionSource, now: string): OrderChange {
  return {
    next: { ...order, state: "completed", logisticsState: "signed", completedAt: now },
    action: "orders.order.completed",
    changes: {
      state: { before: order.state, after: "completed" },
      ...(order.logisticsState !== "signed" && {
        logisticsState: { before: order.logisticsState, after: "signed" },
      }),
    },
    events: [{ type: "order.completed", payload: { via } }],
  };
}

/**
 * Confirms receipt of a shipped order: the buyer on their own order (the
 * order changer hides other buyers' orders) or staff with `orders.ship`.
 * Cancels the automatic completion in the same transaction.
 */
export async function confirmReceipt(
  runtime: OrdersRuntime,
  ctx: TenantContext,
  orderId: string,
): Promise<Order> {
  const system = tenantContext(ctx.tenantId);
  const { order } = await runtime.changeOrder(ctx, orderId, (current) => {
    if (ctx.actor.kind !== "consumer") {
      requireCapability(ctx, "orders.ship", orderAccessTarget(current));
    }
    assertOrderAllows(current, "complete");
    const via = ctx.actor.kind === "consumer" ? "buyer" : "staff";
    return {
      ...completionChange(current, via, isoNow(runtime.ports.clock)),
      async alsoInTransaction(tx) {
        await runtime.timers.cancel(system, COMPLETE_SHIPPED_TIMER, current.id, { tx });
      },
    };
  });
  return order;
}

/**
 * The handler of {@link COMPLETE_SHIPPED_TIMER}: completes the order with
 * the system actor when it is still `shipped`, and does nothing otherwise
 * (the buyer confirmed first, it was closed, or an earlier run completed
 * it before its runner died), so running it again is harmless.
 */
export function completeShippedHandler(runtime: OrdersRuntime): TimerHandler {
  return async (timer, ctx) => {
    try {
      await runtime.changeOrder(ctx, timer.key, (current) =>
        current.state === "shipped"
          ? completionChange(current, "timer", isoNow(runtime.ports.clock))
          : null,
      );
    } catch (error) {
      if (!isOneCodeError(error, "NOT_FOUND")) throw error;
    }
  };
}
