import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { ordersTestKit } from "../orders-test-kit.js";

async function paidOrder(quantity = 2) {
  const kit = ordersTestKit();
  const tea = await kit.sku({ stock: 5 });
  const created = await kit.onecode.orders.create(kit.buyer(), kit.orderInput(tea.id, quantity));
  const { order } = await kit.onecode.orders.pay(kit.buyer(), created.id);
  return { ...kit, order, tea };
}

describe("refunds of orders", () => {
  it("refunds part of a paid order, idempotent by refund id", async () => {
    const { onecode, admin, order, payment } = await paidOrder();
    const first = await onecode.orders.refund(admin, order.id, {
      refundId: "rf-1",
      amount: 1000,
      reason: "late delivery",
    });
    expect(first.refund).toMatchObject({
      id: "rf-1",
      status: "succeeded",
      amount: { amount: 1000 },
      attempts: 1,
    });
    expect(first.order).toMatchObject({ state: "to_ship", refundedTotal: { amount: 1000 } });
    const again = await onecode.orders.refund(admin, order.id, {
      refundId: "rf-1",
      amount: 1000,
      reason: "late delivery",
    });
    expect(again.order.refunds).toHaveLength(1);
    expect(payment.records.filter((r) => r.kind === "refund")).toHaveLength(1);
  });

  it("surfaces a refused refund with its reason, keeps it, and succeeds on retry", async () => {
    const { onecode, admin, order, payment } = await paidOrder();
    payment.failNext("refund", "INSUFFICIENT_BALANCE");
    const failed = await onecode.orders.refund(admin, order.id, {
      amount: 7980,
      reason: "out of stock",
    });
    expect(failed.refund).toMatchObject({ status: "failed", failureCode: "INSUFFICIENT_BALANCE" });
    expect(failed.order.state).toBe("to_ship");
    payment.failNext("refund", "CERTIFICATE_EXPIRED");
    const stillFailing = await onecode.orders.retryRefund(admin, order.id, failed.refund.id);
    expect(stillFailing.refund.failureCode).toBe("CERTIFICATE_EXPIRED");
    const retried = await onecode.orders.retryRefund(admin, order.id, failed.refund.id);
    expect(retried.refund).toMatchObject({ status: "succeeded", attempts: 3 });
    // The whole payment is back and nothing left to ship: the order closes and its stock returns.
    expect(retried.order).toMatchObject({
      state: "closed",
      closeReason: "refunded",
      stock: "released",
    });
    const audit = await onecode.audit.list(admin, { targetId: order.id });
    expect(audit.items.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        "orders.order.refund_failed",
        "orders.order.refund_retried",
        "orders.order.refund_succeeded",
      ]),
    );
    const done = await onecode.orders
      .retryRefund(admin, order.id, failed.refund.id)
      .catch((e) => e);
    expect(isOneCodeError(done, "INVALID_STATE_TRANSITION")).toBe(true);
  });

  it("never loses a refund whose call timed out: the outbox performs it", async () => {
    const { onecode, admin, order, payment } = await paidOrder();
    payment.timeoutNext("refund", { performed: false });
    const pending = await onecode.orders.refund(admin, order.id, {
      amount: 500,
      reason: "gift wrap missing",
    });
    expect(pending.refund.status).toBe("requested");
    await onecode.outbox.dispatch();
    const after = await onecode.orders.get(admin, order.id);
    expect(after.refunds[0]).toMatchObject({ status: "succeeded" });
    expect(payment.records.filter((r) => r.kind === "refund")).toHaveLength(1);
  });

  it("refuses more than is left to refund, an unpaid order, and staff without orders.refund", async () => {
    const { onecode, admin, order, buyer, sku, orderInput } = await paidOrder();
    await onecode.orders.refund(admin, order.id, { amount: 7000, reason: "partial" });
    const over = await onecode.orders
      .refund(admin, order.id, { amount: 981, reason: "too much" })
      .catch((e) => e);
    expect(issuesOf(over)).toEqual([["amount", "max"]]);
    const bad = await onecode.orders
      .refund(admin, order.id, { amount: 0, reason: "" })
      .catch((e) => e);
    expect(issuesOf(bad)).toEqual([
      ["amount", "positive_integer"],
      ["reason", "required"],
    ]);
    const tea = await sku();
    const unpaid = await onecode.orders.create(buyer(), orderInput(tea.id));
    const refused = await onecode.orders
      .refund(admin, unpaid.id, { amount: 1, reason: "x" })
      .catch((e) => e);
    expect(isOneCodeError(refused, "INVALID_STATE_TRANSITION")).toBe(true);
    const mine = await onecode.orders
      .refund(buyer(), order.id, { amount: 1, reason: "x" })
      .catch((e) => e);
    expect(isOneCodeError(mine, "FORBIDDEN")).toBe(true);
  });
});
