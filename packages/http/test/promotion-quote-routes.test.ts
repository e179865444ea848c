import { createOneCode, type PricingSource, percentRate } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { pricingQuoteSchema } from "../src/schemas/promotion-quote-schemas.js";
import { storedSku } from "./support/sku-fixture.js";
import { createTestApp } from "./support/test-app.js";

/** A buyer with 10,000 points at 100 points = 1.00 (up to half of the order) and a 5.00 coupon over 50.00. */
const sources: PricingSource[] = [
  {
    async member(_tenantId, customerId) {
      return {
        customerId,
        level: null,
        firstOrder: false,
        blacklisted: customerId === "blocked",
        pointsBalance: 10_000,
        pointsRedemption: { points: 100, amount: 100, cap: percentRate(50) },
      };
    },
    async coupon(request) {
      if (request.options.couponCode !== "FIVE") return null;
      return {
        couponId: "cpn-5",
        codeId: "code-5",
        name: "5.00 off over 50.00",
        value: { kind: "fixed", amount: 500 },
        threshold: 5000,
        scope: { kind: "all" },
      };
    },
  },
];

const delivery = { method: "express", regionCode: "CN-ZJ" };

describe("promotion quote routes", () => {
  it("quotes the buyer's own cart with a coupon and points, storing nothing", async () => {
    const app = createTestApp({ onecode: createOneCode({ pricingSources: sources }) });
    const tea = await storedSku(app, { price: 3000 });
    const quoted = await app.call("POST", "/v1/my/quote", {
      token: "acme-consumer",
      body: {
        lines: [{ skuId: tea.id, quantity: 2 }],
        delivery,
        pricingOptions: { couponCode: "FIVE", points: 300 },
      },
    });
    expect(quoted.status, quoted.text).toBe(200);
    expect(pricingQuoteSchema.safeParse(quoted.json).success).toBe(true);
    expect(quoted.json).toMatchObject({
      customerId: "acme-consumer-user",
      total: { amount: 5200 },
      coupon: { couponId: "cpn-5" },
      points: { used: 300, amount: 300 },
    });
    expect(quoted.json.steps.map((s: { total: { amount: number } }) => s.total.amount)).toEqual([
      6000, 6000, 6000, 5500, 5500, 5200,
    ]);
    expect((await app.call("GET", "/v1/my/orders", { token: "acme-consumer" })).json.items).toEqual(
      [],
    );
  });

  it("answers the pricing's refusals with their codes", async () => {
    const app = createTestApp({ onecode: createOneCode({ pricingSources: sources }) });
    const tea = await storedSku(app, { price: 3000 });
    const quote = (body: Record<string, unknown>, token = "acme-admin") =>
      app.call("POST", "/v1/promotions/quote", {
        token,
        body: { lines: [{ skuId: tea.id, quantity: 1 }], delivery, customerId: "c-1", ...body },
      });
    const coupon = await quote({ pricingOptions: { couponCode: "FIVE" } });
    expect(coupon.status).toBe(422);
    expect(coupon.json).toMatchObject({
      code: "PRICING_COUPON_NOT_APPLICABLE",
      details: { field: "pricingOptions.couponCode", threshold: 5000, amount: 3000 },
    });
    const balance = await quote({ pricingOptions: { points: 20_000 } });
    expect(balance.json).toMatchObject({
      code: "PRICING_POINTS_OVER_BALANCE",
      details: { requested: 20_000, balance: 10_000 },
    });
    const cap = await quote({ pricingOptions: { points: 1600 } });
    expect(cap.json).toMatchObject({
      code: "PRICING_POINTS_OVER_CAP",
      details: { maxPoints: 1500 },
    });
    expect(cap.status).toBe(422);
    const blocked = await quote({ customerId: "blocked" });
    expect(blocked.status).toBe(403);
    expect(blocked.json.code).toBe("CUSTOMER_BLACKLISTED");
    const points = await quote({ pricingOptions: { points: 1.5 } });
    expect(points.status).toBe(400);
    expect(points.json.errors).toEqual([
      expect.objectContaining({ field: "pricingOptions.points", rule: "non_negative_integer" }),
    ]);
    expect((await quote({}, "acme-inspector")).status).toBe(403);
    expect((await quote({ customerId: undefined })).json.errors).toEqual([
      expect.objectContaining({ field: "customerId", rule: "required" }),
    ]);
  });
});
