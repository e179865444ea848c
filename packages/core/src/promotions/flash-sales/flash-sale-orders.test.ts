import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import { flashSaleTestKit } from "./flash-sale-test-kit.js";

async function refusal(run: Promise<unknown>): Promise<unknown> {
  try {
    await run;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

async function runningSale(stock = 3, perPersonLimit = 2) {
  const kit = flashSaleTestKit();
  const tea = await kit.sku({ price: 3990, stock: 100 });
  const sale = await kit.onecode.flashSales.create(kit.admin, {
    name: "Noon tea",
    startsAt: kit.later(0),
    endsAt: kit.later(120),
    items: [{ skuId: tea.id, price: 990, stock, perPersonLimit }],
    payWithinMinutes: 15,
  });
  return { kit, tea, sale };
}

describe("flash sales in orders", () => {
  it("prices the line at the sale price and closes the order unpaid after the sale's window", async () => {
    const { kit, tea, sale } = await runningSale();
    const order = await kit.onecode.orders.create(kit.buyer(), kit.orderInput(tea.id, 2));
    expect(order.total.amount).toBe(2 * 990);
    expect(order.lines[0]?.adjustments).toEqual([
      {
        source: { kind: "flash_sale", id: sale.id },
        label: "Noon tea",
        amount: { amount: -6000, currency: "CNY" },
      },
    ]);
    expect(await kit.onecode.flashSales.soldUnits(kit.admin, sale.id)).toEqual([
      { skuId: tea.id, stock: 3, sold: 2 },
    ]);
    kit.clock.advance(15 * 60_000);
    await kit.settle();
    const closed = await kit.onecode.orders.get(kit.admin, order.id);
    expect([closed.state, closed.closeReason]).toEqual(["closed", "payment_timeout"]);
    expect((await kit.onecode.flashSales.soldUnits(kit.admin, sale.id))[0]?.sold).toBe(0);
    // The limit came back too: the buyer can buy 2 again.
    await kit.onecode.orders.create(kit.buyer(), kit.orderInput(tea.id, 2));
  });

  it("refuses past the per-person limit and past the sale's stock, naming the line", async () => {
    const { kit, tea, sale } = await runningSale(3, 2);
    await kit.onecode.orders.create(kit.buyer("b1"), kit.orderInput(tea.id, 2));
    const limit = await refusal(
      kit.onecode.orders.create(kit.buyer("b1"), kit.orderInput(tea.id, 1)),
    );
    expect(isOneCodeError(limit, "FLASH_SALE_LIMIT_EXCEEDED") && limit.details).toEqual({
      saleId: sale.id,
      lineId: "l1",
      skuId: tea.id,
      requested: 1,
      remaining: 0,
    });
    const short = await refusal(
      kit.onecode.orders.create(kit.buyer("b2"), kit.orderInput(tea.id, 2)),
    );
    expect(isOneCodeError(short, "FLASH_SALE_SOLD_OUT") && short.details.remaining).toBe(1);
  });

  it("keeps the units of a paid order when it closes later; returns a cancelled one's once", async () => {
    const { kit, tea, sale } = await runningSale(3, 3);
    const paid = await kit.onecode.orders.create(kit.buyer(), kit.orderInput(tea.id, 1));
    await kit.onecode.orders.pay(kit.buyer(), paid.id);
    const cancelled = await kit.onecode.orders.create(kit.buyer(), kit.orderInput(tea.id, 2));
    await kit.onecode.orders.cancel(kit.buyer(), cancelled.id);
    await kit.settle();
    await kit.settle();
    expect((await kit.onecode.flashSales.soldUnits(kit.admin, sale.id))[0]?.sold).toBe(1);
    const takes = await kit.storage.saleTakes.ofOrder("acme", cancelled.id);
    expect(takes.map((take) => take.returnedAt !== null)).toEqual([true]);
  });

  it("charges the list price outside the window and after a stop", async () => {
    const { kit, tea, sale } = await runningSale();
    await kit.onecode.flashSales.stop(kit.admin, sale.id);
    const order = await kit.onecode.orders.create(kit.buyer(), kit.orderInput(tea.id, 5));
    expect(order.total.amount).toBe(5 * 3990);
  });

  it("never oversells nor passes a buyer's limit under many parallel orders", async () => {
    const { kit, tea, sale } = await runningSale(7, 2);
    const buyers = ["b1", "b2", "b3", "b4", "b5", "b6"];
    const attempts = buyers.flatMap((id) =>
      [1, 1, 2].map((quantity) =>
        kit.onecode.orders.create(kit.buyer(id), kit.orderInput(tea.id, quantity)),
      ),
    );
    const results = await Promise.allSettled(attempts);
    const placed = results.flatMap((result) =>
      result.status === "fulfilled" ? [result.value] : [],
    );
    for (const result of results) {
      if (result.status === "rejected") {
        expect(
          isOneCodeError(result.reason, "FLASH_SALE_SOLD_OUT") ||
            isOneCodeError(result.reason, "FLASH_SALE_LIMIT_EXCEEDED"),
        ).toBe(true);
      }
    }
    const units = (orders: typeof placed) =>
      orders.reduce((sum, order) => sum + (order.lines[0]?.quantity ?? 0), 0);
    expect(units(placed)).toBeLessThanOrEqual(7);
    for (const id of buyers) {
      expect(units(placed.filter((order) => order.customerId === id))).toBeLessThanOrEqual(2);
    }
    expect((await kit.onecode.flashSales.soldUnits(kit.admin, sale.id))[0]?.sold).toBe(
      units(placed),
    );
  });
});
