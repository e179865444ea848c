import { describe, expect, it } from "vitest";
import { orderSchema } from "../src/schemas/order-schemas.js";
import { storedSku } from "./support/sku-fixture.js";
import { createTestApp } from "./support/test-app.js";

const delivery = {
  method: "express",
  address: { name: "Li Lei", phone: "13800138000", regionCode: "CN-ZJ", line: "1 Wensan Road" },
};

describe("order routes", () => {
  it("lets a buyer place, list, pay and ask to cancel their own order, and staff close it with a refund", async () => {
    const app = createTestApp();
    const sku = await storedSku(app, { stock: 3 });
    const placed = await app.call("POST", "/v1/my/orders", {
      token: "acme-consumer",
      body: { lines: [{ skuId: sku.id, quantity: 2 }], delivery },
    });
    expect(placed.status, placed.text).toBe(201);
    expect(orderSchema.safeParse(placed.json).success).toBe(true);
    expect(placed.json).toMatchObject({
      state: "unpaid",
      customerId: "acme-consumer-user",
      total: { amount: 7980 },
    });
    const id = placed.json.id as string;
    expect(placed.headers.get("location")).toBe(`/v1/my/orders/${id}`);

    const mine = await app.call("GET", "/v1/my/orders", { token: "acme-consumer" });
    expect(mine.json.items.map((o: { id: string }) => o.id)).toEqual([id]);
    expect((await app.call("GET", `/v1/my/orders/${id}`, { token: "acme-admin" })).status).toBe(
      403,
    );

    const paid = await app.call("POST", `/v1/my/orders/${id}/payments`, {
      token: "acme-consumer",
      body: {},
    });
    expect(paid.status, paid.text).toBe(200);
    expect(paid.json.order.state).toBe("to_ship");
    expect(paid.json.payment).toMatchObject({ kind: "charge", status: "succeeded" });

    const asked = await app.call("POST", `/v1/my/orders/${id}/cancellation-request`, {
      token: "acme-consumer",
      body: { reason: "ordered twice" },
    });
    expect(asked.json.cancellationRequest.reason).toBe("ordered twice");
    const view = await app.call("GET", "/v1/orders?view=cancellation_requested");
    expect(view.json.items.map((o: { id: string }) => o.id)).toEqual([id]);
    expect((await app.call("GET", "/v1/orders/counts")).json).toEqual({ to_ship: 1 });

    const closed = await app.call("POST", `/v1/orders/${id}/close`, {
      body: { refund: true, reason: "agreed" },
    });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.json.order).toMatchObject({ state: "closed", refundedTotal: { amount: 7980 } });
    expect(closed.json.refund).toMatchObject({ status: "succeeded" });
    expect((await app.onecode.ports.storage.skus.get("acme", sku.id))?.stock).toBe(3);
  });

  it("answers stock exhaustion with 409, illegal moves with 409 naming the states, and staff orders need a customer", async () => {
    const app = createTestApp();
    const sku = await storedSku(app, { stock: 1 });
    const staffOrder = await app.call("POST", "/v1/orders", {
      body: {
        customerId: "walk-in",
        channel: "admin",
        lines: [{ skuId: sku.id, quantity: 1 }],
        delivery,
      },
    });
    expect(staffOrder.status, staffOrder.text).toBe(201);
    const short = await app.call("POST", "/v1/my/orders", {
      token: "acme-consumer",
      body: { lines: [{ skuId: sku.id, quantity: 1 }], delivery },
    });
    expect(short.status).toBe(409);
    expect(short.json).toMatchObject({
      code: "STOCK_EXHAUSTED",
      details: { skuId: sku.id, available: 0 },
    });
    const id = staffOrder.json.id as string;
    const refund = await app.call("POST", `/v1/orders/${id}/refunds`, {
      body: { amount: 1, reason: "x" },
    });
    expect(refund.status).toBe(409);
    expect(refund.json).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { from: "unpaid", to: "refund" },
    });
    const repriced = await app.call("POST", `/v1/orders/${id}/price`, {
      body: { goodsAmount: 2990, reason: "loyal" },
    });
    expect(repriced.json.total.amount).toBe(2990);
    const bad = await app.call("POST", "/v1/orders", { body: { lines: [], delivery } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((i: { field: string }) => i.field)).toEqual(["lines"]);
    const anonymous = await app.call("POST", "/v1/orders", {
      body: { lines: [{ skuId: sku.id, quantity: 1 }], delivery },
    });
    expect(anonymous.json.errors).toEqual([
      expect.objectContaining({ field: "customerId", rule: "required" }),
    ]);
    const cancelled = await app.call("POST", `/v1/orders/${id}/cancel`);
    expect(cancelled.json).toMatchObject({ state: "closed", closeReason: "merchant_cancelled" });
  });

  it("exports CSV with a BOM, reports statistics and reads and changes the order settings", async () => {
    const app = createTestApp();
    const sku = await storedSku(app, { stock: 5 });
    await app.call("POST", "/v1/my/orders", {
      token: "acme-consumer",
      body: { lines: [{ skuId: sku.id, quantity: 1 }], delivery },
    });
    const csv = await app.handler(
      new Request("http://test.local/v1/orders/export.csv?states=unpaid,to_ship", {
        headers: { authorization: "Bearer acme-admin" },
      }),
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("order_number,")).toBe(true);
    expect(text.split("\r\n")).toHaveLength(3);
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const stats = await app.call(
      "GET",
      `/v1/orders/statistics?from=${from}&to=${to}&groupBy=channel`,
    );
    expect(stats.json.rows).toEqual([
      {
        key: "mini_program",
        ordersCreated: 1,
        ordersPaid: 0,
        paidAmount: 0,
        refundedAmount: 0,
        unitsPaid: 0,
      },
    ]);
    const settings = await app.call("PATCH", "/v1/order-settings", {
      body: { closeUnpaidAfterMinutes: 0 },
    });
    expect(settings.status).toBe(400);
    const saved = await app.call("PATCH", "/v1/order-settings", {
      body: { closeUnpaidAfterMinutes: 15 },
    });
    expect(saved.json.closeUnpaidAfterMinutes).toBe(15);
    expect((await app.call("GET", "/v1/order-settings")).json.closeUnpaidAfterMinutes).toBe(15);
    expect((await app.call("GET", "/v1/orders", { token: "acme-consumer" })).status).toBe(403);
  });
});
