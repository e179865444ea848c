import { describe, expect, it } from "vitest";
import { memoryStorage } from "../../memory/memory-storage.js";
import type { PostalAddress } from "../../ports/courier.js";
import type { Storage } from "../../ports/storage.js";
import { admin, inspector, issuesOfRefusal, refusal, shippingSetup } from "./shipping-test-kit.js";

const SENDER: PostalAddress = {
  name: "Acme Tea warehouse",
  phone: "057188880000",
  regionCode: "CN-ZJ",
  line: "8 Tea Road, Hangzhou",
};

async function saveSender(storage: Storage, sender: PostalAddress | null = SENDER) {
  await storage.orderSettings.save({
    tenantId: "acme",
    closeUnpaidAfterMinutes: 30,
    completeShippedAfterDays: 15,
    sender,
    freightTemplateId: null,
    alertRecipients: [],
    updatedAt: "2026-05-01T00:00:00.000Z",
  });
}

/** Memory storage whose next `failures` order writes fail outside any business rule (a lost connection). */
function failingOrderWrites(failures: number): Storage {
  const storage = memoryStorage();
  let left = failures;
  const wrap = <T extends object>(repositories: T): T =>
    new Proxy(repositories, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property === "orders") {
          return new Proxy(value as object, {
            get(orders, method, r) {
              const fn = Reflect.get(orders, method, r);
              if (method === "update" && left > 0) {
                return async () => {
                  left--;
                  throw new Error("connection lost");
                };
              }
              return typeof fn === "function" ? fn.bind(orders) : fn;
            },
          });
        }
        if (property === "transaction") {
          return (work: (tx: unknown) => Promise<unknown>) =>
            (value as Storage["transaction"]).call(target, (tx) => work(wrap(tx)));
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return wrap(storage);
}

describe("shipments.createWaybill (电子面单)", () => {
  it("needs the tenant's sender, and calls no courier until it is configured", async () => {
    const { onecode, courier, paidOrder } = shippingSetup();
    const order = await paidOrder();
    expect(
      await refusal(onecode.shipments.createWaybill(admin, order.id, { courier: "SF" })),
    ).toMatchObject({
      code: "SENDER_NOT_CONFIGURED",
      details: { setting: "sender" },
    });
    expect(courier.requests).toHaveLength(0);
  });

  it("requests the waybill with the sender, recipient and weight, then ships with its tracking number", async () => {
    const { onecode, courier, paidOrder, storage, recordedEvents } = shippingSetup();
    await saveSender(storage);
    const order = await paidOrder();
    const { order: shipped, shipment } = await onecode.shipments.createWaybill(admin, order.id, {
      courier: "SF",
    });
    expect(courier.requests).toEqual([
      {
        tenantId: "acme",
        idempotencyKey: `${order.id}:1`,
        courier: "SF",
        sender: SENDER,
        recipient: order.delivery.address,
        weightGrams: 2 * 500 + 3 * 200,
        reference: `order ${order.number}`,
      },
    ]);
    expect(shipment).toMatchObject({ courier: "SF", trackingNumber: "SF0000000001" });
    expect(shipped.state).toBe("shipped");
    expect((await recordedEvents("order.shipped"))[0]?.payload).toMatchObject({
      trackingNumber: "SF0000000001",
      complete: true,
    });
  });

  it("numbers the parcels of a split order: one waybill per parcel, weighed by its own units", async () => {
    const { onecode, courier, paidOrder, storage } = shippingSetup();
    await saveSender(storage);
    const order = await paidOrder();
    await onecode.shipments.createWaybill(admin, order.id, {
      courier: "SF",
      items: [{ lineId: "l1", quantity: 1 }],
    });
    const { order: after } = await onecode.shipments.createWaybill(admin, order.id, {
      courier: "SF",
    });
    expect(
      courier.requests.map((request) => [request.idempotencyKey, request.weightGrams]),
    ).toEqual([
      [`${order.id}:1`, 500],
      [`${order.id}:2`, 500 + 600],
    ]);
    expect(after.shipments.map((shipment) => shipment.items)).toEqual([
      [{ lineId: "l1", quantity: 1 }],
      [
        { lineId: "l1", quantity: 1 },
        { lineId: "l2", quantity: 3 },
      ],
    ]);
  });

  it("gets the same waybill when a call is retried after the shipment failed to save", async () => {
    const { onecode, courier, paidOrder, storage } = shippingSetup({
      storage: failingOrderWrites(1),
    });
    await saveSender(storage);
    const order = await paidOrder();
    await expect(
      onecode.shipments.createWaybill(admin, order.id, { courier: "SF" }),
    ).rejects.toThrow("connection lost");
    expect((await storage.orders.get("acme", order.id))?.shipments).toEqual([]);
    const { shipment } = await onecode.shipments.createWaybill(admin, order.id, { courier: "SF" });
    expect(courier.requests).toHaveLength(1);
    expect(shipment.trackingNumber).toBe("SF0000000001");
  });

  it("refuses before calling the courier: self delivery, bad items, a closed order, no orders.ship", async () => {
    const { onecode, courier, paidOrder, storage } = shippingSetup();
    await saveSender(storage);
    const order = await paidOrder();
    expect(
      await issuesOfRefusal(
        onecode.shipments.createWaybill(admin, order.id, {
          courier: "self",
          items: [{ lineId: "l1", quantity: -1 }],
        }),
      ),
    ).toEqual(["courier/waybill_courier", "items.0.quantity/positive_integer"]);
    expect(
      await issuesOfRefusal(
        onecode.shipments.createWaybill(admin, order.id, {
          courier: "SF",
          items: [{ lineId: "l2", quantity: 9 }],
        }),
      ),
    ).toEqual(["items.0.quantity/quantity_left"]);
    const closed = await paidOrder({ state: "closed" });
    expect(
      (await refusal(onecode.shipments.createWaybill(admin, closed.id, { courier: "SF" }))).code,
    ).toBe("INVALID_STATE_TRANSITION");
    expect(
      (await refusal(onecode.shipments.createWaybill(inspector, order.id, { courier: "SF" }))).code,
    ).toBe("FORBIDDEN");
    expect(courier.requests).toHaveLength(0);
  });
});
