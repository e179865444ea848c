import { isoNow } from "../../kernel/clock.js";
import { type TenantContext, tenantContext } from "../../kernel/tenant.js";
import type { Order } from "../order.js";
import { commitOrderStock } from "../order-stock.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import { COMPLETE_SHIPPED_TIMER } from "./order-completion.js";
import type { CheckedShipInput } from "./shipment-input.js";
import { assertShippable, planShipment } from "./shipment-plan.js";
import type { ShipOutcome } from "./shipment-service-types.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Options of {@link shipOrder}. */
export interface ShipOrderOptions {
  /** The e-waybill label, when the tracking number came from the courier port. */
  readonly waybillLabel?: string | null;
  /** Runs first on the order as read in the transaction; throws to refuse (bulk shipping's own rules). */
  readonly guard?: (order: Order) => void;
}

/**
 * Ships an order in one order change: checks it may ship, adds the
 * shipment, commits its stock on the first one, and once the last unit
 * left schedules the automatic completion in the same transaction.
 */
export async function shipOrder(
  runtime: OrdersRuntime,
  ctx: TenantContext,
  orderId: string,
  input: CheckedShipInput,
  options: ShipOrderOptions = {},
): Promise<ShipOutcome> {
  const { ports } = runtime;
  const settings = await runtime.settingsOf(ctx.tenantId);
  const shipmentId = ports.ids.newId("shp");
  const system = tenantContext(ctx.tenantId);
  const { order } = await runtime.changeOrder(ctx, orderId, (current) => {
    options.guard?.(current);
    assertShippable(ctx, current, input.courier);
    const now = isoNow(ports.clock);
    const plan = planShipment(ctx, current, {
      input,
      shipmentId,
      waybillLabel: options.waybillLabel ?? null,
      now,
    });
    return {
      next: plan.next,
      action: "orders.order.shipped",
      changes: plan.changes,
      events: [
        {
          type: "order.shipped",
          payload: {
            shipmentId,
            courier: plan.shipment.courier,
            trackingNumber: plan.shipment.trackingNumber,
            complete: plan.complete,
          },
        },
      ],
      async alsoInTransaction(tx, next) {
        if (plan.commitsStock) await commitOrderStock(tx, next, now);
        if (plan.complete) {
          await runtime.timers.schedule(
            system,
            {
              kind: COMPLETE_SHIPPED_TIMER,
              key: next.id,
              afterMs: settings.completeShippedAfterDays * DAY_MS,
            },
            { tx },
          );
        }
      },
    };
  });
  const shipment = order.shipments.find((candidate) => candidate.id === shipmentId);
  if (!shipment) throw new Error(`shipment ${shipmentId} is missing from order ${order.id}`);
  return { order, shipment };
}
