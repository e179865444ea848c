import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import { promotionTestKit } from "../limited-discounts/promotion-test-kit.js";

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error) => error,
  );

/** A kit with an approved distributor (buyer `dist`, 10%) and a 100.00 SKU. */
async function withDistributor() {
  const kit = promotionTestKit();
  const d = kit.buyer("dist");
  await kit.onecode.distributors.saveSettings(kit.admin, { defaultRate: "5" });
  const applied = await kit.onecode.distributors.apply(d, {
    note: "tea club",
    phone: "+86 139 0013 9000",
  });
  const approved = await kit.onecode.distributors.approve(kit.admin, applied.id, { rate: "10" });
  const sku = await kit.sku({ price: 10_000 });
  /** An order of `quantity` units by `buyer` with the distributor's code, paid, shipped and received. */
  const completed = async (buyer = "buyer-1", quantity = 1) => {
    const order = await kit.order(kit.buyer(buyer), sku.id, quantity, {
      distributorCode: approved.code,
    });
    await kit.onecode.orders.pay(kit.buyer(buyer), order.id);
    await kit.onecode.shipments.ship(kit.admin, order.id, { courier: "SF", trackingNumber: "SF1" });
    await kit.onecode.shipments.confirmReceipt(kit.buyer(buyer), order.id);
    await kit.settle();
    return order;
  };
  return { ...kit, d, distributor: approved, sku, completed };
}

describe("distributors", () => {
  it("applies, rejects, applies again and approves with an own rate, audited", async () => {
    const kit = promotionTestKit();
    const me = kit.buyer("dist");
    const applied = await kit.onecode.distributors.apply(me);
    expect(applied).toMatchObject({ status: "pending", customerId: "dist" });
    expect(applied.code).toMatch(/^[A-Z2-9]{8}$/);
    expect(
      isOneCodeError(await failure(kit.onecode.distributors.apply(me)), "INVALID_STATE_TRANSITION"),
    ).toBe(true);
    await kit.onecode.distributors.reject(kit.admin, applied.id, { reason: "incomplete" });
    await kit.onecode.distributors.apply(me, { note: "again" });
    const approved = await kit.onecode.distributors.approve(kit.admin, applied.id, {
      rate: "12.5",
    });
    expect(approved).toMatchObject({ status: "approved", rate: "12.5", decidedBy: "alice" });
    expect((await kit.onecode.distributors.mine(me)).distributor.id).toBe(applied.id);
    expect(
      isOneCodeError(await failure(kit.onecode.distributors.apply(kit.admin)), "FORBIDDEN"),
    ).toBe(true);
    expect(
      isOneCodeError(await failure(kit.onecode.distributors.approve(me, applied.id)), "FORBIDDEN"),
    ).toBe(true);
    const audit = await kit.onecode.audit.list(kit.admin, {
      targetType: "distributor",
      targetId: applied.id,
    });
    expect(audit.items.map((entry) => entry.action).sort()).toEqual([
      "promotions.distributor.applied",
      "promotions.distributor.applied",
      "promotions.distributor.approved",
      "promotions.distributor.rejected",
    ]);
  });

  it("earns commission on completed orders, never on the distributor's own", async () => {
    const kit = await withDistributor();
    const order = await kit.order(kit.buyer("buyer-1"), kit.sku.id, 3, {
      distributorCode: kit.distributor.code,
    });
    expect((await kit.onecode.distributors.statistics(kit.admin, kit.distributor.id)).pending).toBe(
      3_000,
    );
    await kit.onecode.orders.pay(kit.buyer("buyer-1"), order.id);
    await kit.onecode.shipments.ship(kit.admin, order.id, { courier: "SF", trackingNumber: "SF1" });
    await kit.onecode.shipments.confirmReceipt(kit.buyer("buyer-1"), order.id);
    await kit.settle();
    await kit.settle();
    await kit.completed("dist");
    expect(await kit.onecode.distributors.statistics(kit.admin, kit.distributor.id)).toEqual({
      earned: 3_000,
      pending: 0,
      withdrawing: 0,
      withdrawn: 0,
      available: 3_000,
      orders: 1,
    });
  });

  it("takes back the refunded share of a commission", async () => {
    const kit = await withDistributor();
    const order = await kit.completed("buyer-1", 2);
    // Refund a quarter of what was paid: a quarter of 20.00 commission.
    await kit.onecode.orders.refund(kit.admin, order.id, {
      amount: order.total.amount / 4,
      reason: "one broken",
    });
    await kit.settle();
    await kit.settle();
    expect((await kit.onecode.distributors.statistics(kit.admin, kit.distributor.id)).earned).toBe(
      1_500,
    );
    const commission = (await kit.onecode.distributors.commissions(kit.admin, kit.distributor.id))
      .items[0];
    expect(commission).toMatchObject({ status: "earned", amount: 2_000, reversed: 500 });
  });

  it("withdraws at least 1.00 of the available balance, pays out on approval, returns it on rejection", async () => {
    const kit = await withDistributor();
    await kit.completed();
    const small = await failure(kit.onecode.distributors.requestWithdrawal(kit.d, { amount: 99 }));
    expect(isOneCodeError(small, "VALIDATION_FAILED") && small.details.issues[0]?.rule).toBe(
      "min_withdrawal",
    );
    const much = await failure(
      kit.onecode.distributors.requestWithdrawal(kit.d, { amount: 1_001 }),
    );
    expect(isOneCodeError(much, "WITHDRAWAL_INSUFFICIENT_BALANCE") && much.details).toEqual({
      available: 1_000,
      requested: 1_001,
    });
    const first = await kit.onecode.distributors.requestWithdrawal(kit.d, { amount: 600 });
    const second = await kit.onecode.distributors.requestWithdrawal(kit.d, { amount: 400 });
    expect(
      isOneCodeError(
        await failure(kit.onecode.distributors.requestWithdrawal(kit.d, { amount: 100 })),
        "WITHDRAWAL_INSUFFICIENT_BALANCE",
      ),
    ).toBe(true);
    const paidEvents: unknown[] = [];
    kit.onecode.outbox.on("withdrawal.paid", "test.collect", async (event) => {
      paidEvents.push(event.payload);
    });
    await kit.onecode.distributors.approveWithdrawal(kit.admin, first.id);
    await kit.onecode.distributors.rejectWithdrawal(kit.admin, second.id, { reason: "check" });
    await kit.settle();
    await kit.settle();
    expect(await kit.onecode.distributors.getWithdrawal(kit.admin, first.id)).toMatchObject({
      status: "paid",
    });
    expect(paidEvents).toEqual([
      { withdrawalId: first.id, phone: "13900139000", amount: { amount: 600, currency: "CNY" } },
    ]);
    const transfers = await kit.onecode.payments.listForSubject(kit.admin, {
      type: "withdrawal",
      id: first.id,
    });
    expect(
      transfers.map((payment) => [payment.kind, payment.amount.amount, payment.idempotencyKey]),
    ).toEqual([["transfer", 600, first.id]]);
    expect((await kit.onecode.distributors.mine(kit.d)).statistics).toMatchObject({
      earned: 1_000,
      withdrawn: 600,
      withdrawing: 0,
      available: 400,
    });
    expect((await kit.onecode.distributors.myWithdrawals(kit.d)).items).toHaveLength(2);
  });

  it("makes a failed payout available again", async () => {
    const kit = await withDistributor();
    await kit.completed();
    kit.payment.failNext("transfer", "INSUFFICIENT_BALANCE");
    const w = await kit.onecode.distributors.requestWithdrawal(kit.d, { amount: 1_000 });
    await kit.onecode.distributors.approveWithdrawal(kit.admin, w.id);
    await kit.settle();
    expect(await kit.onecode.distributors.getWithdrawal(kit.admin, w.id)).toMatchObject({
      status: "failed",
      failureCode: "INSUFFICIENT_BALANCE",
    });
    expect(
      (await kit.onecode.distributors.statistics(kit.admin, kit.distributor.id)).available,
    ).toBe(1_000);
  });

  it("settles a pending payout by the provider's notification", async () => {
    const kit = await withDistributor();
    await kit.completed();
    kit.payment.pendingNext("transfer", "succeeded");
    const w = await kit.onecode.distributors.requestWithdrawal(kit.d, { amount: 500 });
    await kit.onecode.distributors.approveWithdrawal(kit.admin, w.id);
    await kit.settle();
    const approved = await kit.onecode.distributors.getWithdrawal(kit.admin, w.id);
    expect(approved.status).toBe("approved");
    const [transfer] = await kit.onecode.payments.listForSubject(kit.admin, {
      type: "withdrawal",
      id: w.id,
    });
    const system = { ...kit.admin, actor: { kind: "system" as const, id: "system" } };
    await kit.onecode.payments.recordNotification(
      system,
      kit.payment.decidePending(transfer?.id ?? ""),
    );
    await kit.settle();
    expect(await kit.onecode.distributors.getWithdrawal(kit.admin, w.id)).toMatchObject({
      status: "paid",
      paymentId: transfer?.id,
    });
    expect((await kit.onecode.distributors.mine(kit.d)).statistics.withdrawn).toBe(500);
  });

  it("takes the whole commission back when everything paid is refunded", async () => {
    const kit = await withDistributor();
    const order = await kit.completed();
    await kit.onecode.orders.refund(kit.admin, order.id, {
      amount: order.total.amount,
      reason: "all",
    });
    await kit.settle();
    await kit.settle();
    const commission = (await kit.onecode.distributors.commissions(kit.admin, kit.distributor.id))
      .items[0];
    expect(commission).toMatchObject({ amount: 1_000, reversed: 1_000 });
    expect((await kit.onecode.distributors.statistics(kit.admin, kit.distributor.id)).earned).toBe(
      0,
    );
  });

  it("voids the commission of an order closed before completion", async () => {
    const kit = await withDistributor();
    const order = await kit.order(kit.buyer("buyer-1"), kit.sku.id, 1, {
      distributorCode: kit.distributor.code.toLowerCase(),
    });
    await kit.onecode.orders.cancel(kit.buyer("buyer-1"), order.id);
    await kit.settle();
    const commission = (await kit.onecode.distributors.commissions(kit.admin, kit.distributor.id))
      .items[0];
    expect(commission).toMatchObject({ status: "void", amount: 0 });
    expect((await kit.onecode.distributors.statistics(kit.admin, kit.distributor.id)).pending).toBe(
      0,
    );
  });
});
