import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import { ordersTestKit } from "../../orders/orders-test-kit.js";

const later = (kit: ReturnType<typeof ordersTestKit>, minutes: number) =>
  new Date(kit.clock.nowMs() + minutes * 60_000).toISOString();

describe("flash sales and presales through createOneCode's promotion engine", () => {
  it("prices a flash-sale line, shortens the payment window and refuses past the limit", async () => {
    const kit = ordersTestKit();
    const tea = await kit.sku({ price: 3990, stock: 50 });
    const sale = await kit.onecode.flashSales.create(kit.admin, {
      name: "Noon tea",
      startsAt: later(kit, 0),
      endsAt: later(kit, 60),
      items: [{ skuId: tea.id, price: 990, stock: 10, perPersonLimit: 2 }],
      payWithinMinutes: 5,
    });
    const order = await kit.onecode.orders.create(kit.buyer(), kit.orderInput(tea.id, 2));
    expect(order.total.amount).toBe(1980);
    const limit = await kit.onecode.orders
      .create(kit.buyer(), kit.orderInput(tea.id, 1))
      .catch((error: unknown) => error);
    expect(isOneCodeError(limit, "FLASH_SALE_LIMIT_EXCEEDED")).toBe(true);
    kit.clock.advance(5 * 60_000);
    await kit.onecode.timers.runDue();
    await kit.onecode.outbox.dispatch();
    expect((await kit.onecode.orders.get(kit.admin, order.id)).state).toBe("closed");
    expect((await kit.onecode.flashSales.soldUnits(kit.admin, sale.id))[0]?.sold).toBe(0);
  });

  it("sells presale units past the SKU's real stock", async () => {
    const kit = ordersTestKit();
    const tea = await kit.sku({ price: 5000, stock: 0 });
    await kit.onecode.presales.create(kit.admin, {
      name: "New harvest",
      startsAt: later(kit, 0),
      endsAt: later(kit, 600),
      items: [{ skuId: tea.id, price: 4500, virtualStock: 3 }],
      delivery: { kind: "date", date: "2026-06-18" },
    });
    const order = await kit.onecode.orders.create(kit.buyer(), kit.orderInput(tea.id, 3));
    expect([order.total.amount, order.lines[0]?.ownStockUnits, order.stock]).toEqual([
      13_500,
      3,
      "none",
    ]);
    expect((await kit.onecode.presales.deliveryOf(kit.buyer(), order.id))?.deliverFrom).toBe(
      "2026-06-18",
    );
  });
});
