import { describe, expect, it } from "vitest";
import { orderRecord } from "../../../testing/order-fixtures.js";
import { tenantContext } from "../../kernel/tenant.js";
import {
  admin,
  buyer,
  DAY_MS,
  inspector,
  issuesOfRefusal,
  otherBuyer,
  refusal,
  START,
  shippingSetup,
  store7Clerk,
} from "./shipping-test-kit.js";

const SF = { courier: "SF", trackingNumber: "SF1234567890" };

describe("shipments.ship (订单发货)", () => {
  it("ships every unit left by default: shipped, stock committed, completion timer, event and audit", async () => {
    const { onecode, storage, paidOrder, holdStock, recordedEvents, auditActions } =
      shippingSetup();
    const order = await paidOrder();
    await holdStock(order.id);
    const { order: shipped, shipment } = await onecode.shipments.ship(admin, order.id, SF);

    expect(shipment).toEqual({
      id: expect.stringMatching(/^shp_/),
      items: [
        { lineId: "l1", quantity: 2 },
        { lineId: "l2", quantity: 3 },
      ],
      courier: "SF",
      trackingNumber: "SF1234567890",
      waybillLabel: null,
      shippedAt: START,
      shippedBy: "alice",
      signedAt: null,
    });
    expect(shipped).toMatchObject({
      state: "shipped",
      logisticsState: "shipped",
      shippedAt: START,
      stock: "committed",
      version: 2,
    });
    expect(shipped.lines.map((line) => line.shippedQuantity)).toEqual([2, 3]);
    expect(await storage.orders.get("acme", order.id)).toEqual(shipped);
    expect((await storage.skus.getReservation("acme", order.id))?.status).toBe("committed");

    const timer = await onecode.timers.get(admin, "orders.complete_shipped", order.id);
    expect(timer?.dueAt).toBe(new Date(Date.parse(START) + 15 * DAY_MS).toISOString());

    expect((await recordedEvents("order.shipped")).map((event) => event.payload)).toEqual([
      { shipmentId: shipment.id, courier: "SF", trackingNumber: "SF1234567890", complete: true },
    ]);
    expect(await auditActions(order.id)).toEqual(["orders.order.shipped"]);
    const [entry] = (await onecode.audit.list(admin, { targetId: order.id })).items;
    expect(entry?.actor).toEqual({ kind: "staff", id: "alice" });
    expect(entry?.changes).toMatchObject({
      state: { before: "to_ship", after: "shipped" },
      logisticsState: { before: "not_shipped", after: "shipped" },
      stock: { before: "held", after: "committed" },
    });
  });

  it("splits an order into parcels by line (拆分运单): partly shipped until the last unit leaves", async () => {
    const { onecode, storage, paidOrder, holdStock, recordedEvents, clock } = shippingSetup();
    const order = await paidOrder();
    await holdStock(`${order.id}.pay`);

    const first = await onecode.shipments.ship(admin, order.id, {
      ...SF,
      items: [
        { lineId: "l1", quantity: 2 },
        { lineId: "l2", quantity: 1 },
      ],
    });
    expect(first.order).toMatchObject({
      state: "to_ship",
      logisticsState: "partly_shipped",
      shippedAt: null,
      stock: "committed",
    });
    expect(first.order.lines.map((line) => line.shippedQuantity)).toEqual([2, 1]);
    expect((await storage.skus.getReservation("acme", `${order.id}.pay`))?.status).toBe(
      "committed",
    );
    expect(await onecode.timers.get(admin, "orders.complete_shipped", order.id)).toBeNull();

    clock.advance(60_000);
    const second = await onecode.shipments.ship(admin, order.id, {
      courier: "YTO",
      trackingNumber: "YT0002",
      items: [{ lineId: "l2", quantity: 2 }],
    });
    expect(second.order).toMatchObject({
      state: "shipped",
      logisticsState: "shipped",
      shippedAt: "2026-05-01T00:01:00.000Z",
    });
    expect(second.order.shipments.map((shipment) => shipment.trackingNumber)).toEqual([
      "SF1234567890",
      "YT0002",
    ]);
    expect(await onecode.timers.get(admin, "orders.complete_shipped", order.id)).not.toBeNull();
    expect(
      (await recordedEvents("order.shipped")).map(
        (event) => (event.payload as { complete: boolean }).complete,
      ),
    ).toEqual([false, true]);

    const again = await refusal(onecode.shipments.ship(admin, order.id, SF));
    expect(again).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { id: order.id, from: "shipped", to: "ship" },
    });
  });

  it("schedules the automatic completion after the tenant's completeShippedAfterDays", async () => {
    const { onecode, storage, paidOrder } = shippingSetup();
    const settings = orderRecord("acme").createdAt;
    await storage.orderSettings.save({
      tenantId: "acme",
      closeUnpaidAfterMinutes: 30,
      completeShippedAfterDays: 7,
      sender: null,
      freightTemplateId: null,
      alertRecipients: [],
      updatedAt: settings,
    });
    const order = await paidOrder();
    await onecode.shipments.ship(admin, order.id, SF);
    const timer = await onecode.timers.get(admin, "orders.complete_shipped", order.id);
    expect(timer?.dueAt).toBe(new Date(Date.parse(START) + 7 * DAY_MS).toISOString());
  });

  it("names every broken rule of the input, then the units left per line, and changes nothing", async () => {
    const { onecode, storage, paidOrder } = shippingSetup();
    const order = await paidOrder();
    expect(
      await issuesOfRefusal(
        onecode.shipments.ship(admin, order.id, {
          courier: "",
          trackingNumber: "SF 123!",
          items: [{ lineId: "", quantity: 0 }],
        }),
      ),
    ).toEqual([
      "courier/required",
      "trackingNumber/tracking_number_format",
      "items.0.lineId/required",
      "items.0.quantity/positive_integer",
    ]);
    expect(
      await issuesOfRefusal(onecode.shipments.ship(admin, order.id, { courier: "SF" })),
    ).toEqual(["trackingNumber/required"]);
    expect(
      await issuesOfRefusal(
        onecode.shipments.ship(admin, order.id, {
          ...SF,
          items: [
            { lineId: "l1", quantity: 3 },
            { lineId: "l9", quantity: 1 },
            { lineId: "l1", quantity: 1 },
          ],
        }),
      ),
    ).toEqual([
      "items.0.quantity/quantity_left",
      "items.1.lineId/unknown_line",
      "items.2.lineId/duplicate_line",
    ]);
    const left = await refusal(
      onecode.shipments.ship(admin, order.id, { ...SF, items: [{ lineId: "l2", quantity: 4 }] }),
    );
    expect(left.message).toContain("line l2 has 3 unit(s) left to ship, not 4");
    expect((await storage.orders.get("acme", order.id))?.version).toBe(1);
  });

  it("refuses orders that are not to_ship, or whose buyer asked to cancel, with INVALID_STATE_TRANSITION", async () => {
    const { onecode, storage, paidOrder } = shippingSetup();
    for (const state of ["unpaid", "shipped", "completed", "closed"] as const) {
      const order = await paidOrder({ state });
      expect(await refusal(onecode.shipments.ship(admin, order.id, SF))).toMatchObject({
        code: "INVALID_STATE_TRANSITION",
        details: { id: order.id, from: state, to: "ship", required: "to_ship" },
      });
    }
    const asked = await paidOrder({
      cancellationRequest: { reason: "changed my mind", requestedAt: START },
    });
    expect(await refusal(onecode.shipments.ship(admin, asked.id, SF))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: {
        id: asked.id,
        from: "to_ship",
        to: "ship",
        required: "no open cancellation request",
      },
    });
    expect((await storage.orders.get("acme", asked.id))?.version).toBe(1);
  });

  it("ships express orders by courier, self_pickup orders only as the merchant's own delivery, never in_store orders", async () => {
    const { onecode, paidOrder } = shippingSetup();
    const base = orderRecord("acme").delivery;
    const inStore = await paidOrder({
      delivery: { ...base, method: "in_store", storeId: "store-7" },
    });
    expect(await issuesOfRefusal(onecode.shipments.ship(admin, inStore.id, SF))).toEqual([
      "courier/delivery_method",
    ]);
    const pickup = await paidOrder({
      delivery: { ...base, method: "self_pickup", storeId: "store-7" },
    });
    expect(await issuesOfRefusal(onecode.shipments.ship(admin, pickup.id, SF))).toEqual([
      "courier/delivery_method",
    ]);
    const { order, shipment } = await onecode.shipments.ship(admin, pickup.id, { courier: "self" });
    expect(order.state).toBe("shipped");
    expect(shipment).toMatchObject({ courier: "self", trackingNumber: "" });
  });

  it("checks orders.ship on the order: scoped grants reach their store, consumers and other tenants are refused", async () => {
    const { onecode, storage, paidOrder } = shippingSetup();
    const base = orderRecord("acme").delivery;
    const inStore7 = await paidOrder({
      delivery: { ...base, method: "self_pickup", storeId: "store-7" },
    });
    const inStore8 = await paidOrder({
      delivery: { ...base, method: "self_pickup", storeId: "store-8" },
    });
    const express = await paidOrder();

    expect((await refusal(onecode.shipments.ship(inspector, express.id, SF))).code).toBe(
      "FORBIDDEN",
    );
    expect((await refusal(onecode.shipments.ship(buyer, express.id, SF))).code).toBe("FORBIDDEN");
    expect((await refusal(onecode.shipments.ship(otherBuyer, express.id, SF))).code).toBe(
      "NOT_FOUND",
    );
    const stranger = tenantContext("other", { id: "olga", kind: "staff", roles: ["admin"] });
    expect((await refusal(onecode.shipments.ship(stranger, express.id, SF))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (await refusal(onecode.shipments.ship(store7Clerk, inStore8.id, { courier: "self" }))).code,
    ).toBe("FORBIDDEN");
    const { order } = await onecode.shipments.ship(store7Clerk, inStore7.id, { courier: "self" });
    expect(order.shipments[0]?.shippedBy).toBe("carol");
    expect((await storage.orders.get("acme", express.id))?.version).toBe(1);
  });

  it("works with the context bound by onecode.as", async () => {
    const { onecode, paidOrder } = shippingSetup();
    const order = await paidOrder();
    const { order: shipped } = await onecode.as(admin).shipments.ship(order.id, SF);
    expect(shipped.state).toBe("shipped");
  });
});
