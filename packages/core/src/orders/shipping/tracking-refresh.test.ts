import { describe, expect, it } from "vitest";
import { admin, inspector, refusal, shippingSetup } from "./shipping-test-kit.js";

async function waybillSetup() {
  const setup = shippingSetup();
  await setup.storage.orderSettings.save({
    tenantId: "acme",
    closeUnpaidAfterMinutes: 30,
    completeShippedAfterDays: 15,
    sender: { name: "Acme", phone: "057188880000", regionCode: "CN-ZJ", line: "8 Tea Road" },
    freightTemplateId: null,
    alertRecipients: [],
    updatedAt: null,
  });
  return setup;
}

describe("shipments.refreshTracking", () => {
  it("marks parcels the courier reports signed; logistics become signed with the last one, the state stays", async () => {
    const { onecode, courier, paidOrder, recordedEvents, auditActions } = await waybillSetup();
    const order = await paidOrder();
    await onecode.shipments.createWaybill(admin, order.id, {
      courier: "SF",
      items: [{ lineId: "l1", quantity: 2 }],
    });
    await onecode.shipments.createWaybill(admin, order.id, { courier: "SF" });
    courier.addEvent("SF0000000001", {
      at: "2026-05-02T01:00:00.000Z",
      status: "in_transit",
      description: "Hangzhou hub",
    });
    courier.addEvent("SF0000000001", {
      at: "2026-05-03T01:00:00.000Z",
      status: "signed",
      description: "Signed by the recipient",
    });

    const first = await onecode.shipments.refreshTracking(admin, order.id);
    expect(
      first.parcels.map((parcel) => [parcel.trackingNumber, parcel.tracking?.events.length]),
    ).toEqual([
      ["SF0000000001", 2],
      ["SF0000000002", 0],
    ]);
    expect(first.order.shipments.map((shipment) => shipment.signedAt)).toEqual([
      "2026-05-03T01:00:00.000Z",
      null,
    ]);
    expect(first.order).toMatchObject({ state: "shipped", logisticsState: "shipped" });

    // Nothing new: nothing written.
    const unchanged = await onecode.shipments.refreshTracking(admin, order.id);
    expect(unchanged.order.version).toBe(first.order.version);

    courier.addEvent("SF0000000002", {
      at: "2026-05-04T01:00:00.000Z",
      status: "signed",
      description: "Signed by the recipient",
    });
    const second = await onecode.shipments.refreshTracking(admin, order.id);
    expect(second.order).toMatchObject({ state: "shipped", logisticsState: "signed" });
    expect(
      (await recordedEvents())
        .filter((event) => event.type !== "order.shipped")
        .map((event) => event.type),
    ).toEqual(["order.parcel_signed", "order.parcel_signed", "order.signed"]);
    expect(await auditActions(order.id)).toEqual([
      "orders.order.shipped",
      "orders.order.shipped",
      "orders.order.tracking_updated",
      "orders.order.tracking_updated",
    ]);
  });

  it("reports no tracking for parcels the courier does not know, and refuses unshipped orders and readers", async () => {
    const { onecode, paidOrder } = await waybillSetup();
    const order = await paidOrder();
    expect(await refusal(onecode.shipments.refreshTracking(admin, order.id))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { from: "to_ship", to: "mark_signed" },
    });
    await onecode.shipments.ship(admin, order.id, { courier: "ZTO", trackingNumber: "778899" });
    const refreshed = await onecode.shipments.refreshTracking(admin, order.id);
    expect(refreshed.parcels).toEqual([
      {
        shipmentId: refreshed.order.shipments[0]?.id,
        courier: "ZTO",
        trackingNumber: "778899",
        tracking: null,
      },
    ]);
    expect((await refusal(onecode.shipments.refreshTracking(inspector, order.id))).code).toBe(
      "FORBIDDEN",
    );
  });
});
