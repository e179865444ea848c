import type { OrdersRuntime } from "../orders-runtime.js";
import { shipFromCsv } from "./bulk-shipping.js";
import {
  COMPLETE_SHIPPED_TIMER,
  completeShippedHandler,
  confirmReceipt,
} from "./order-completion.js";
import { shipOrder } from "./order-shipping.js";
import { verifyPickup } from "./pickup-verification.js";
import { checkShipment } from "./shipment-input.js";
import type { ShipmentService } from "./shipment-service-types.js";
import { refreshTracking } from "./tracking-refresh.js";
import { createWaybill } from "./waybills.js";

/**
 * Builds `onecode.shipments` over the orders runtime and registers the
 * handler of the automatic completion timer ({@link COMPLETE_SHIPPED_TIMER})
 * with the runtime's timers.
 */
export function shipmentService(runtime: OrdersRuntime): ShipmentService {
  runtime.timers.register(COMPLETE_SHIPPED_TIMER, completeShippedHandler(runtime));
  return {
    ship: async (ctx, orderId, input) => shipOrder(runtime, ctx, orderId, checkShipment(input)),
    createWaybill: (ctx, orderId, input) => createWaybill(runtime, ctx, orderId, input),
    shipFromCsv: (ctx, file) => shipFromCsv(runtime, ctx, file),
    verifyPickup: (ctx, code) => verifyPickup(runtime, ctx, code),
    confirmReceipt: (ctx, orderId) => confirmReceipt(runtime, ctx, orderId),
    refreshTracking: (ctx, orderId) => refreshTracking(runtime, ctx, orderId),
  };
}
