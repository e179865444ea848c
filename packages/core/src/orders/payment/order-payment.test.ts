import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import { tenantContext } from "../../kernel/tenant.js";
import { ordersTestKit } from "../orders-test-kit.js";

describe("paying an order", () => {
  it("charges the total once and moves the order to to_ship, cancelling the payment timeout", async () => {
    const { onecode, buyer, sku, orderInput, payment, admin } = ordersTestKit();
    const tea = await sku();
    const order = await onecode.orders.create(buyer(), orderInput(tea.id, 2));
    const { order: paid, payment: charge } = await onecode.orders.pay(buyer(), order.id);
    expect(charge).toMatchObject({ kind: "charge", status: "succeeded", amount: { amount: 7980 } });
    expect(paid).toMatchObject({
      state: "to_ship",
      chargeId: charge?.id,
      paidAt: expect.any(String),
    });
    expect(await onecode.timers.get(admin, "orders.close_unpaid", order.id)).toBeNull();
    // The decision event is delivered too: applying it again changes nothing.
    await onecode.outbox.dispatch();
    expect((await onecode.orders.get(admin, order.id)).version).toBe(paid.version);
    expect(payment.records.filter((r) => r.kind === "charge")).toHaveLength(1);
    const again = await onecode.orders.pay(buyer(), order.id).catch((e) => e);
    expect(isOneCodeError(again, "INVALID_STATE_TRANSITION")).toBe(true);
  });

  it("keeps a pending charge unpaid until the provider's notification decides it", async () => {
    const { onecode, buyer, sku, orderInput, payment, admin } = ordersTestKit();
    const tea = await sku();
    const order = await onecode.orders.create(buyer(), orderInput(tea.id));
    payment.pendingNext("charge", "succeeded");
    const { order: waiting, payment: charge } = await onecode.orders.pay(buyer(), order.id);
    expect(charge?.status).toBe("pending");
    expect(waiting.state).toBe("unpaid");
    await onecode.payments.recordNotification(admin, payment.decidePending(charge?.id as string));
    await onecode.outbox.dispatch();
    expect((await onecode.orders.get(admin, order.id)).state).toBe("to_ship");
  });

  it("surfaces a declined charge and lets the buyer retry with the same key", async () => {
    const { onecode, buyer, sku, orderInput, payment } = ordersTestKit();
    const tea = await sku();
    const order = await onecode.orders.create(buyer(), orderInput(tea.id));
    payment.failNext("charge", "PAYER_DECLINED");
    const first = await onecode.orders.pay(buyer(), order.id);
    expect(first.payment).toMatchObject({ status: "failed", failureCode: "PAYER_DECLINED" });
    expect(first.order.state).toBe("unpaid");
    const second = await onecode.orders.pay(buyer(), order.id);
    expect(second.order.state).toBe("to_ship");
    expect(second.payment?.idempotencyKey).toBe(first.payment?.idempotencyKey);
  });

  it("under reserve_on_pay takes stock at payment, and refunds and closes a paid order whose stock ran out", async () => {
    const { onecode, buyer, sku, orderInput, stockOf, payment, admin } = ordersTestKit();
    const tea = await sku({ stock: 1, policy: "reserve_on_pay" });
    const first = await onecode.orders.create(buyer("b1"), orderInput(tea.id));
    const second = await onecode.orders.create(buyer("b2"), orderInput(tea.id));
    expect((await onecode.orders.pay(buyer("b1"), first.id)).order).toMatchObject({
      state: "to_ship",
      stock: "held",
    });
    expect(await stockOf(tea.id)).toBe(0);
    const late = await onecode.orders.pay(buyer("b2"), second.id);
    expect(late.order).toMatchObject({ state: "closed", closeReason: "stock_exhausted" });
    expect(late.order.refunds[0]).toMatchObject({ status: "requested", amount: { amount: 3990 } });
    await onecode.outbox.dispatch();
    const refunded = await onecode.orders.get(admin, second.id);
    expect(refunded.refunds[0]?.status).toBe("succeeded");
    expect(refunded.refundedTotal.amount).toBe(3990);
    expect(payment.records.filter((r) => r.kind === "refund")).toHaveLength(1);
    expect(await stockOf(tea.id)).toBe(0);
  });

  it("never oversells under reserve_on_pay: 30 concurrent payments for stock 10", async () => {
    const { onecode, buyer, sku, orderInput, stockOf, admin } = ordersTestKit();
    const tea = await sku({ stock: 10, policy: "reserve_on_pay" });
    const orders = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        onecode.orders.create(buyer(`b${i}`), orderInput(tea.id)),
      ),
    );
    const paid = await Promise.all(orders.map((o, i) => onecode.orders.pay(buyer(`b${i}`), o.id)));
    const states = paid.map(({ order }) => order.state);
    expect(states.filter((s) => s === "to_ship")).toHaveLength(10);
    expect(states.filter((s) => s === "closed")).toHaveLength(20);
    expect(await stockOf(tea.id)).toBe(0);
    for (let tick = 0; tick < 5; tick++) await onecode.outbox.dispatch();
    const refunded = await onecode.orders.list(admin, { states: ["closed"], limit: 50 });
    expect(refunded.items.every((o) => o.refundedTotal.amount === 3990)).toBe(true);
  });

  it("refunds, automatically and visibly, a charge that succeeds after the order closed", async () => {
    const { onecode, buyer, sku, orderInput, payment, admin, clock } = ordersTestKit();
    const tea = await sku({ stock: 2 });
    const order = await onecode.orders.create(buyer(), orderInput(tea.id));
    payment.pendingNext("charge", "succeeded");
    const { payment: charge } = await onecode.orders.pay(buyer(), order.id);
    clock.advance(31 * 60_000);
    await onecode.timers.runDue();
    expect((await onecode.orders.get(admin, order.id)).state).toBe("closed");
    await onecode.payments.recordNotification(admin, payment.decidePending(charge?.id as string));
    await onecode.outbox.dispatch();
    await onecode.outbox.dispatch();
    const closed = await onecode.orders.get(admin, order.id);
    expect(closed).toMatchObject({
      state: "closed",
      closeReason: "payment_timeout",
      chargeId: null,
    });
    expect(closed.refunds).toEqual([
      expect.objectContaining({
        chargeId: charge?.id,
        status: "succeeded",
        reason: "paid after the order was closed",
      }),
    ]);
    const audit = await onecode.audit.list(admin, { targetId: order.id });
    expect(audit.items.map((entry) => entry.action)).toContain(
      "orders.order.charge_refunded_automatically",
    );
  });

  it("refuses another buyer's order as missing and staff without payments.record", async () => {
    const { onecode, buyer, sku, orderInput } = ordersTestKit();
    const tea = await sku();
    const order = await onecode.orders.create(buyer(), orderInput(tea.id));
    expect(
      isOneCodeError(await onecode.orders.pay(buyer("b9"), order.id).catch((e) => e), "NOT_FOUND"),
    ).toBe(true);
    const clerk = tenantContext("acme", { id: "carol", kind: "staff", roles: ["inspector"] });
    expect(
      isOneCodeError(await onecode.orders.pay(clerk, order.id).catch((e) => e), "FORBIDDEN"),
    ).toBe(true);
    expect(
      isOneCodeError(
        await onecode.orders.get(buyer("x", "other"), order.id).catch((e) => e),
        "NOT_FOUND",
      ),
    ).toBe(true);
  });
});
