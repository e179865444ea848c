import { describe, expect, it } from "vitest";
import { ordersTestKit } from "../orders/orders-test-kit.js";

/** Flows that cross promotion modules through the outbox, on the default engine. */
describe("promotion flows across modules", () => {
  async function shop() {
    const kit = ordersTestKit();
    const { onecode, admin } = kit;
    const coupon = await onecode.coupons.create(admin, {
      kind: "normal",
      name: "5.00 off next time",
      codePrefix: "GIFT",
      quantity: 10,
      value: { kind: "fixed", amount: 500 },
      validFrom: "2026-01-01T00:00:00Z",
      validUntil: "2027-01-01T00:00:00Z",
    });
    await onecode.coupons.publish(admin, coupon.id);
    const settle = async () => {
      for (let round = 0; round < 5; round++) await onecode.outbox.dispatch();
    };
    return { ...kit, coupon, settle };
  }

  it("gives a gift-coupon activity's coupon once the order completes, not before", async () => {
    const { onecode, admin, buyer, sku, coupon, settle } = await shop();
    const tea = await sku({ price: 6000 });
    await onecode.activities.create(admin, {
      name: "Spend 50, get 5.00 off next time",
      terms: { kind: "gift_coupon", threshold: 5000, couponId: coupon.id },
    });
    const order = await onecode.orders.create(buyer("cus_li"), {
      lines: [{ skuId: tea.id, quantity: 1 }],
      delivery: {
        method: "self_pickup",
        storeId: "store-1",
        address: { name: "Li Lei", phone: "13800138000", regionCode: "CN-ZJ", line: "1 Road" },
      },
    });
    await onecode.orders.pay(buyer("cus_li"), order.id);
    await settle();
    expect((await onecode.coupons.wallet(buyer("cus_li"))).items).toHaveLength(0);

    await onecode.shipments.verifyPickup(admin, order.verification?.code ?? "");
    await settle();
    const wallet = await onecode.coupons.wallet(buyer("cus_li"));
    expect(wallet.items.map((item) => item.couponId)).toEqual([coupon.id]);
  });

  it("gives the sign-up coupon to each new account once", async () => {
    const { onecode, admin, buyer, coupon, settle } = await shop();
    await onecode.coupons.setSignupGift(admin, coupon.id);
    await onecode.customers.register(admin, { customerId: "cus_new" });
    await onecode.customers.register(admin, { customerId: "cus_new" });
    await settle();
    expect((await onecode.coupons.wallet(buyer("cus_new"))).items).toHaveLength(1);
    expect((await onecode.coupons.get(admin, coupon.id)).statistics.issued).toBe(1);
  });
});
