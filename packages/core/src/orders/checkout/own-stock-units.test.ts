import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import { ordersTestKit } from "../orders-test-kit.js";
import type { OrderPricing, PricingRequest } from "./order-pricing.js";

/** A pricing whose own stock (a presale's) covers `covered(line)` units of each line. */
function coveringPricing(covered: (quantity: number) => number): OrderPricing {
  return {
    async price(request: PricingRequest) {
      return {
        lines: request.lines.map((line) => ({
          lineId: line.lineId,
          adjustments: [],
          ownStockUnits: covered(line.quantity),
        })),
        adjustments: [],
        shipping: request.shipping,
      };
    },
  };
}

describe("units a pricing's own stock covers (ownStockUnits)", () => {
  it("takes no SKU stock for covered units under reserve_on_create, even with none left", async () => {
    const kit = ordersTestKit({ pricing: coveringPricing((quantity) => quantity) });
    const tea = await kit.sku({ stock: 0 });
    const order = await kit.onecode.orders.create(kit.buyer(), kit.orderInput(tea.id, 3));
    expect(order.stock).toBe("none");
    expect(order.lines[0]?.ownStockUnits).toBe(3);
    await kit.onecode.orders.pay(kit.buyer(), order.id);
    expect((await kit.onecode.orders.get(kit.admin, order.id)).state).toBe("to_ship");
    expect(await kit.stockOf(tea.id)).toBe(0);
  });

  it("reserves only the uncovered units, and gives back only those on close", async () => {
    const kit = ordersTestKit({ pricing: coveringPricing((quantity) => quantity - 1) });
    const tea = await kit.sku({ stock: 5 });
    const order = await kit.onecode.orders.create(kit.buyer(), kit.orderInput(tea.id, 3));
    expect(order.stock).toBe("held");
    expect(await kit.stockOf(tea.id)).toBe(4);
    await kit.onecode.orders.cancel(kit.buyer(), order.id);
    expect(await kit.stockOf(tea.id)).toBe(5);
  });

  it("under reserve_on_pay, neither refuses nor takes covered units at payment", async () => {
    const kit = ordersTestKit({ pricing: coveringPricing((quantity) => quantity - 1) });
    const tea = await kit.sku({ stock: 1, policy: "reserve_on_pay" });
    const order = await kit.onecode.orders.create(kit.buyer(), kit.orderInput(tea.id, 4));
    await kit.onecode.orders.pay(kit.buyer(), order.id);
    const paid = await kit.onecode.orders.get(kit.admin, order.id);
    expect([paid.state, paid.stock]).toEqual(["to_ship", "held"]);
    expect(await kit.stockOf(tea.id)).toBe(0);
  });

  it("still refuses a reserve_on_pay order whose uncovered units are short", async () => {
    const kit = ordersTestKit({ pricing: coveringPricing((quantity) => quantity - 2) });
    const tea = await kit.sku({ stock: 1, policy: "reserve_on_pay" });
    const error = await kit.onecode.orders
      .create(kit.buyer(), kit.orderInput(tea.id, 5))
      .catch((caught: unknown) => caught);
    expect(isOneCodeError(error, "STOCK_EXHAUSTED") && error.details).toMatchObject({
      requested: 2,
      available: 1,
    });
  });

  it("refuses a pricing answer covering more units than the line has", async () => {
    const kit = ordersTestKit({ pricing: coveringPricing((quantity) => quantity + 1) });
    const tea = await kit.sku({ stock: 5 });
    const error = await kit.onecode.orders
      .create(kit.buyer(), kit.orderInput(tea.id, 2))
      .catch((caught: unknown) => caught);
    expect(isOneCodeError(error, "VALIDATION_FAILED") && error.details.issues[0]?.rule).toBe(
      "pricing_contract",
    );
    expect(await kit.stockOf(tea.id)).toBe(5);
  });
});
