import { notFound, OneCodeError } from "../../kernel/errors.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { visibleTo } from "../order-change.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import { shipOrder } from "./order-shipping.js";
import { checkWaybillRequest } from "./shipment-input.js";
import { assertShippable, resolveItems } from "./shipment-plan.js";
import type { ShipOutcome, WaybillInput } from "./shipment-service-types.js";

/**
 * Requests an e-waybill for the next parcel of an order and ships it. The
 * order is checked before the courier is called (so a refused shipment
 * never creates a waybill); the courier call runs outside any transaction
 * with the key `<orderId>:<n>`, so a retry after a failure gets the same
 * waybill; the shipment itself is then checked again on the order as it
 * stands.
 */
export async function createWaybill(
  runtime: OrdersRuntime,
  ctx: TenantContext,
  orderId: string,
  input: WaybillInput,
): Promise<ShipOutcome> {
  const { courier, items } = checkWaybillRequest(input);

  const { ports } = runtime;
  const order = await ports.storage.orders.get(ctx.tenantId, orderId);
  if (!order || !visibleTo(ctx, order)) throw notFound("order", orderId, "orderId");
  assertShippable(ctx, order, courier);
  const shipped = resolveItems(order, items);
  const sender = (await runtime.settingsOf(ctx.tenantId)).sender;
  if (sender === null) {
    throw new OneCodeError(
      "SENDER_NOT_CONFIGURED",
      "e-waybills need the sender address: save it once in the order settings (sender)",
      { setting: "sender" },
    );
  }
  const units = new Map(order.lines.map((line) => [line.lineId, line.weightGrams]));
  const weightGrams = shipped.reduce(
    (sum, item) => sum + item.quantity * (units.get(item.lineId) ?? 0),
    0,
  );
  const waybill = await ports.courier.createWaybill({
    tenantId: ctx.tenantId,
    idempotencyKey: `${order.id}:${order.shipments.length + 1}`,
    courier,
    sender,
    recipient: order.delivery.address,
    weightGrams,
    reference: `order ${order.number}`,
  });
  return shipOrder(
    runtime,
    ctx,
    order.id,
    // The parcel's contents are fixed by the waybill: ship exactly those units.
    { courier: waybill.courier, trackingNumber: waybill.trackingNumber, items: shipped },
    { waybillLabel: waybill.label ?? null },
  );
}
