import { describe, expect, it } from "vitest";
import { freightTemplateRules } from "../../../testing/freight-fixtures.js";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { tenantContext } from "../../kernel/tenant.js";
import { ordersTestKit } from "../orders-test-kit.js";

describe("placing an order", () => {
  it("prices the lines at list price, reserves reserve_on_create stock, audits and sets the payment timeout", async () => {
    const { onecode, buyer, sku, orderInput, stockOf, admin, clock } = ordersTestKit();
    const tea = await sku({ stock: 5 });
    const order = await onecode.orders.create(buyer(), orderInput(tea.id, 2));
    expect(order).toMatchObject({
      state: "unpaid",
      logisticsState: "not_shipped",
      customerId: "buyer-1",
      stock: "held",
      goodsTotal: { amount: 7980, currency: "CNY" },
      shipping: { amount: 0 },
      total: { amount: 7980 },
      verification: null,
    });
    expect(order.number).toMatch(/^20260501\d{10}$/);
    expect(order.lines[0]).toMatchObject({
      lineId: "l1",
      skuId: tea.id,
      quantity: 2,
      amount: { amount: 7980 },
    });
    expect(await stockOf(tea.id)).toBe(3);
    const timer = await onecode.timers.get(admin, "orders.close_unpaid", order.id);
    expect(timer?.dueAt).toBe(new Date(clock.nowMs() + 30 * 60_000).toISOString());
    const audit = await onecode.audit.list(admin, { targetId: order.id });
    expect(audit.items.map((entry) => [entry.action, entry.actor.kind])).toEqual([
      ["orders.order.created", "consumer"],
    ]);
  });

  it("alerts the tenant's recipients once when an order's take crosses a SKU's low-stock threshold", async () => {
    const { onecode, buyer, sku, orderInput, admin, notifier } = ordersTestKit();
    await onecode.orderSettings.update(admin, {
      alertRecipients: [{ channel: "email", to: "stock@acme.example" }],
    });
    const tea = await sku({ stock: 6, lowStockThreshold: 3, code: "LJ-250" });
    const pay = await sku({
      stock: 6,
      lowStockThreshold: 3,
      code: "LJ-500",
      policy: "reserve_on_pay",
    });
    await onecode.orders.create(buyer(), orderInput(tea.id, 2)); // 6 → 4: above the threshold
    await onecode.orders.create(buyer(), orderInput(tea.id, 2)); // 4 → 2: crosses it
    await onecode.orders.create(buyer(), orderInput(tea.id, 1)); // 2 → 1: already below
    const late = await onecode.orders.create(buyer(), orderInput(pay.id, 4));
    await onecode.orders.pay(buyer(), late.id); // 6 → 2 at payment: crosses it
    for (let tick = 0; tick < 3; tick++) await onecode.outbox.dispatch();
    expect(
      notifier.sent
        .filter((sent) => sent.template === "stock_low")
        .map((sent) => [sent.to, sent.params.skuCode, sent.params.stock]),
    ).toEqual([
      ["stock@acme.example", "LJ-250", "2"],
      ["stock@acme.example", "LJ-500", "2"],
    ]);
  });

  it("takes nothing at creation under reserve_on_pay, but refuses more than is left", async () => {
    const { onecode, buyer, sku, orderInput, stockOf } = ordersTestKit();
    const tea = await sku({ stock: 3, policy: "reserve_on_pay" });
    const order = await onecode.orders.create(buyer(), orderInput(tea.id, 3));
    expect(order.stock).toBe("none");
    expect(await stockOf(tea.id)).toBe(3);
    const refused = await onecode.orders.create(buyer(), orderInput(tea.id, 4)).catch((e) => e);
    expect(isOneCodeError(refused, "STOCK_EXHAUSTED")).toBe(true);
    expect(refused.details).toMatchObject({
      skuId: tea.id,
      requested: 4,
      available: 3,
      field: "lines.0.skuId",
    });
  });

  it("never oversells: 40 concurrent orders of one unit against stock 10", async () => {
    const { onecode, buyer, sku, orderInput, stockOf } = ordersTestKit();
    const tea = await sku({ stock: 10 });
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        onecode.orders.create(buyer(`b${i}`), orderInput(tea.id)),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    for (const r of results) {
      if (r.status === "rejected") expect(isOneCodeError(r.reason, "STOCK_EXHAUSTED")).toBe(true);
    }
    expect(await stockOf(tea.id)).toBe(0);
  });

  it("names every broken field and changes nothing", async () => {
    const { onecode, buyer, stockOf, sku } = ordersTestKit();
    const tea = await sku({ stock: 2 });
    const error = await onecode.orders
      .create(buyer(), {
        lines: [
          { skuId: "sku_missing", quantity: 1 },
          { skuId: tea.id, quantity: 0 },
        ],
        delivery: {
          method: "self_pickup",
          address: { name: "", phone: "call me", regionCode: "zj", line: "x" },
        },
        channel: "Mini Program",
      })
      .catch((e) => e);
    expect(issuesOf(error)).toEqual([
      ["lines.1.quantity", "range"],
      ["delivery.address.name", "required"],
      ["delivery.address.phone", "phone"],
      ["delivery.address.regionCode", "region_code"],
      ["delivery.storeId", "required"],
      ["channel", "channel_format"],
    ]);
    const unknown = await onecode.orders
      .create(buyer(), {
        lines: [{ skuId: "sku_missing", quantity: 1 }],
        delivery: {
          method: "express",
          address: { name: "Li", phone: "13800138000", regionCode: "CN-ZJ", line: "x" },
        },
      })
      .catch((e) => e);
    expect(issuesOf(unknown)).toEqual([["lines.0.skuId", "not_found"]]);
    expect(await stockOf(tea.id)).toBe(2);
  });

  it("gives pickup and in-store orders a 12-digit verification code", async () => {
    const { onecode, buyer, sku } = ordersTestKit();
    const tea = await sku();
    const order = await onecode.orders.create(buyer(), {
      lines: [{ skuId: tea.id, quantity: 1 }],
      delivery: {
        method: "self_pickup",
        storeId: "store-7",
        address: { name: "Li Lei", phone: "13800138000", regionCode: "CN-ZJ", line: "-" },
      },
    });
    expect(order.verification).toEqual({
      code: expect.stringMatching(/^\d{12}$/),
      verifiedAt: null,
      verifiedBy: null,
    });
  });

  it("prices shipping with the tenant's freight template", async () => {
    const { onecode, buyer, sku, orderInput, admin } = ordersTestKit();
    const tea = await sku();
    // The fixture: 10.00 for the first kg, 3.00 per started 500 g; CN-ZJ has its own rule.
    const template = await onecode.freightTemplates.create(admin, {
      ...freightTemplateRules(),
      regionRules: [],
    });
    await onecode.orderSettings.update(admin, { freightTemplateId: template.id });
    const order = await onecode.orders.create(buyer(), orderInput(tea.id, 3));
    expect(order.shipping.amount).toBe(1300);
    expect(order.total.amount).toBe(3 * 3990 + 1300);
    const remote = orderInput(tea.id);
    const refused = await onecode.orders
      .create(buyer(), {
        ...remote,
        delivery: {
          ...remote.delivery,
          address: { ...remote.delivery.address, regionCode: "CN-XZ" },
        },
      })
      .catch((e) => e);
    expect(isOneCodeError(refused, "REGION_NOT_DELIVERED")).toBe(true);
  });

  it("lets staff place orders for a customer with orders.create, and refuses a consumer ordering for someone else", async () => {
    const { onecode, buyer, sku, orderInput } = ordersTestKit();
    const tea = await sku();
    const clerk = tenantContext("acme", {
      id: "carol",
      kind: "staff",
      grants: [{ capability: "orders.create" }],
    });
    const order = await onecode.orders.create(clerk, {
      ...orderInput(tea.id),
      customerId: "walk-in-9",
      channel: "admin",
    });
    expect(order).toMatchObject({ customerId: "walk-in-9", ownerId: "carol", channel: "admin" });
    const missing = await onecode.orders.create(clerk, orderInput(tea.id)).catch((e) => e);
    expect(issuesOf(missing)).toEqual([["customerId", "required"]]);
    const reader = tenantContext("acme", { id: "dan", kind: "staff", roles: ["inspector"] });
    expect(
      isOneCodeError(
        await onecode.orders
          .create(reader, { ...orderInput(tea.id), customerId: "x" })
          .catch((e) => e),
        "FORBIDDEN",
      ),
    ).toBe(true);
    const other = await onecode.orders
      .create(buyer(), { ...orderInput(tea.id), customerId: "someone-else" })
      .catch((e) => e);
    expect(isOneCodeError(other, "FORBIDDEN")).toBe(true);
  });
});
