import { describe, expect, it } from "vitest";
import { orderLineRecord, orderRecord } from "../../../testing/order-fixtures.js";
import { createOneCode } from "../../create-one-code.js";
import { ManualClock } from "../../kernel/clock.js";
import { money } from "../../kernel/money.js";
import { recordingPaymentGateway } from "../../memory/recording-payment.js";
import { admin, buyer } from "./after-sales-test-kit.js";

/** createOneCode's own wiring: the orders' refunds pay the requests. */
async function wired() {
  const payment = recordingPaymentGateway();
  const onecode = createOneCode({ clock: new ManualClock("2026-05-03T02:00:00.000Z"), payment });
  const charge = await payment.charge({
    tenantId: "acme",
    idempotencyKey: "checkout-1",
    amount: money(8980, "CNY"),
    payer: "customer-1",
    description: "order",
  });
  const order = orderRecord("acme", {
    lines: [orderLineRecord({ lineId: "l1", quantity: 2, shippedQuantity: 2 })],
    state: "completed",
    logisticsState: "signed",
    stock: "committed",
    chargeId: charge.id,
    paidAt: "2026-05-01T02:10:00.000Z",
  });
  await onecode.ports.storage.orders.insert(order);
  const drain = async () => {
    for (let tick = 0; tick < 4; tick++) await onecode.outbox.dispatch();
  };
  return { onecode, payment, order, drain };
}

describe("after-sales in createOneCode", () => {
  it("pays an approved refund only through the order's refund, and settles it", async () => {
    const { onecode, payment, order, drain } = await wired();
    const request = await onecode.afterSales.apply(buyer, order.id, {
      kind: "refund_only",
      items: [{ lineId: "l1", quantity: 1 }],
      refundAmount: 3990,
      reason: "Broken seal",
    });
    const approved = await onecode.afterSales.approve(admin, request.id);
    await drain();
    await drain();
    const settled = await onecode.afterSales.get(buyer, request.id);
    expect(settled).toMatchObject({ state: "refunded" });
    expect(settled.refund).toMatchObject({
      id: approved.refundId,
      status: "succeeded",
      afterSaleId: request.id,
    });
    expect(payment.records.filter((record) => record.kind === "refund")).toHaveLength(1);
    expect((await onecode.orders.get(admin, order.id)).refundedTotal.amount).toBe(3990);
  });

  it("keeps a refused refund visible until staff retry it, then settles the request", async () => {
    const { onecode, payment, order, drain } = await wired();
    payment.failNext("refund", "INSUFFICIENT_BALANCE");
    const request = await onecode.afterSales.apply(buyer, order.id, {
      kind: "refund_only",
      items: [{ lineId: "l1", quantity: 2 }],
      refundAmount: 7980,
      reason: "Never arrived",
      goodsReceived: false,
    });
    const approved = await onecode.afterSales.approve(admin, request.id);
    await drain();
    const failed = await onecode.afterSales.get(admin, request.id);
    expect(failed.state).toBe("refunding");
    expect(failed.refund).toMatchObject({ status: "failed", failureCode: "INSUFFICIENT_BALANCE" });

    await onecode.orders.retryRefund(admin, order.id, approved.refundId as string);
    await drain();
    expect((await onecode.afterSales.get(admin, request.id)).state).toBe("refunded");
  });
});
