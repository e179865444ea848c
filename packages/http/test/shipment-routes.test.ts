import { createOneCode, ManualClock, recordingCourier } from "@onecode/core";
import { orderRecord } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/test-app.js";

const HEADER = "order_number,courier,tracking_number";

async function setup() {
  const clock = new ManualClock("2026-05-01T00:00:00.000Z");
  const onecode = createOneCode({ clock, courier: recordingCourier() });
  const app = createTestApp({ onecode });
  let count = 0;
  const order = async (overrides: Parameters<typeof orderRecord>[1] = {}) => {
    count++;
    const record = orderRecord("acme", {
      number: `20260501${String(count).padStart(10, "0")}`,
      state: "to_ship",
      paidAt: "2026-05-01T00:00:00.000Z",
      customerId: "acme-consumer-user",
      ...overrides,
    });
    await onecode.ports.storage.orders.insert(record);
    return record;
  };
  return { app, onecode, order };
}

describe("shipment routes", () => {
  it("ships an order, splits it by line, and refuses what core refuses", async () => {
    const { app, order } = await setup();
    const { id } = await order();
    const first = await app.call("POST", `/v1/orders/${id}/shipments`, {
      body: { courier: "SF", trackingNumber: "SF001", items: [{ lineId: "l1", quantity: 1 }] },
    });
    expect(first.status, first.text).toBe(201);
    expect(first.json.order).toMatchObject({
      id,
      state: "to_ship",
      logisticsState: "partly_shipped",
      lines: [{ lineId: "l1", quantity: 2, shippedQuantity: 1 }],
    });
    expect(first.json.shipment).toMatchObject({ courier: "SF", trackingNumber: "SF001" });

    const tooMany = await app.call("POST", `/v1/orders/${id}/shipments`, {
      body: { courier: "SF", trackingNumber: "SF002", items: [{ lineId: "l1", quantity: 2 }] },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors).toMatchObject([
      { field: "items.0.quantity", rule: "quantity_left" },
    ]);

    const rest = await app.call("POST", `/v1/orders/${id}/shipments`, {
      body: { courier: "SF", trackingNumber: "SF002" },
    });
    expect(rest.json.order).toMatchObject({ state: "shipped", logisticsState: "shipped" });
    const again = await app.call("POST", `/v1/orders/${id}/shipments`, {
      body: { courier: "SF", trackingNumber: "SF003" },
    });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("INVALID_STATE_TRANSITION");
    const reader = await app.call("POST", `/v1/orders/${id}/shipments`, {
      token: "acme-inspector",
      body: { courier: "SF", trackingNumber: "SF003" },
    });
    expect(reader.status).toBe(403);
  });

  it("creates e-waybills once the sender is configured, and refreshes tracking", async () => {
    const { app, onecode, order } = await setup();
    const { id } = await order();
    const missing = await app.call("POST", `/v1/orders/${id}/waybills`, {
      body: { courier: "SF" },
    });
    expect(missing.status).toBe(409);
    expect(missing.json.code).toBe("SENDER_NOT_CONFIGURED");
    await onecode.ports.storage.orderSettings.save({
      tenantId: "acme",
      closeUnpaidAfterMinutes: 30,
      completeShippedAfterDays: 15,
      sender: { name: "Acme", phone: "057188880000", regionCode: "CN-ZJ", line: "8 Tea Road" },
      freightTemplateId: null,
      alertRecipients: [],
      updatedAt: null,
    });
    const waybill = await app.call("POST", `/v1/orders/${id}/waybills`, {
      body: { courier: "SF" },
    });
    expect(waybill.status, waybill.text).toBe(201);
    expect(waybill.json.shipment.trackingNumber).toBe("SF0000000001");

    const refreshed = await app.call("POST", `/v1/orders/${id}/tracking-refresh`);
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(refreshed.json.parcels).toEqual([
      {
        shipmentId: waybill.json.shipment.id,
        courier: "SF",
        trackingNumber: "SF0000000001",
        tracking: { courier: "SF", trackingNumber: "SF0000000001", events: [] },
      },
    ]);
  });

  it("ships from a CSV body, and rejects a malformed file whole", async () => {
    const { app, order } = await setup();
    const a = await order();
    const b = await order({ state: "unpaid", paidAt: null });
    const file = `\uFEFF${HEADER}\r\n${a.number},SF,SF100\r\n${b.number},SF,SF101\r\n`;
    const reply = await app.call("POST", "/v1/orders/bulk-shipments", {
      rawBody: file,
      headers: { "content-type": "text/csv; charset=utf-8" },
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({
      shipped: 1,
      failed: 1,
      rows: [
        { line: 2, outcome: "shipped" },
        { line: 3, outcome: "not_unshipped" },
      ],
    });
    const rejected = await app.call("POST", "/v1/orders/bulk-shipments", {
      rawBody: `${HEADER}\n1,SF\n`,
      headers: { "content-type": "text/csv" },
    });
    expect(rejected.status).toBe(422);
    expect(rejected.json).toMatchObject({
      code: "UPLOAD_REJECTED",
      details: { errorCount: 1 },
      errors: [{ line: 2, rule: "column_count" }],
    });
    const json = await app.call("POST", "/v1/orders/bulk-shipments", { body: { file } });
    expect(json.status).toBe(415);
  });

  it("verifies a pickup code once", async () => {
    const { app, order } = await setup();
    const base = orderRecord("acme").delivery;
    const { id } = await order({
      delivery: { ...base, method: "self_pickup", storeId: "store-7" },
      verification: { code: "123456789012", verifiedAt: null, verifiedBy: null },
    });
    const verified = await app.call("POST", "/v1/order-verifications", {
      body: { code: "123456789012" },
    });
    expect(verified.status, verified.text).toBe(200);
    expect(verified.json).toMatchObject({
      id,
      state: "completed",
      logisticsState: "signed",
      verification: { verifiedBy: "acme-admin-user" },
    });
    const again = await app.call("POST", "/v1/order-verifications", {
      body: { code: "123456789012" },
    });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({
      code: "ALREADY_VERIFIED",
      details: { orderId: id, verifiedBy: "acme-admin-user" },
    });
    const empty = await app.call("POST", "/v1/order-verifications", { body: { code: "" } });
    expect(empty.status).toBe(400);
  });

  it("lets the buyer confirm receipt on the consumer route", async () => {
    const { app, order } = await setup();
    const { id } = await order();
    await app.call("POST", `/v1/orders/${id}/shipments`, {
      body: { courier: "SF", trackingNumber: "SF001" },
    });
    const path = `/v1/my/orders/${id}/confirm-receipt`;
    expect((await app.call("POST", path, { token: null })).status).toBe(401);
    expect((await app.call("POST", path)).status).toBe(403);
    const confirmed = await app.call("POST", path, { token: "acme-consumer" });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.json).toMatchObject({ state: "completed", logisticsState: "signed" });
    const again = await app.call("POST", path, { token: "acme-consumer" });
    expect(again.status).toBe(409);
  });
});
