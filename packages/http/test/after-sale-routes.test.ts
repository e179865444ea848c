import { money, tenantContext } from "@onecode/core";
import { orderLineRecord, orderRecord } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/test-app.js";

// The test authenticate's consumer of `acme-consumer` is this account.
const BUYER = "acme-consumer-user";
const consumer = { token: "acme-consumer" };
const returnAddress = {
  name: "Acme returns desk",
  phone: "0571-88886666",
  regionCode: "CN-ZJ",
  line: "9 Tea Road, Hangzhou",
};

async function shippedOrder(app: TestApp, customerId = BUYER, number = "202605010000000001") {
  // A charge the payment port knows, so refunds of the order go through.
  const charge = await app.onecode.ports.payment.charge({
    tenantId: "acme",
    idempotencyKey: `charge-${number}`,
    amount: money(8980, "CNY"),
    payer: customerId,
    description: "order",
  });
  const order = orderRecord("acme", {
    number,
    customerId,
    lines: [orderLineRecord({ lineId: "l1", quantity: 2, shippedQuantity: 2 })],
    state: "shipped",
    logisticsState: "shipped",
    stock: "committed",
    chargeId: charge.id,
    paidAt: "2026-05-01T02:10:00.000Z",
  });
  expect((await app.onecode.ports.storage.orders.insert(order)).outcome).toBe("inserted");
  return order;
}

const application = (kind: string, refundAmount: number) => ({
  kind,
  items: [{ lineId: "l1", quantity: 1 }],
  refundAmount,
  reason: "Wrong size",
});

describe("after-sales routes", () => {
  it("runs a return and refund from the buyer's application to the merchant's confirmation", async () => {
    const app = createTestApp();
    const order = await shippedOrder(app);
    const applied = await app.call("POST", `/v1/my/orders/${order.id}/after-sales`, {
      ...consumer,
      body: application("return_and_refund", 3990),
    });
    expect(applied.status, applied.text).toBe(201);
    const id = applied.json.id as string;
    expect(applied.headers.get("location")).toBe(`/v1/my/after-sales/${id}`);
    expect(applied.json).toMatchObject({
      state: "applied",
      customerId: BUYER,
      kind: "return_and_refund",
    });

    const mine = await app.call("GET", "/v1/my/after-sales", consumer);
    expect(mine.json.items.map((item: { id: string }) => item.id)).toEqual([id]);
    const listed = await app.call("GET", `/v1/after-sales?orderId=${order.id}&state=applied`);
    expect(listed.json.items).toEqual([applied.json]);
    const detail = await app.call("GET", `/v1/after-sales/${id}`);
    expect(detail.json).toEqual({ ...applied.json, refund: null });

    const path = `/v1/after-sales/${id}`;
    expect(
      (
        await app.call("POST", `${path}/approve`, {
          token: "acme-inspector",
          body: { returnAddress },
        })
      ).status,
    ).toBe(403);
    const missing = await app.call("POST", `${path}/approve`, { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([
      expect.objectContaining({ field: "returnAddress", rule: "required" }),
    ]);
    const approved = await app.call("POST", `${path}/approve`, { body: { returnAddress } });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json).toMatchObject({
      state: "approved",
      returnAddress,
      decidedBy: "acme-admin-user",
    });

    const shipped = await app.call("POST", `/v1/my/after-sales/${id}/ship-back`, {
      ...consumer,
      body: { courier: "SF", trackingNumber: "SF1001" },
    });
    expect(shipped.status, shipped.text).toBe(200);
    expect(shipped.json.state).toBe("returning");
    const withdraw = await app.call("POST", `/v1/my/after-sales/${id}/withdraw`, consumer);
    expect(withdraw.status).toBe(409);
    expect(withdraw.json.code).toBe("INVALID_STATE_TRANSITION");

    const confirmed = await app.call("POST", `${path}/confirm-return`);
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.json.state).toBe("refunding");
    expect(confirmed.json.refundId).toMatch(/^rfd_/);
    const progress = await app.call("GET", `/v1/my/after-sales/${id}`, consumer);
    expect(progress.json).toMatchObject({ state: "refunding", refund: null });

    // The outbox asks the order for the refund, the payment port pays it, the request settles.
    for (let tick = 0; tick < 4; tick++) await app.onecode.outbox.dispatch();
    const refunded = await app.call("GET", `/v1/my/after-sales/${id}`, consumer);
    expect(refunded.json).toMatchObject({
      state: "refunded",
      refund: { id: confirmed.json.refundId, status: "succeeded", amount: { amount: 3990 } },
    });
  });

  it("rejects, withdraws and reships through their routes", async () => {
    const app = createTestApp();
    const order = await shippedOrder(app);
    const apply = (body: unknown) =>
      app.call("POST", `/v1/my/orders/${order.id}/after-sales`, { ...consumer, body });
    const first = await apply(application("refund_only", 100));
    const rejected = await app.call("POST", `/v1/after-sales/${first.json.id}/reject`, {
      body: { reason: "Not damaged" },
    });
    expect(rejected.json).toMatchObject({ state: "rejected", rejectionReason: "Not damaged" });

    const second = await apply(application("exchange", 0));
    const withdrawn = await app.call(
      "POST",
      `/v1/my/after-sales/${second.json.id}/withdraw`,
      consumer,
    );
    expect(withdrawn.json.state).toBe("withdrawn");

    const third = await apply(application("exchange", 0));
    const path = `/v1/after-sales/${third.json.id}`;
    await app.call("POST", `${path}/approve`, { body: { returnAddress } });
    await app.call("POST", `/v1/my/after-sales/${third.json.id}/ship-back`, {
      ...consumer,
      body: { courier: "SF", trackingNumber: "SF1002" },
    });
    expect((await app.call("POST", `${path}/confirm-return`)).json.state).toBe("received");
    const reshipped = await app.call("POST", `${path}/reship`, {
      body: { courier: "YTO", trackingNumber: "YT2002" },
    });
    expect(reshipped.status, reshipped.text).toBe(200);
    expect(reshipped.json).toMatchObject({
      state: "reshipped",
      reshipment: { courier: "YTO", trackingNumber: "YT2002" },
    });
  });

  it("keeps buyers to their own orders and requests, and each kind of caller to its routes", async () => {
    const app = createTestApp();
    const theirs = await shippedOrder(app, "someone-else", "202605010000000002");
    const refused = await app.call("POST", `/v1/my/orders/${theirs.id}/after-sales`, {
      ...consumer,
      body: application("refund_only", 100),
    });
    expect(refused.status).toBe(404);
    const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
    const request = await app.onecode.afterSales.apply(admin, theirs.id, {
      kind: "refund_only",
      items: [{ lineId: "l1", quantity: 1 }],
      refundAmount: 100,
      reason: "Broken",
    });
    expect((await app.call("GET", `/v1/my/after-sales/${request.id}`, consumer)).status).toBe(404);
    expect(
      (await app.call("POST", `/v1/my/after-sales/${request.id}/withdraw`, consumer)).status,
    ).toBe(404);
    expect((await app.call("GET", "/v1/my/after-sales", consumer)).json.items).toEqual([]);
    expect((await app.call("GET", "/v1/my/after-sales")).status).toBe(403);
    expect((await app.call("GET", "/v1/after-sales", consumer)).status).toBe(403);
    expect((await app.call("GET", `/v1/after-sales/${request.id}`, { token: null })).status).toBe(
      401,
    );
  });
});
