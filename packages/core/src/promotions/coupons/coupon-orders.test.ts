import { describe, expect, it } from "vitest";
import { createOneCode, type OneCode } from "../../create-one-code.js";
import { ManualClock } from "../../kernel/clock.js";
import { money } from "../../kernel/money.js";
import { seededRandom } from "../../kernel/random.js";
import { tenantContext } from "../../kernel/tenant.js";
import type { OrderPricing } from "../../orders/checkout/order-pricing.js";
import type { CouponTerms, PricingSource, PricingUse } from "../pricing/pricing-sources.js";
import { couponPricingSource } from "./coupon-pricing-source.js";

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const buyer = tenantContext("acme", { id: "cus_li", kind: "consumer" });
const NOW = "2026-05-01T02:00:00.000Z";

/**
 * Orders priced through the coupon source alone (the pricing pipeline's
 * arithmetic left out): the terms ride in `commitments` to `commit`, which
 * runs in the order's transaction.
 */
function setup() {
  let source: PricingSource | null = null;
  const pricing: OrderPricing = {
    async price(request) {
      const coupon = (await source?.coupon?.(request)) ?? null;
      return {
        lines: request.lines.map((line) => ({ lineId: line.lineId, adjustments: [] })),
        adjustments: [],
        shipping: request.shipping,
        commitments: coupon,
      };
    },
    async commit(tx, order, request, result) {
      const use = { coupon: result.commitments as CouponTerms | null } as PricingUse;
      return source?.commit?.(tx, order, request, use);
    },
  };
  const onecode: OneCode = createOneCode({
    clock: new ManualClock(NOW),
    random: seededRandom("coupon-orders"),
    orders: { pricing },
  });
  source = couponPricingSource({ ports: onecode.ports } as Parameters<
    typeof couponPricingSource
  >[0]);
  return onecode;
}

async function skuOf(onecode: OneCode): Promise<string> {
  const storage = onecode.ports.storage;
  const productId = onecode.ports.ids.newId("prd");
  await storage.skus.saveSettings({
    tenantId: "acme",
    productId,
    policy: "reserve_on_create",
    dimensions: [],
    updatedAt: NOW,
  });
  const id = onecode.ports.ids.newId("sku");
  await storage.skus.insert({
    tenantId: "acme",
    id,
    productId,
    code: `SKU-${id.slice(-6)}`,
    spec: {},
    price: money(3990, "CNY"),
    stock: 10,
    weightGrams: 500,
    lowStockThreshold: null,
    createdAt: NOW,
    updatedAt: NOW,
  });
  return id;
}

describe("coupons in orders", () => {
  it("marks the code used by the order, refuses a second order with it, and gives it back when the order is cancelled unpaid", async () => {
    const onecode = setup();
    const skuId = await skuOf(onecode);
    const coupon = await onecode.coupons.create(admin, {
      kind: "normal",
      name: "2.00 off",
      codePrefix: "SP",
      quantity: 1,
      value: { kind: "fixed", amount: 200 },
      validFrom: "2026-05-01T00:00:00Z",
      validUntil: "2026-06-01T00:00:00Z",
    });
    await onecode.coupons.publish(admin, coupon.id);
    const [code] = await onecode.coupons.distribute(admin, coupon.id, [
      { customerId: "cus_li", quantity: 1 },
    ]);
    if (!code) throw new Error("expected a code");
    const input = {
      lines: [{ skuId, quantity: 1 }],
      delivery: {
        method: "express" as const,
        address: { name: "Li Lei", phone: "13800138000", regionCode: "CN-ZJ", line: "1 Road" },
      },
      pricingOptions: { couponCode: code.code },
    };
    const orders = await Promise.allSettled([
      onecode.orders.create(buyer, input),
      onecode.orders.create(buyer, input),
    ]);
    const placed = orders.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    expect(placed).toHaveLength(1);
    const refused = orders.find((o) => o.status === "rejected");
    expect(refused?.status === "rejected" && refused.reason).toMatchObject({
      code: "COUPON_UNUSABLE",
      details: { field: "pricingOptions.couponCode" },
    });
    const order = placed[0];
    if (!order) throw new Error("expected an order");
    expect((await onecode.coupons.wallet(buyer)).items[0]?.state).toBe("used");
    await onecode.orders.cancel(buyer, order.id);
    await onecode.outbox.dispatch();
    expect((await onecode.coupons.wallet(buyer)).items[0]?.state).toBe("usable");
    const again = await onecode.orders.create(buyer, input);
    expect(again.id).not.toBe(order.id);
  });
});
