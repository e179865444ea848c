import { describe, expect, it } from "vitest";
import { OneCodeError } from "../../kernel/errors.js";
import type { OutboxDelivery } from "../../kernel/outbox/outbox-handlers.js";
import { afterSaleOutboxHandlers } from "./after-sale-refund-handlers.js";
import { admin, afterSalesKit, buyer } from "./after-sales-test-kit.js";

const refundOnly = {
  kind: "refund_only" as const,
  items: [{ lineId: "l1", quantity: 1 }],
  refundAmount: 3990,
  reason: "Broken seal",
};

/** A delivery outside the dispatcher: `handleOnce` always says "first time". */
const directDelivery: OutboxDelivery = {
  handlerName: "direct",
  attempt: 1,
  handleOnce: async () => true,
};

async function refundingRequest() {
  const kit = afterSalesKit();
  const order = await kit.paidOrder();
  const request = await kit.service.apply(buyer, order.id, refundOnly);
  const approved = await kit.service.approve(admin, request.id);
  return { kit, order, request: approved, refundId: approved.refundId as string };
}

describe("the after-sales refund handlers", () => {
  it("asks for one refund however often refund_due is delivered", async () => {
    const { kit, order, refundId } = await refundingRequest();
    await kit.dispatch();
    const due = kit.events.find((event) => event.type === "after_sale.refund_due");
    if (!due) throw new Error("no refund_due event");
    const [requestRefund] = afterSaleOutboxHandlers(kit.runtime, kit.refunds);
    await requestRefund?.handler(due, directDelivery);
    await requestRefund?.handler(due, directDelivery);
    expect(kit.refunds.calls.map((call) => call.refundId)).toEqual([refundId, refundId, refundId]);
    const stored = await kit.ports.storage.orders.get("acme", order.id);
    expect(stored?.refunds.map((refund) => [refund.id, refund.amount.amount])).toEqual([
      [refundId, 3990],
    ]);
  });

  it("keeps the refund due through a payment outage and asks again with the same id", async () => {
    const { kit, order, refundId } = await refundingRequest();
    kit.refunds.failWith = new OneCodeError("SERVICE_UNAVAILABLE", "down", { service: "payment" });
    const first = await kit.dispatch();
    expect(first.retried).toBe(1);
    kit.refunds.failWith = null;
    kit.clock.advance(60 * 60 * 1000);
    await kit.dispatch();
    expect(kit.refunds.calls.map((call) => call.refundId)).toEqual([refundId, refundId]);
    expect((await kit.ports.storage.orders.get("acme", order.id))?.refunds).toHaveLength(1);
  });

  it("settles the request once when its refund succeeds, and ignores other refunds", async () => {
    const { kit, order, request, refundId } = await refundingRequest();
    await kit.dispatch();
    // A refund of the same order that pays no request, and one naming another request.
    await kit.refunds.request(admin, order.id, {
      refundId: "rfd_goodwill",
      amount: 100,
      reason: "sorry",
    });
    await kit.refunds.request(admin, order.id, {
      refundId: "rfd_other",
      amount: 100,
      reason: "other",
      afterSaleId: request.id,
    });
    await kit.refunds.settle(order.id, "rfd_goodwill", "succeeded");
    await kit.refunds.settle(order.id, "rfd_other", "succeeded");
    await kit.dispatch();
    expect((await kit.service.get(admin, request.id)).state).toBe("refunding");

    await kit.refunds.settle(order.id, refundId, "succeeded");
    await kit.dispatch();
    const settled = await kit.service.get(admin, request.id);
    expect(settled.state).toBe("refunded");
    // A second delivery of the success finds it refunded and does nothing.
    const [, settle] = afterSaleOutboxHandlers(kit.runtime, kit.refunds);
    const success = {
      id: "evt_again",
      tenantId: "acme",
      type: "order.refund_succeeded",
      aggregate: { type: "order", id: order.id },
      payload: { refundId, amount: 3990, afterSaleId: request.id, failureCode: null },
      occurredAt: "2026-05-03T02:00:00.000Z",
      attempts: 1,
      state: "pending" as const,
      lastError: null,
      nextAttemptAt: "2026-05-03T02:00:00.000Z",
      settledAt: null,
    };
    await settle?.handler(success, directDelivery);
    expect((await kit.service.get(admin, request.id)).version).toBe(settled.version);
    expect(await kit.audit(request.id)).toEqual([
      "orders.after_sale.applied",
      "orders.after_sale.approved",
      "orders.after_sale.refunded",
    ]);
  });

  it("keeps the request refunding when its refund fails, and shows why", async () => {
    const { kit, order, request, refundId } = await refundingRequest();
    await kit.dispatch();
    await kit.refunds.settle(order.id, refundId, "failed");
    await kit.dispatch();
    await kit.dispatch();
    const failed = await kit.service.get(buyer, request.id);
    expect(failed.state).toBe("refunding");
    expect(failed.refund).toMatchObject({
      id: refundId,
      status: "failed",
      failureCode: "insufficient_balance",
    });
    expect(await kit.audit(request.id)).toEqual([
      "orders.after_sale.applied",
      "orders.after_sale.approved",
      "orders.after_sale.refund_failed",
    ]);
    const reported = kit.events.filter((event) => event.type === "after_sale.refund_failed");
    expect(reported.map((event) => event.payload)).toEqual([
      expect.objectContaining({
        afterSaleId: request.id,
        refundId,
        failureCode: "insufficient_balance",
      }),
    ]);
  });
});

describe("concurrent applications", () => {
  it("lets one of two racing requests on a line win", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const outcomes = await Promise.allSettled([
      kit.service.apply(buyer, order.id, refundOnly),
      kit.service.apply(buyer, order.id, { ...refundOnly, kind: "return_and_refund" }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await kit.service.list(admin)).items).toHaveLength(1);
  });
});
