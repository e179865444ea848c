import { describe, expect, it } from "vitest";
import { orderRecord } from "../../../testing/order-fixtures.js";
import { createOneCode } from "../../create-one-code.js";
import { ManualClock } from "../../kernel/clock.js";
import { money } from "../../kernel/money.js";
import { seededRandom } from "../../kernel/random.js";
import { percentRate } from "../../kernel/rates.js";
import { tenantContext } from "../../kernel/tenant.js";
import type { PricingRequest } from "../../orders/checkout/order-pricing.js";
import type { CouponTerms, PricingUse } from "../pricing/pricing-sources.js";
import { couponPricingSource } from "./coupon-pricing-source.js";

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const NOW = "2026-05-01T02:00:00.000Z";

function setup() {
  const clock = new ManualClock(NOW);
  const onecode = createOneCode({ clock, random: seededRandom("pricing") });
  const runtime = { ports: onecode.ports } as Parameters<typeof couponPricingSource>[0];
  return { onecode, source: couponPricingSource(runtime) };
}

const request = (couponCode: unknown, customerId = "cus_a", at = NOW): PricingRequest => ({
  tenantId: "acme",
  customerId,
  lines: [],
  delivery: { method: "express", regionCode: "CN-ZJ" },
  shipping: money(0, "CNY"),
  currency: "CNY",
  options: couponCode === undefined ? {} : { couponCode },
  at,
});

function commitOf(source: ReturnType<typeof couponPricingSource>) {
  if (!source.commit) throw new Error("the coupon source commits");
  return source.commit;
}

const useOf = (coupon: CouponTerms | null) => ({ coupon }) as unknown as PricingUse;

const terms = {
  validFrom: "2026-05-01T00:00:00Z",
  validUntil: "2026-06-01T00:00:00Z",
};

describe("coupon pricing source", () => {
  it("resolves a held code into its terms and marks it used once in the order's transaction", async () => {
    const { onecode, source } = setup();
    const coupon = await onecode.coupons.create(admin, {
      kind: "normal",
      name: "10% off, at most 5.00",
      codePrefix: "TEN",
      quantity: 1,
      value: { kind: "percent", percentOff: 10, cap: 500 },
      threshold: 5000,
      ...terms,
    });
    await onecode.coupons.publish(admin, coupon.id);
    const [code] = await onecode.coupons.distribute(admin, coupon.id, [
      { customerId: "cus_a", quantity: 1 },
    ]);
    if (!code) throw new Error("expected a code");
    expect(await source.coupon?.(request(undefined))).toBeNull();
    const resolved = await source.coupon?.(request(code.code));
    expect(resolved).toEqual({
      couponId: coupon.id,
      codeId: code.id,
      name: "10% off, at most 5.00",
      value: { kind: "percent", off: percentRate(10), cap: 500 },
      threshold: 5000,
      scope: { kind: "all" },
    });
    await expect(source.coupon?.(request(code.code, "cus_b"))).rejects.toMatchObject({
      code: "COUPON_UNUSABLE",
      details: { field: "pricingOptions.couponCode", reason: "unknown" },
    });
    await expect(
      source.coupon?.(request(code.code, "cus_a", "2026-06-02T00:00:00.000Z")),
    ).rejects.toMatchObject({ details: { reason: "expired" } });
    const order = orderRecord("acme", { customerId: "cus_a" });
    const storage = onecode.ports.storage;
    await storage.transaction((tx) =>
      commitOf(source)(tx, order, request(code.code), useOf(resolved ?? null)),
    );
    const second = orderRecord("acme", { customerId: "cus_a" });
    await expect(
      storage.transaction((tx) =>
        commitOf(source)(tx, second, request(code.code), useOf(resolved ?? null)),
      ),
    ).rejects.toMatchObject({ code: "COUPON_UNUSABLE", details: { reason: "used" } });
    await expect(source.coupon?.(request(code.code))).rejects.toMatchObject({
      details: { reason: "used" },
    });
  });

  it("uses a reusable code up to its use count", async () => {
    const { onecode, source } = setup();
    const coupon = await onecode.coupons.create(admin, {
      kind: "reusable",
      name: "KOL 3.00 off",
      code: "KOL2026",
      useLimit: 2,
      perCustomerLimit: 5,
      value: { kind: "fixed", amount: 300 },
      ...terms,
    });
    await expect(source.coupon?.(request("KOL2026"))).rejects.toMatchObject({
      details: { reason: "unknown" },
    });
    await onecode.coupons.publish(admin, coupon.id);
    const resolved = (await source.coupon?.(request("KOL2026"))) ?? null;
    expect(resolved).toMatchObject({ couponId: coupon.id, codeId: coupon.id });
    const storage = onecode.ports.storage;
    const orders = [1, 2, 3].map(() => orderRecord("acme", { customerId: "cus_a" }));
    const results = await Promise.allSettled(
      orders.map((order) =>
        storage.transaction((tx) =>
          commitOf(source)(tx, order, request("KOL2026"), useOf(resolved)),
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    await expect(source.coupon?.(request("KOL2026"))).rejects.toMatchObject({
      details: { reason: "exhausted" },
    });
  });
});
