import { describe, expect, it } from "vitest";
import { rejectionOf } from "../../codes/codes-test-kit.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { tenantContext } from "../../kernel/tenant.js";
import {
  admin,
  afterSalesKit,
  buyer,
  inspector,
  otherBuyer,
  returnAddress,
} from "./after-sales-test-kit.js";

const refundOnly = {
  kind: "refund_only" as const,
  items: [{ lineId: "l1", quantity: 1 }],
  refundAmount: 3990,
  reason: "Broken seal",
};
const returnAndRefund = { ...refundOnly, kind: "return_and_refund" as const, reason: "Wrong size" };
const exchange = {
  ...refundOnly,
  kind: "exchange" as const,
  refundAmount: 0,
  reason: "Wrong colour",
};
const parcel = { courier: "SF", trackingNumber: "SF1001" };

describe("after-sales flows", () => {
  it("refund only: applied → approved → refunding → refunded, the refund asked for once", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const applied = await kit.service.apply(buyer, order.id, {
      ...refundOnly,
      description: "The tin was dented",
      evidence: ["https://img.example/1.jpg"],
    });
    expect(applied).toMatchObject({
      state: "applied",
      orderId: order.id,
      customerId: "customer-1",
      refundAmount: { amount: 3990, currency: "CNY" },
      goodsReceived: true,
      version: 1,
    });
    expect(applied).not.toHaveProperty("storeId");
    const approved = await kit.service.approve(admin, applied.id);
    expect(approved).toMatchObject({ state: "refunding", decidedBy: "alice", version: 2 });
    expect(approved.refundId).toMatch(/^rfd_/);

    await kit.dispatch();
    expect(kit.refunds.calls).toEqual([
      { refundId: approved.refundId, amount: 3990, reason: "Broken seal", afterSaleId: applied.id },
    ]);
    const pending = await kit.service.get(buyer, applied.id);
    expect(pending.refund).toMatchObject({ id: approved.refundId, status: "requested" });

    await kit.refunds.settle(order.id, approved.refundId as string, "succeeded");
    await kit.dispatch();
    const refunded = await kit.service.get(buyer, applied.id);
    expect(refunded).toMatchObject({ state: "refunded", closedAt: "2026-05-03T02:00:00.000Z" });
    expect(refunded.refund?.status).toBe("succeeded");
    expect(await kit.audit(applied.id)).toEqual([
      "orders.after_sale.applied",
      "orders.after_sale.approved",
      "orders.after_sale.refunded",
    ]);
    expect(kit.events.map((event) => event.type)).toEqual([
      "after_sale.applied",
      "after_sale.approved",
      "after_sale.refund_due",
      "after_sale.refunded",
    ]);
    expect(kit.events[1]?.payload).toMatchObject({ from: "applied", state: "refunding" });
  });

  it("return and refund: approved with the return address, shipped back, confirmed, refunded", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder({ state: "completed" });
    const applied = await kit.service.apply(buyer, order.id, returnAndRefund);
    const approved = await kit.service.approve(admin, applied.id, { returnAddress });
    expect(approved).toMatchObject({ state: "approved", returnAddress, refundId: null });
    const returning = await kit.service.shipBack(buyer, applied.id, parcel);
    expect(returning).toMatchObject({
      state: "returning",
      returnParcel: { ...parcel, at: "2026-05-03T02:00:00.000Z" },
    });
    const confirmed = await kit.service.confirmReturn(admin, applied.id);
    expect(confirmed.state).toBe("refunding");
    await kit.dispatch();
    expect(kit.refunds.calls.map((call) => call.refundId)).toEqual([confirmed.refundId]);
    await kit.refunds.settle(order.id, confirmed.refundId as string, "succeeded");
    await kit.dispatch();
    expect((await kit.service.get(admin, applied.id)).state).toBe("refunded");
    expect(await kit.audit(applied.id)).toEqual([
      "orders.after_sale.applied",
      "orders.after_sale.approved",
      "orders.after_sale.shipped_back",
      "orders.after_sale.return_confirmed",
      "orders.after_sale.refunded",
    ]);
  });

  it("exchange: approved, shipped back, received, reshipped; no refund", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const applied = await kit.service.apply(buyer, order.id, exchange);
    await kit.service.approve(admin, applied.id, { returnAddress });
    await kit.service.shipBack(buyer, applied.id, parcel);
    const received = await kit.service.confirmReturn(admin, applied.id);
    expect(received).toMatchObject({ state: "received", refundId: null });
    const reshipped = await kit.service.reship(admin, applied.id, {
      courier: " YTO ",
      trackingNumber: "YT2002",
    });
    expect(reshipped).toMatchObject({
      state: "reshipped",
      reshipment: { courier: "YTO", trackingNumber: "YT2002" },
      closedAt: "2026-05-03T02:00:00.000Z",
    });
    await kit.dispatch();
    expect(kit.refunds.calls).toEqual([]);
    expect(kit.events.map((event) => event.type)).toEqual([
      "after_sale.applied",
      "after_sale.approved",
      "after_sale.shipped_back",
      "after_sale.return_confirmed",
      "after_sale.reshipped",
    ]);
  });

  it("rejects with a reason; the buyer withdraws from applied or approved, and then no longer", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const first = await kit.service.apply(buyer, order.id, refundOnly);
    const rejected = await kit.service.reject(admin, first.id, { reason: " No damage visible " });
    expect(rejected).toMatchObject({ state: "rejected", rejectionReason: "No damage visible" });
    expect(rejected.closedAt).not.toBeNull();

    const second = await kit.service.apply(buyer, order.id, returnAndRefund);
    expect((await kit.service.withdraw(buyer, second.id)).state).toBe("withdrawn");
    const third = await kit.service.apply(buyer, order.id, exchange);
    await kit.service.approve(admin, third.id, { returnAddress });
    expect((await kit.service.withdraw(buyer, third.id)).state).toBe("withdrawn");

    const fourth = await kit.service.apply(buyer, order.id, returnAndRefund);
    await kit.service.approve(admin, fourth.id, { returnAddress });
    await kit.service.shipBack(buyer, fourth.id, parcel);
    const refused = await rejectionOf(kit.service.withdraw(buyer, fourth.id));
    expect(isOneCodeError(refused, "INVALID_STATE_TRANSITION")).toBe(true);
    expect((refused as Error).message).toContain(
      "is returning; withdraw needs it applied or approved",
    );
    expect((await kit.service.get(buyer, fourth.id)).version).toBe(3);
  });

  it("refuses moves out of order and changes nothing", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const request = await kit.service.apply(buyer, order.id, returnAndRefund);
    const attempts = [
      () => kit.service.shipBack(buyer, request.id, parcel),
      () => kit.service.confirmReturn(admin, request.id),
      () => kit.service.reship(admin, request.id, parcel),
    ];
    for (const attempt of attempts) {
      expect(isOneCodeError(await rejectionOf(attempt()), "INVALID_STATE_TRANSITION")).toBe(true);
    }
    await kit.service.approve(admin, request.id, { returnAddress });
    for (const attempt of [
      () => kit.service.approve(admin, request.id, { returnAddress }),
      () => kit.service.reject(admin, request.id, { reason: "late" }),
      () => kit.service.reship(admin, request.id, parcel),
    ]) {
      expect(isOneCodeError(await rejectionOf(attempt()), "INVALID_STATE_TRANSITION")).toBe(true);
    }
    const stored = await kit.service.get(admin, request.id);
    expect(stored).toMatchObject({ state: "approved", version: 2 });
    expect(await kit.audit(request.id)).toEqual([
      "orders.after_sale.applied",
      "orders.after_sale.approved",
    ]);
  });

  it("needs a return address to approve the return kinds", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const request = await kit.service.apply(buyer, order.id, exchange);
    const missing = await rejectionOf(kit.service.approve(admin, request.id));
    expect((missing as { details: unknown }).details).toMatchObject({
      issues: [{ field: "returnAddress", rule: "required" }],
    });
    const malformed = await rejectionOf(
      kit.service.approve(admin, request.id, {
        returnAddress: { ...returnAddress, regionCode: "zj", phone: "x" },
      }),
    );
    expect(
      (malformed as { details: { issues: { field: string }[] } }).details.issues.map(
        (i) => i.field,
      ),
    ).toEqual(["returnAddress.phone", "returnAddress.regionCode"]);
    expect((await kit.service.get(admin, request.id)).state).toBe("applied");
  });
});

describe("who may do what", () => {
  it("hides another buyer's requests and orders as NOT_FOUND", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const request = await kit.service.apply(buyer, order.id, returnAndRefund);
    for (const attempt of [
      () => kit.service.get(otherBuyer, request.id),
      () => kit.service.withdraw(otherBuyer, request.id),
      () => kit.service.shipBack(otherBuyer, request.id, parcel),
      () => kit.service.apply(otherBuyer, order.id, refundOnly),
    ]) {
      expect(isOneCodeError(await rejectionOf(attempt()), "NOT_FOUND")).toBe(true);
    }
    expect((await kit.service.list(otherBuyer)).items).toEqual([]);
    expect((await kit.service.list(otherBuyer, { customerId: "customer-1" })).items).toEqual([]);
    expect((await kit.service.list(buyer)).items.map((item) => item.id)).toEqual([request.id]);
  });

  it("keeps staff operations to staff holding the capability", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const request = await kit.service.apply(buyer, order.id, returnAndRefund);
    for (const attempt of [
      () => kit.service.approve(buyer, request.id, { returnAddress }),
      () => kit.service.reject(buyer, request.id, { reason: "no" }),
      () => kit.service.confirmReturn(buyer, request.id),
      () => kit.service.reship(buyer, request.id, parcel),
      () => kit.service.approve(inspector, request.id, { returnAddress }),
      () => kit.service.withdraw(inspector, request.id),
      () => kit.service.apply(inspector, order.id, refundOnly),
      () => kit.service.get(inspector, request.id),
      () => kit.service.list(inspector),
    ]) {
      expect(isOneCodeError(await rejectionOf(attempt()), "FORBIDDEN")).toBe(true);
    }
    const scoped = tenantContext("acme", {
      id: "carol",
      kind: "staff",
      grants: [
        { capability: "orders.refund", scope: { stores: ["store-7"] } },
        { capability: "orders.read", scope: { stores: ["store-7"] } },
      ],
    });
    expect(
      isOneCodeError(
        await rejectionOf(kit.service.approve(scoped, request.id, { returnAddress })),
        "FORBIDDEN",
      ),
    ).toBe(true);
    expect((await kit.service.list(scoped)).items).toEqual([]);
    const storeOrder = await kit.paidOrder({
      delivery: { ...order.delivery, method: "self_pickup", storeId: "store-7" },
    });
    const inStore = await kit.service.apply(scoped, storeOrder.id, refundOnly);
    expect((await kit.service.approve(scoped, inStore.id)).state).toBe("refunding");
    expect((await kit.service.list(scoped)).items.map((item) => item.id)).toEqual([inStore.id]);
    expect((await kit.audit(inStore.id))[0]).toBe("orders.after_sale.applied");
  });

  it("lists staff views by filter, newest first, page by page", async () => {
    const kit = afterSalesKit();
    const first = await kit.paidOrder();
    const second = await kit.paidOrder();
    const a = await kit.service.apply(buyer, first.id, refundOnly);
    const b = await kit.service.apply(buyer, second.id, exchange);
    const c = await kit.service.apply(admin, second.id, {
      ...refundOnly,
      items: [{ lineId: "l2", quantity: 1 }],
      refundAmount: 100,
    });
    expect((await kit.service.list(admin)).items.map((item) => item.id)).toEqual([
      c.id,
      b.id,
      a.id,
    ]);
    expect(
      (await kit.service.list(admin, { orderId: second.id, kinds: ["exchange"] })).items.map(
        (i) => i.id,
      ),
    ).toEqual([b.id]);
    expect(
      (await kit.service.list(admin, { states: ["applied"] }, { limit: 2 })).nextCursor,
    ).not.toBeNull();
    const bad = await rejectionOf(
      kit.service.list(admin, { states: ["lost" as never], createdFrom: "yesterday" }),
    );
    expect(isOneCodeError(bad, "VALIDATION_FAILED")).toBe(true);
  });
});
