import { createOneCode, money, recordingPaymentGateway, tenantContext } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { createHandler } from "../src/create-handler.js";

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const inspector = tenantContext("acme", { id: "ivy", kind: "staff", roles: ["inspector"] });

async function setup() {
  const payment = recordingPaymentGateway();
  const onecode = createOneCode({ payment });
  const tokens = new Map([
    ["admin", admin],
    ["inspector", inspector],
  ]);
  const handler = createHandler(onecode, {
    authenticate: async (request) =>
      tokens.get(request.headers.get("authorization")?.replace("Bearer ", "") ?? "") ?? null,
  });
  const get = (path: string, token = "admin") =>
    handler(
      new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}` } }),
    );
  // A pending charge decided by the provider's notification, as a host's webhook would record it.
  payment.pendingNext("charge", "succeeded");
  const charged = await payment.charge({
    tenantId: "acme",
    idempotencyKey: "order-1",
    amount: money(6110, "CNY"),
    payer: "u1",
    description: "order",
  });
  await onecode.ports.storage.payments.record({
    tenantId: "acme",
    id: charged.id,
    kind: "charge",
    status: "pending",
    amount: charged.amount,
    failureCode: null,
    idempotencyKey: "order-1",
    relatedId: null,
    subject: { type: "order", id: "ord_1" },
    createdAt: "2026-05-01T10:00:00.000Z",
    updatedAt: "2026-05-01T10:00:00.000Z",
  });
  await onecode.payments.recordNotification(
    tenantContext("acme"),
    payment.decidePending(charged.id),
  );
  return { get, paymentId: charged.id };
}

describe("payment routes", () => {
  it("reads a payment and the payments of its subject", async () => {
    const { get, paymentId } = await setup();
    const one = await get(`/v1/payments/${paymentId}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({
      id: paymentId,
      status: "succeeded",
      amount: { amount: 6110, currency: "CNY" },
      subject: { type: "order", id: "ord_1" },
    });
    const list = await get("/v1/payments?subjectType=order&subjectId=ord_1");
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);
    expect((await get("/v1/payments/pay_unknown")).status).toBe(404);
  });

  it("needs payments.read and names a missing filter", async () => {
    const { get, paymentId } = await setup();
    const refused = await get(`/v1/payments/${paymentId}`, "inspector");
    expect(refused.status).toBe(403);
    const bad = await get("/v1/payments?subjectType=order");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("subjectId");
  });
});
