import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import { promotionTestKit } from "./promotion-test-kit.js";

const VALIDITY = { startsAt: "2026-05-01T00:00:00Z", endsAt: "2026-06-01T00:00:00Z" };
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error) => error,
  );

describe("time-limited discounts", () => {
  it("prices running SKUs specially and takes the discount's own stock", async () => {
    const kit = promotionTestKit();
    const sku = await kit.sku({ price: 3_990, stock: 10 });
    const sale = await kit.onecode.limitedDiscounts.create(kit.admin, {
      name: "8.5折",
      kind: "rate",
      ...VALIDITY,
      items: [{ skuId: sku.id, rate: "8.5", stock: 5 }],
    });
    const order = await kit.order(kit.buyer(), sku.id, 2);
    // 39.90 × 0.85 = 33.915 → 33.92 each.
    expect(order.lines[0]?.amount.amount).toBe(6_784);
    expect(order.lines[0]?.adjustments[0]?.source).toEqual({
      kind: "limited_discount",
      id: sale.id,
    });
    expect((await kit.onecode.limitedDiscounts.get(kit.admin, sale.id)).items[0]?.sold).toBe(2);
    expect(await kit.onecode.limitedDiscounts.isRunning(kit.admin, sale.id)).toBe(true);
  });

  it("gives units and counts back when an order closes unpaid, once", async () => {
    const kit = promotionTestKit();
    const sku = await kit.sku();
    const sale = await kit.onecode.limitedDiscounts.create(kit.admin, {
      name: "Half price",
      kind: "price",
      ...VALIDITY,
      limit: { mode: "refuse", quantity: 2 },
      items: [{ skuId: sku.id, amount: 5_000, stock: 3 }],
    });
    const order = await kit.order(kit.buyer(), sku.id, 2);
    expect(
      isOneCodeError(
        await failure(kit.order(kit.buyer(), sku.id, 1)),
        "LIMITED_DISCOUNT_LIMIT_EXCEEDED",
      ),
    ).toBe(true);
    await kit.onecode.orders.cancel(kit.buyer(), order.id);
    await kit.settle();
    await kit.settle();
    expect((await kit.onecode.limitedDiscounts.get(kit.admin, sale.id)).items[0]?.sold).toBe(0);
    const again = await kit.order(kit.buyer(), sku.id, 2);
    expect(again.total.amount - again.shipping.amount).toBe(10_000);
  });

  it("applies the per-person limit modes: lose all, first N", async () => {
    const kit = promotionTestKit();
    const [a, b] = [await kit.sku(), await kit.sku()];
    await kit.onecode.limitedDiscounts.create(kit.admin, {
      name: "lose all",
      kind: "reduction",
      ...VALIDITY,
      limit: { mode: "lose_all", quantity: 2 },
      items: [{ skuId: a.id, amount: 1_000, stock: 50 }],
    });
    await kit.onecode.limitedDiscounts.create(kit.admin, {
      name: "first two",
      kind: "reduction",
      ...VALIDITY,
      limit: { mode: "first_n", quantity: 2 },
      items: [{ skuId: b.id, amount: 1_000, stock: 50 }],
    });
    const goods = (order: { total: { amount: number }; shipping: { amount: number } }) =>
      order.total.amount - order.shipping.amount;
    expect(goods(await kit.order(kit.buyer(), a.id, 3))).toBe(30_000);
    expect(goods(await kit.order(kit.buyer(), a.id, 2))).toBe(18_000);
    expect(goods(await kit.order(kit.buyer(), a.id, 1))).toBe(10_000);
    expect(goods(await kit.order(kit.buyer(), b.id, 3))).toBe(28_000);
    expect(goods(await kit.order(kit.buyer(), b.id, 1))).toBe(10_000);
    expect(goods(await kit.order(kit.buyer("buyer-2"), b.id, 1))).toBe(9_000);
  });

  it("prices only inside the recurrence window", async () => {
    const kit = promotionTestKit();
    const sku = await kit.sku();
    // 02:00Z is 10:00 in Shanghai: outside 14:00–17:00.
    await kit.onecode.limitedDiscounts.create(kit.admin, {
      name: "Tea time",
      kind: "rate",
      ...VALIDITY,
      recurrence: { kind: "daily", window: { from: "14:00", to: "17:00" } },
      items: [{ skuId: sku.id, rate: 5, stock: 10 }],
    });
    expect((await kit.order(kit.buyer(), sku.id)).lines[0]?.amount.amount).toBe(10_000);
    kit.clock.set("2026-05-01T06:30:00Z");
    expect((await kit.order(kit.buyer(), sku.id)).lines[0]?.amount.amount).toBe(5_000);
  });

  it("refuses overlapping discounts of one SKU, stock above the SKU's and never-running recurrences", async () => {
    const kit = promotionTestKit();
    const sku = await kit.sku({ stock: 10 });
    const first = await kit.onecode.limitedDiscounts.create(kit.admin, {
      name: "May",
      kind: "rate",
      ...VALIDITY,
      items: [{ skuId: sku.id, rate: "9", stock: 10 }],
    });
    const taken = await failure(
      kit.onecode.limitedDiscounts.create(kit.admin, {
        name: "Late May",
        kind: "rate",
        startsAt: "2026-05-20T00:00:00Z",
        endsAt: "2026-07-01T00:00:00Z",
        items: [{ skuId: sku.id, rate: "9", stock: 1 }],
      }),
    );
    expect(isOneCodeError(taken, "LIMITED_DISCOUNT_SKU_TAKEN") && taken.details).toEqual({
      skuId: sku.id,
      discountId: first.id,
    });
    const tooMany = await failure(
      kit.onecode.limitedDiscounts.create(kit.admin, {
        name: "June",
        kind: "rate",
        startsAt: "2026-06-01T00:00:00Z",
        endsAt: "2026-07-01T00:00:00Z",
        items: [{ skuId: sku.id, rate: "9", stock: 11 }],
      }),
    );
    expect(isOneCodeError(tooMany, "VALIDATION_FAILED") && tooMany.details.issues[0]?.rule).toBe(
      "max_sku_stock",
    );
    const never = await failure(
      kit.onecode.limitedDiscounts.create(kit.admin, {
        name: "Never",
        kind: "rate",
        startsAt: "2026-06-01T00:00:00Z",
        endsAt: "2026-06-02T00:00:00Z",
        recurrence: { kind: "days_of_month", days: [15], window: null },
        items: [{ skuId: sku.id, rate: "9", stock: 1 }],
      }),
    );
    expect(isOneCodeError(never, "LIMITED_DISCOUNT_NEVER_RUNS")).toBe(true);
    const bad = await failure(
      kit.onecode.limitedDiscounts.create(kit.admin, {
        name: "",
        kind: "rate",
        startsAt: "2026-06-02T00:00:00Z",
        endsAt: "2026-06-01T00:00:00Z",
        items: [{ skuId: sku.id, rate: "10", stock: 0 }],
      }),
    );
    expect(
      isOneCodeError(bad, "VALIDATION_FAILED") && bad.details.issues.map((issue) => issue.field),
    ).toEqual(["name", "endsAt", "items.0.stock", "items.0.rate"]);
    await kit.onecode.limitedDiscounts.end(kit.admin, first.id);
    await kit.onecode.limitedDiscounts.create(kit.admin, {
      name: "Late May",
      kind: "rate",
      startsAt: "2026-05-20T00:00:00Z",
      endsAt: "2026-07-01T00:00:00Z",
      items: [{ productId: sku.productId, rate: "9", stock: 1 }],
    });
    expect((await kit.onecode.limitedDiscounts.list(kit.admin)).items).toHaveLength(2);
    expect(
      isOneCodeError(
        await failure(kit.onecode.limitedDiscounts.end(kit.admin, first.id)),
        "INVALID_STATE_TRANSITION",
      ),
    ).toBe(true);
    expect(
      isOneCodeError(await failure(kit.onecode.limitedDiscounts.list(kit.buyer())), "FORBIDDEN"),
    ).toBe(true);
  });

  it("lets one of two buyers racing for the last discounted unit have it", async () => {
    const kit = promotionTestKit();
    const sku = await kit.sku();
    const sale = await kit.onecode.limitedDiscounts.create(kit.admin, {
      name: "Last one",
      kind: "price",
      ...VALIDITY,
      items: [{ skuId: sku.id, amount: 1_000, stock: 1 }],
    });
    const outcomes = await Promise.allSettled([
      kit.order(kit.buyer("b1"), sku.id),
      kit.order(kit.buyer("b2"), sku.id),
    ]);
    const discounted = outcomes.filter(
      (outcome) =>
        outcome.status === "fulfilled" && outcome.value.lines[0]?.amount.amount === 1_000,
    );
    expect(discounted).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") {
        expect(isOneCodeError(outcome.reason, "LIMITED_DISCOUNT_STOCK_EXHAUSTED")).toBe(true);
      }
    }
    expect((await kit.onecode.limitedDiscounts.get(kit.admin, sale.id)).items[0]?.sold).toBe(1);
  });
});
