import { orderLineRecord, orderRecord } from "../../../testing/order-fixtures.js";
import { skuRecord } from "../../../testing/storage/sku-tests.js";
import { createOneCode } from "../../create-one-code.js";
import { ManualClock } from "../../kernel/clock.js";
import type { OutboxEvent } from "../../kernel/outbox/outbox-event.js";
import { tenantContext } from "../../kernel/tenant.js";
import { recordingCourier } from "../../memory/recording-courier.js";
import type { Storage } from "../../ports/storage.js";
import type { Order } from "../order.js";

export const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
export const inspector = tenantContext("acme", { id: "ivan", kind: "staff", roles: ["inspector"] });
export const buyer = tenantContext("acme", { id: "customer-1", kind: "consumer" });
export const otherBuyer = tenantContext("acme", { id: "customer-2", kind: "consumer" });
/** A clerk who may ship and verify the orders of store-7 only. */
export const store7Clerk = tenantContext("acme", {
  id: "carol",
  kind: "staff",
  grants: [
    { capability: "orders.verify", scope: { stores: ["store-7"] } },
    { capability: "orders.ship", scope: { stores: ["store-7"] } },
  ],
});

export const START = "2026-05-01T00:00:00.000Z";
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Two lines: l1 with 2 units of 500 g, l2 with 3 units of 200 g. */
export const TWO_LINES = [
  orderLineRecord({ lineId: "l1", quantity: 2, weightGrams: 500, skuId: "sku_a" }),
  orderLineRecord({ lineId: "l2", quantity: 3, weightGrams: 200, skuId: "sku_b" }),
];

/** A OneCode on a manual clock and a recording courier, with helpers to seed orders and read events. */
export function shippingSetup(options: { readonly storage?: Storage } = {}) {
  const clock = new ManualClock(START);
  const courier = recordingCourier();
  const onecode = createOneCode({ clock, courier, ...options });
  const events: OutboxEvent[] = [];
  for (const type of [
    "order.shipped",
    "order.completed",
    "order.verified",
    "order.parcel_signed",
    "order.signed",
  ]) {
    onecode.outbox.on(type, "test.collect", async (event) => {
      events.push(event);
    });
  }
  const storage = onecode.ports.storage;
  let orders = 0;

  /** Inserts a paid (`to_ship`) order; overrides win. */
  async function paidOrder(overrides: Partial<Order> = {}): Promise<Order> {
    orders++;
    const order = orderRecord("acme", {
      number: `20260501${String(orders).padStart(10, "0")}`,
      state: "to_ship",
      paidAt: "2026-05-01T00:00:00.000Z",
      chargeId: "chg_1",
      lines: TWO_LINES,
      ...overrides,
    });
    const inserted = await storage.orders.insert(order);
    if (inserted.outcome !== "inserted") throw new Error(`fixture order: ${inserted.outcome}`);
    return order;
  }

  /** A pickup order of `storeId` with the verification code `code`. */
  function pickupOrder(code: string, storeId = "store-7", overrides: Partial<Order> = {}) {
    const base = orderRecord("acme");
    return paidOrder({
      delivery: { ...base.delivery, method: "self_pickup", storeId },
      verification: { code, verifiedAt: null, verifiedBy: null },
      ...overrides,
    });
  }

  /** Holds `quantity` units of a fresh SKU under the reservation `reservationId`. */
  async function holdStock(reservationId: string, quantity = 2) {
    const sku = skuRecord("acme", { stock: 10 });
    await storage.skus.insert(sku);
    await storage.skus.reserve("acme", reservationId, [{ skuId: sku.id, quantity }], START);
    return sku;
  }

  /** The events recorded so far (dispatches the outbox first). */
  async function recordedEvents(type?: string): Promise<OutboxEvent[]> {
    while ((await onecode.outbox.dispatch()).delivered > 0) {
      // deliver everything pending
    }
    return type === undefined ? events : events.filter((event) => event.type === type);
  }

  async function auditActions(orderId: string): Promise<string[]> {
    const log = await onecode.audit.list(admin, { targetType: "order", targetId: orderId });
    return log.items.map((entry) => entry.action).reverse();
  }

  return {
    onecode,
    clock,
    courier,
    storage,
    paidOrder,
    pickupOrder,
    holdStock,
    recordedEvents,
    auditActions,
  };
}

/** The refusal of a call that must fail. */
export async function refusal(
  run: Promise<unknown>,
): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await run;
  } catch (error) {
    return error as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error("expected a refusal");
}

/** `field/rule` of each issue of a `VALIDATION_FAILED` refusal. */
export async function issuesOfRefusal(run: Promise<unknown>): Promise<string[]> {
  const error = await refusal(run);
  if (error.code !== "VALIDATION_FAILED")
    throw new Error(`expected VALIDATION_FAILED, got ${error.code}`);
  return (error.details.issues as { field: string; rule: string }[]).map(
    (issue) => `${issue.field}/${issue.rule}`,
  );
}
