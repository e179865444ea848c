import type { AuditChanges, AuditFieldChange } from "../../kernel/audit/audit-entry.js";
import { OneCodeError } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { Order, OrderLine, Shipment } from "../order.js";
import { orderAccessTarget } from "../order-change.js";
import { assertOrderAllows } from "../order-states.js";
import { committedStock } from "../order-stock.js";
import { type CheckedShipInput, SELF_DELIVERY } from "./shipment-input.js";
import type { ShipmentItem } from "./shipment-service-types.js";

/** Everything about one shipment that does not come from the order. */
export interface ShipmentDraft {
  readonly input: CheckedShipInput;
  /** Id of the new shipment (ids port). */
  readonly shipmentId: string;
  readonly waybillLabel: string | null;
  /** ISO time of the change. */
  readonly now: string;
}

/** A planned shipment: the order after it, and what the change says. */
export interface ShipmentPlan {
  readonly next: Order;
  readonly shipment: Shipment;
  /** True when the last unit left (`to_ship → shipped`). */
  readonly complete: boolean;
  /** True when the order's stock becomes `committed` now (its first shipment). */
  readonly commitsStock: boolean;
  readonly changes: AuditChanges;
}

/**
 * Refuses an order that may not be shipped at all: without `orders.ship`
 * on it, not `to_ship`, with an open cancellation request, or delivered
 * another way than by courier.
 */
export function assertShippable(ctx: TenantContext, order: Order, courier: string): void {
  requireCapability(ctx, "orders.ship", orderAccessTarget(order));
  assertOrderAllows(order, "ship");
  if (order.cancellationRequest !== null) {
    throw new OneCodeError(
      "INVALID_STATE_TRANSITION",
      `order ${order.id} has an open cancellation request; decide it before shipping`,
      { id: order.id, from: order.state, to: "ship", required: "no open cancellation request" },
    );
  }
  const method = order.delivery.method;
  if (method === "in_store") {
    throw new OneCodeError(
      "VALIDATION_FAILED",
      `order ${order.id} is handed over in store: verify its code instead of shipping it`,
      {
        issues: [
          {
            field: "courier",
            rule: "delivery_method",
            message: "an in_store order is verified in store, not shipped",
          },
        ],
      },
    );
  }
  if (method === "self_pickup" && courier !== SELF_DELIVERY) {
    throw new OneCodeError(
      "VALIDATION_FAILED",
      `order ${order.id} is picked up by the buyer; only the merchant's own delivery (courier "self") may ship it`,
      {
        issues: [
          {
            field: "courier",
            rule: "delivery_method",
            message: 'a self_pickup order ships only with courier "self" (商家自送)',
          },
        ],
      },
    );
  }
}

/** Units of a line not shipped yet. */
export function unitsLeft(line: Pick<OrderLine, "quantity" | "shippedQuantity">): number {
  return line.quantity - line.shippedQuantity;
}

/**
 * The items a shipment carries: those asked for, each checked against the
 * line's units left (`VALIDATION_FAILED` naming `items.<i>.lineId` or
 * `items.<i>.quantity`), or every unit left when none were named.
 */
export function resolveItems(
  order: Order,
  items: readonly ShipmentItem[] | null,
): readonly ShipmentItem[] {
  if (items === null) {
    return order.lines
      .filter((line) => unitsLeft(line) > 0)
      .map((line) => ({ lineId: line.lineId, quantity: unitsLeft(line) }));
  }
  const check = new InputCheck();
  const asked = new Map<string, number>();
  items.forEach((item, index) => {
    const field = `items.${index}`;
    const line = order.lines.find((candidate) => candidate.lineId === item.lineId);
    if (!line) {
      check.fail(
        `${field}.lineId`,
        "unknown_line",
        `${field}.lineId: order ${order.id} has no line ${item.lineId}`,
      );
      return;
    }
    if (asked.has(item.lineId)) {
      check.fail(
        `${field}.lineId`,
        "duplicate_line",
        `${field}.lineId: line ${item.lineId} is listed twice`,
      );
      return;
    }
    asked.set(item.lineId, item.quantity);
    const left = unitsLeft(line);
    if (item.quantity > left) {
      check.fail(
        `${field}.quantity`,
        "quantity_left",
        `${field}.quantity: line ${item.lineId} has ${left} unit(s) left to ship, not ${item.quantity}`,
      );
    }
  });
  check.done();
  return items;
}

/**
 * Plans a shipment of `order` (already checked with {@link assertShippable}):
 * the new shipment, each line's shipped units, the logistics state, and
 * `to_ship → shipped` with `shippedAt` once every unit left. Pure: the
 * caller writes it.
 */
export function planShipment(ctx: TenantContext, order: Order, draft: ShipmentDraft): ShipmentPlan {
  const items = resolveItems(order, draft.input.items);
  if (items.length === 0) {
    throw new OneCodeError(
      "INVALID_STATE_TRANSITION",
      `order ${order.id} has no units left to ship`,
      { id: order.id, from: order.state, to: "ship", required: "units left to ship" },
    );
  }
  const shipping = new Map(items.map((item) => [item.lineId, item.quantity]));
  const lines = order.lines.map((line) => {
    const quantity = shipping.get(line.lineId) ?? 0;
    return quantity === 0 ? line : { ...line, shippedQuantity: line.shippedQuantity + quantity };
  });
  const complete = lines.every((line) => unitsLeft(line) === 0);
  const shipment: Shipment = {
    id: draft.shipmentId,
    items: items.map((item) => ({ lineId: item.lineId, quantity: item.quantity })),
    courier: draft.input.courier,
    trackingNumber: draft.input.trackingNumber,
    waybillLabel: draft.waybillLabel,
    shippedAt: draft.now,
    shippedBy: ctx.actor.id,
    signedAt: null,
  };
  const next: Order = {
    ...order,
    lines,
    shipments: [...order.shipments, shipment],
    logisticsState: complete ? "shipped" : "partly_shipped",
    state: complete ? "shipped" : order.state,
    shippedAt: complete ? draft.now : order.shippedAt,
    stock: committedStock(order.stock),
  };
  const changes: Record<string, AuditFieldChange> = {
    shipment: {
      after: {
        id: shipment.id,
        courier: shipment.courier,
        trackingNumber: shipment.trackingNumber,
        items: shipment.items.map((item) => ({ lineId: item.lineId, quantity: item.quantity })),
      },
    },
  };
  if (next.logisticsState !== order.logisticsState) {
    changes.logisticsState = { before: order.logisticsState, after: next.logisticsState };
  }
  if (next.state !== order.state) changes.state = { before: order.state, after: next.state };
  if (next.stock !== order.stock) changes.stock = { before: order.stock, after: next.stock };
  return { next, shipment, complete, commitsStock: next.stock !== order.stock, changes };
}
