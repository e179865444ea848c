import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import { tenantContext } from "../../kernel/tenant.js";
import { ordersTestKit } from "../orders-test-kit.js";

describe("closing and repricing orders", () => {
  it("closes an unpaid order at the payment timeout, once, giving its stock back", async () => {
    const { onecode, buyer, sku, orderInput, stockOf, clock, admin } = ordersTestKit();
    const tea = await sku({ stock: 4 });
    const order = await onecode.orders.create(buyer(), orderInput(tea.id, 3));
    clock.advance(29 * 60_000);
    await onecode.timers.runDue();
    expect((await onecode.orders.get(admin, order.id)).state).toBe("unpaid");
    clock.advance(2 * 60_000);
    const tick = await onecode.timers.runDue();
    expect(tick).toMatchObject({ completed: 1 });
    const closed = await onecode.orders.get(admin, order.id);
    expect(closed).toMatchObject({
      state: "closed",
      closeReason: "payment_timeout",
      stock: "released",
    });
    expect(await stockOf(tea.id)).toBe(4);
    // A second run of the same timer (a crash before it was marked done) changes nothing.
    await onecode.orders.cancel(buyer(), order.id).catch(() => undefined);
    expect(await stockOf(tea.id)).toBe(4);
  });

  it("honours the tenant's payment timeout", async () => {
    const { onecode, buyer, sku, orderInput, clock, admin } = ordersTestKit();
    await onecode.orderSettings.update(admin, { closeUnpaidAfterMinutes: 5 });
    const tea = await sku();
    const order = await onecode.orders.create(buyer(), orderInput(tea.id));
    clock.advance(5 * 60_000);
    await onecode.timers.runDue();
    expect((await onecode.orders.get(admin, order.id)).state).toBe("closed");
  });

  it("lets the buyer or staff with orders.cancel cancel while unpaid, and refuses it after payment", async () => {
    const { onecode, buyer, sku, orderInput, stockOf, admin } = ordersTestKit();
    const tea = await sku({ stock: 2 });
    const mine = await onecode.orders.create(buyer(), orderInput(tea.id));
    expect((await onecode.orders.cancel(buyer(), mine.id)).closeReason).toBe("buyer_cancelled");
    const theirs = await onecode.orders.create(buyer(), orderInput(tea.id));
    expect((await onecode.orders.cancel(admin, theirs.id)).closeReason).toBe("merchant_cancelled");
    expect(await stockOf(tea.id)).toBe(2);
    const paid = await onecode.orders.create(buyer(), orderInput(tea.id));
    await onecode.orders.pay(buyer(), paid.id);
    const refused = await onecode.orders.cancel(buyer(), paid.id).catch((e) => e);
    expect(isOneCodeError(refused, "INVALID_STATE_TRANSITION")).toBe(true);
    expect(refused.details).toMatchObject({
      from: "to_ship",
      to: "close_unpaid",
      required: "unpaid",
    });
  });

  it("changes the price only while unpaid, splits it exactly across the lines, audits it and charges the new price", async () => {
    const { onecode, buyer, sku, orderInput, admin, payment } = ordersTestKit();
    const a = await sku({ price: 1000 });
    const b = await sku({ price: 2000 });
    const order = await onecode.orders.create(buyer(), {
      ...orderInput(a.id),
      lines: [
        { skuId: a.id, quantity: 1 },
        { skuId: b.id, quantity: 1 },
      ],
    });
    const changed = await onecode.orders.changePrice(admin, order.id, {
      goodsAmount: 2000,
      reason: "regular customer",
    });
    expect(changed.total.amount).toBe(2000);
    expect(changed.lines.map((line) => line.amount.amount)).toEqual([667, 1333]);
    expect(changed.adjustments).toEqual([
      {
        source: { kind: "price_change", id: null },
        label: "regular customer",
        amount: { amount: -1000, currency: "CNY" },
      },
    ]);
    const { payment: charge } = await onecode.orders.pay(buyer(), order.id);
    expect(charge?.amount.amount).toBe(2000);
    expect(charge?.idempotencyKey).toBe(`${order.id}:charge:2`);
    const late = await onecode.orders
      .changePrice(admin, order.id, { goodsAmount: 1 })
      .catch((e) => e);
    expect(isOneCodeError(late, "INVALID_STATE_TRANSITION")).toBe(true);
    const audit = await onecode.audit.list(admin, {
      targetId: order.id,
      action: "orders.order.price_changed",
    });
    expect(audit.items[0]?.changes.total).toEqual({ before: 3000, after: 2000 });
    const clerk = tenantContext("acme", {
      id: "carol",
      kind: "staff",
      grants: [{ capability: "orders.read" }],
    });
    const other = await onecode.orders.create(buyer(), orderInput(a.id));
    expect(
      isOneCodeError(
        await onecode.orders.changePrice(clerk, other.id, { goodsAmount: 5 }).catch((e) => e),
        "FORBIDDEN",
      ),
    ).toBe(true);
    expect(payment.records).toHaveLength(1);
  });

  it("takes a buyer's cancellation request, which staff reject or accept with a refund", async () => {
    const { onecode, buyer, sku, orderInput, admin, stockOf } = ordersTestKit();
    const tea = await sku({ stock: 3 });
    const order = await onecode.orders.create(buyer(), orderInput(tea.id, 2));
    await onecode.orders.pay(buyer(), order.id);
    const asked = await onecode.orders.requestCancellation(buyer(), order.id, {
      reason: "ordered twice",
    });
    expect(asked.cancellationRequest?.reason).toBe("ordered twice");
    const listed = await onecode.orders.list(admin, { view: "cancellation_requested" });
    expect(listed.items.map((o) => o.id)).toEqual([order.id]);
    const rejected = await onecode.orders.rejectCancellation(admin, order.id, {
      reason: "already packed",
    });
    expect(rejected.cancellationRequest).toBeNull();
    await onecode.orders.requestCancellation(buyer(), order.id, { reason: "please" });
    const { order: closed, refund } = await onecode.orders.close(admin, order.id, {
      refund: true,
      reason: "agreed",
    });
    expect(closed).toMatchObject({
      state: "closed",
      closeReason: "merchant_cancelled",
      stock: "released",
    });
    expect(refund).toMatchObject({ status: "succeeded", amount: { amount: 7980 } });
    expect(closed.refundedTotal.amount).toBe(7980);
    expect(await stockOf(tea.id)).toBe(3);
  });
});
