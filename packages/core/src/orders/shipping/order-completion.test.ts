import { describe, expect, it } from "vitest";
import { memoryStorage } from "../../memory/memory-storage.js";
import type { Storage } from "../../ports/storage.js";
import {
  admin,
  buyer,
  DAY_MS,
  inspector,
  otherBuyer,
  refusal,
  shippingSetup,
} from "./shipping-test-kit.js";

const SF = { courier: "SF", trackingNumber: "SF1234567890" };

/** Memory storage whose timer completions fail `times` times: a runner dying after the handler committed. */
function crashingTimerCompletions(times: number): Storage {
  const storage = memoryStorage();
  let left = times;
  const timers = new Proxy(storage.timers, {
    get(target, property, receiver) {
      if (property === "complete" && left > 0) {
        return async () => {
          left--;
          throw new Error("the runner died before recording the outcome");
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return new Proxy(storage, {
    get(target, property, receiver) {
      if (property === "timers") return timers;
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("shipments.confirmReceipt (确认收货)", () => {
  it("lets the buyer complete their shipped order and cancels the automatic completion", async () => {
    const { onecode, paidOrder, recordedEvents, auditActions, clock } = shippingSetup();
    const order = await paidOrder();
    await onecode.shipments.ship(admin, order.id, SF);
    clock.advance(DAY_MS);
    const completed = await onecode.shipments.confirmReceipt(buyer, order.id);
    expect(completed).toMatchObject({
      state: "completed",
      logisticsState: "signed",
      completedAt: "2026-05-02T00:00:00.000Z",
    });
    expect(await onecode.timers.get(admin, "orders.complete_shipped", order.id)).toBeNull();
    expect((await recordedEvents("order.completed")).map((event) => event.payload)).toEqual([
      { via: "buyer" },
    ]);
    expect(await auditActions(order.id)).toEqual([
      "orders.order.shipped",
      "orders.order.completed",
    ]);
    const [entry] = (await onecode.audit.list(admin, { action: "orders.order.completed" })).items;
    expect(entry?.actor).toEqual({ kind: "consumer", id: "customer-1" });
  });

  it("refuses other buyers (as missing), staff without orders.ship, and orders that are not shipped", async () => {
    const { onecode, paidOrder, recordedEvents } = shippingSetup();
    const order = await paidOrder();
    expect(await refusal(onecode.shipments.confirmReceipt(buyer, order.id))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { from: "to_ship", to: "complete", required: "shipped" },
    });
    await onecode.shipments.ship(admin, order.id, SF);
    expect((await refusal(onecode.shipments.confirmReceipt(otherBuyer, order.id))).code).toBe(
      "NOT_FOUND",
    );
    expect((await refusal(onecode.shipments.confirmReceipt(inspector, order.id))).code).toBe(
      "FORBIDDEN",
    );
    expect((await onecode.shipments.confirmReceipt(admin, order.id)).state).toBe("completed");
    expect((await refusal(onecode.shipments.confirmReceipt(buyer, order.id))).code).toBe(
      "INVALID_STATE_TRANSITION",
    );
    expect((await recordedEvents("order.completed")).map((event) => event.payload)).toEqual([
      { via: "staff" },
    ]);
  });
});

describe("the orders.complete_shipped timer", () => {
  it("completes a shipped order completeShippedAfterDays after its last unit left, as the system", async () => {
    const { onecode, paidOrder, clock, storage, recordedEvents } = shippingSetup();
    const order = await paidOrder();
    await onecode.shipments.ship(admin, order.id, SF);
    clock.advance(15 * DAY_MS - 1);
    expect((await onecode.timers.runDue()).claimed).toBe(0);
    clock.advance(1);
    expect(await onecode.timers.runDue()).toMatchObject({ claimed: 1, completed: 1 });
    const completed = await storage.orders.get("acme", order.id);
    expect(completed).toMatchObject({
      state: "completed",
      logisticsState: "signed",
      completedAt: "2026-05-16T00:00:00.000Z",
    });
    expect((await recordedEvents("order.completed")).map((event) => event.payload)).toEqual([
      { via: "timer" },
    ]);
    const [entry] = (await onecode.audit.list(admin, { action: "orders.order.completed" })).items;
    expect(entry?.actor).toEqual({ kind: "system", id: "system" });
  });

  it("does nothing when it runs again, or after the buyer confirmed first (idempotent)", async () => {
    const { onecode, paidOrder, clock, storage, auditActions } = shippingSetup();
    const order = await paidOrder();
    await onecode.shipments.ship(admin, order.id, SF);
    clock.advance(15 * DAY_MS);
    await onecode.timers.runDue();
    const completed = await storage.orders.get("acme", order.id);

    // Run it twice more: the order has moved on, so nothing changes.
    for (let run = 0; run < 2; run++) {
      await onecode.timers.schedule(admin, {
        kind: "orders.complete_shipped",
        key: order.id,
        afterMs: 0,
      });
      expect(await onecode.timers.runDue()).toMatchObject({ claimed: 1, completed: 1 });
    }
    expect(await storage.orders.get("acme", order.id)).toEqual(completed);
    expect(await auditActions(order.id)).toEqual([
      "orders.order.shipped",
      "orders.order.completed",
    ]);

    const confirmed = await paidOrder();
    await onecode.shipments.ship(admin, confirmed.id, SF);
    const byBuyer = await onecode.shipments.confirmReceipt(buyer, confirmed.id);
    await onecode.timers.schedule(admin, {
      kind: "orders.complete_shipped",
      key: confirmed.id,
      afterMs: 0,
    });
    await onecode.timers.runDue();
    expect(await storage.orders.get("acme", confirmed.id)).toEqual(byBuyer);

    // A timer whose order is gone completes quietly too.
    await onecode.timers.schedule(admin, {
      kind: "orders.complete_shipped",
      key: "ord_missing",
      afterMs: 0,
    });
    expect(await onecode.timers.runDue()).toMatchObject({ completed: 1, retried: 0 });
  });

  it("is safe after a crash: a runner that died after completing the order leaves a rerun that changes nothing", async () => {
    const { onecode, paidOrder, clock, storage, auditActions, recordedEvents } = shippingSetup({
      storage: crashingTimerCompletions(1),
    });
    const order = await paidOrder();
    await onecode.shipments.ship(admin, order.id, SF);
    clock.advance(15 * DAY_MS);
    expect(await onecode.timers.runDue()).toMatchObject({ claimed: 1, unrecorded: 1 });
    const completed = await storage.orders.get("acme", order.id);
    expect(completed?.state).toBe("completed");

    // The claim lapses and another tick takes the timer over.
    clock.advance(5 * 60_000);
    expect(await onecode.timers.runDue()).toMatchObject({ claimed: 1, completed: 1 });
    expect(await onecode.timers.get(admin, "orders.complete_shipped", order.id)).toBeNull();
    expect(await storage.orders.get("acme", order.id)).toEqual(completed);
    expect(await auditActions(order.id)).toEqual([
      "orders.order.shipped",
      "orders.order.completed",
    ]);
    expect(await recordedEvents("order.completed")).toHaveLength(1);
  });
});
