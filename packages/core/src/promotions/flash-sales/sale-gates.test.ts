import { describe, expect, it } from "vitest";
import type { OutboxDelivery } from "../../kernel/outbox/outbox-handlers.js";
import { flashSaleTestKit } from "./flash-sale-test-kit.js";
import { saleTakeHandlers } from "./sale-gates.js";

const direct: OutboxDelivery = { handlerName: "direct", attempt: 1, handleOnce: async () => true };

describe("giving flash-sale units back when an order closes", () => {
  it("returns a closed unpaid order's units once, however often order.closed arrives", async () => {
    const kit = flashSaleTestKit();
    const tea = await kit.sku({ stock: 100 });
    const sale = await kit.onecode.flashSales.create(kit.admin, {
      name: "Noon tea",
      startsAt: kit.later(0),
      endsAt: kit.later(60),
      items: [{ skuId: tea.id, price: 100, stock: 5, perPersonLimit: 2 }],
    });
    const closing = await kit.onecode.orders.create(kit.buyer("b1"), kit.orderInput(tea.id, 2));
    await kit.onecode.orders.create(kit.buyer("b2"), kit.orderInput(tea.id, 1));
    await kit.onecode.orders.cancel(kit.buyer("b1"), closing.id);
    const [handler] = saleTakeHandlers({ ports: kit.onecode.ports });
    const event = {
      id: "evt_1",
      tenantId: "acme",
      type: "order.closed",
      aggregate: { type: "order", id: closing.id },
      payload: { orderId: closing.id, reason: "buyer_cancelled" },
      occurredAt: kit.later(0),
      attempts: 1,
    };
    for (let i = 0; i < 3; i++) await handler?.handler(event as never, direct);
    await kit.settle();
    expect((await kit.onecode.flashSales.soldUnits(kit.admin, sale.id))[0]?.sold).toBe(1);
    // b1's limit is whole again: two more units pass.
    await kit.onecode.orders.create(kit.buyer("b1"), kit.orderInput(tea.id, 2));
  });

  it("keeps a paid order's units when it is closed by a refund", async () => {
    const kit = flashSaleTestKit();
    const tea = await kit.sku({ stock: 100 });
    const sale = await kit.onecode.flashSales.create(kit.admin, {
      name: "Noon tea",
      startsAt: kit.later(0),
      endsAt: kit.later(60),
      items: [{ skuId: tea.id, price: 100, stock: 5, perPersonLimit: 2 }],
    });
    const order = await kit.onecode.orders.create(kit.buyer(), kit.orderInput(tea.id, 2));
    await kit.onecode.orders.pay(kit.buyer(), order.id);
    const [handler] = saleTakeHandlers({ ports: kit.onecode.ports });
    await handler?.handler(
      {
        id: "evt_2",
        tenantId: "acme",
        type: "order.closed",
        aggregate: { type: "order", id: order.id },
        payload: { orderId: order.id, reason: "refunded" },
        occurredAt: kit.later(0),
        attempts: 1,
      } as never,
      direct,
    );
    expect((await kit.onecode.flashSales.soldUnits(kit.admin, sale.id))[0]?.sold).toBe(2);
  });
});
