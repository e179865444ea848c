import { describe, expect, it } from "vitest";
import { createOneCode } from "../../create-one-code.js";
import { ManualClock } from "../../kernel/clock.js";
import { money } from "../../kernel/money.js";
import { tenantContext } from "../../kernel/tenant.js";
import { memoryStorage } from "../../memory/memory-storage.js";
import type { OrderPricing } from "../../orders/checkout/order-pricing.js";

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const buyer = tenantContext("acme", { id: "buyer-1", kind: "consumer" });
const delivery = { method: "express", regionCode: "CN-ZJ" } as const;

async function shop(pricing?: OrderPricing) {
  const storage = memoryStorage();
  const onecode = createOneCode({
    clock: new ManualClock("2026-05-01T02:00:00Z"),
    storage,
    ...(pricing && { orders: { pricing } }),
  });
  const at = "2026-05-01T02:00:00.000Z";
  await storage.skus.saveSettings({
    tenantId: "acme",
    productId: "prd-a",
    policy: "reserve_on_create",
    dimensions: [],
    updatedAt: at,
  });
  await storage.skus.insert({
    tenantId: "acme",
    id: "sku-a",
    productId: "prd-a",
    code: "A",
    spec: {},
    price: money(6000, "CNY"),
    stock: 1,
    weightGrams: 500,
    lowStockThreshold: null,
    createdAt: at,
    updatedAt: at,
  });
  return onecode;
}

describe("promotions.quote", () => {
  it("quotes at list price with no promotion, like checkout, storing nothing", async () => {
    const onecode = await shop();
    const quote = await onecode.promotions.quote(buyer, {
      lines: [
        { skuId: "sku-a", quantity: 1 },
        { skuId: "sku-a", quantity: 1 },
      ],
      delivery,
    });
    expect(quote).toMatchObject({
      customerId: "buyer-1",
      total: { amount: 12_000 },
      adjustments: [],
      coupon: null,
      points: { used: 0, amount: 0 },
    });
    // Quotes check no stock: two units of a SKU with one left still price.
    expect(quote.lines).toEqual([expect.objectContaining({ quantity: 2, title: "A" })]);
    expect((await onecode.orders.list(admin, {})).items).toEqual([]);
  });

  it("quotes a host's own pricing through its answer", async () => {
    const halfOff: OrderPricing = {
      async price(request) {
        const adjustment = {
          source: { kind: "host", id: null },
          label: "Half off",
          amount: money(-(request.lines[0]?.sku.price.amount ?? 0) / 2, request.currency),
        };
        return {
          lines: request.lines.map((line) => ({ lineId: line.lineId, adjustments: [adjustment] })),
          adjustments: [adjustment],
          shipping: request.shipping,
        };
      },
    };
    const onecode = await shop(halfOff);
    const quote = await onecode.promotions.quote(admin, {
      customerId: "c-1",
      lines: [{ skuId: "sku-a", quantity: 1 }],
      delivery,
    });
    expect(quote.total.amount).toBe(3000);
    expect(quote.steps.map((step) => [step.step, step.total.amount])).toEqual([
      ["list", 6000],
      ["points", 3000],
    ]);
  });

  it("lets consumers quote only for themselves, and names unknown SKUs", async () => {
    const onecode = await shop();
    await expect(
      onecode.promotions.quote(buyer, {
        customerId: "other",
        lines: [{ skuId: "sku-a", quantity: 1 }],
        delivery,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      onecode.promotions.quote(buyer, { lines: [{ skuId: "nope", quantity: 1 }], delivery }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { issues: [{ field: "lines.0.skuId", rule: "not_found" }] },
    });
  });
});
