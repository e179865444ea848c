import type { AuditFieldChange } from "../../kernel/audit/audit-entry.js";
import { notFound } from "../../kernel/errors.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { Tracking } from "../../ports/courier.js";
import type { Order, Shipment } from "../order.js";
import {
  type OrderChange,
  type OrderEvent,
  orderAccessTarget,
  visibleTo,
} from "../order-change.js";
import { assertOrderAllows } from "../order-states.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import { SELF_DELIVERY } from "./shipment-input.js";
import type { ParcelTracking, TrackingRefresh } from "./shipment-service-types.js";

/** When the courier reported the parcel signed for, or `null`. */
function signedAt(tracking: Tracking | null): string | null {
  return tracking?.events.find((event) => event.status === "signed")?.at ?? null;
}

/** Parcels the courier can track: every shipment but the merchant's own deliveries. */
function trackable(shipment: Shipment): boolean {
  return shipment.courier !== SELF_DELIVERY && shipment.trackingNumber !== "";
}

/**
 * Asks the courier port (outside any transaction) for each shipment's
 * tracking, then records the parcels it reports signed in one order change
 * (`mark_signed`). The order's state never changes here.
 */
export async function refreshTracking(
  runtime: OrdersRuntime,
  ctx: TenantContext,
  orderId: string,
): Promise<TrackingRefresh> {
  const { ports } = runtime;
  const read = await ports.storage.orders.get(ctx.tenantId, orderId);
  if (!read || !visibleTo(ctx, read)) throw notFound("order", orderId, "orderId");
  requireCapability(ctx, "orders.ship", orderAccessTarget(read));
  assertOrderAllows(read, "mark_signed");
  const parcels: ParcelTracking[] = [];
  for (const shipment of read.shipments) {
    const tracking = trackable(shipment)
      ? await ports.courier.track(ctx.tenantId, shipment.courier, shipment.trackingNumber)
      : null;
    parcels.push({
      shipmentId: shipment.id,
      courier: shipment.courier,
      trackingNumber: shipment.trackingNumber,
      tracking,
    });
  }
  const signed = new Map(
    parcels.flatMap((parcel) => {
      const at = signedAt(parcel.tracking);
      return at === null ? [] : [[parcel.shipmentId, at] as const];
    }),
  );
  const { order } = await runtime.changeOrder(ctx, orderId, (current) => {
    requireCapability(ctx, "orders.ship", orderAccessTarget(current));
    assertOrderAllows(current, "mark_signed");
    return markSigned(current, signed);
  });
  return { order, parcels };
}

/** The change recording newly signed parcels, or `null` when none is new. */
function markSigned(order: Order, signed: ReadonlyMap<string, string>): OrderChange | null {
  const events: OrderEvent[] = [];
  const shipments = order.shipments.map((shipment) => {
    const at = signed.get(shipment.id);
    if (shipment.signedAt !== null || at === undefined) return shipment;
    events.push({
      type: "order.parcel_signed",
      payload: { shipmentId: shipment.id, signedAt: at },
    });
    return { ...shipment, signedAt: at };
  });
  if (events.length === 0) return null;
  const tracked = shipments.filter(trackable);
  const allSigned =
    order.logisticsState === "shipped" && tracked.every((shipment) => shipment.signedAt !== null);
  const logisticsState = allSigned ? "signed" : order.logisticsState;
  const changes: Record<string, AuditFieldChange> = {
    signedShipments: {
      after: events.map((event) => (event.payload as { shipmentId: string }).shipmentId),
    },
  };
  if (logisticsState !== order.logisticsState) {
    changes.logisticsState = { before: order.logisticsState, after: logisticsState };
    events.push({
      type: "order.signed",
      payload: { signedAt: [...signed.values()].sort().at(-1) ?? null },
    });
  }
  return {
    next: { ...order, shipments, logisticsState },
    action: "orders.order.tracking_updated",
    changes,
    events,
  };
}
