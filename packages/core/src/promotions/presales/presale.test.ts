import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import { flashSaleTestKit } from "../flash-sales/flash-sale-test-kit.js";

async function refusal(run: Promise<unknown>): Promise<unknown> {
  try {
    await run;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

async function presaleKit(delivery: unknown = { kind: "after_payment", days: 7 }) {
  const kit = flashSaleTestKit();
  const tea = await kit.sku({ price: 5000, stock: 1 });
  const presale = await kit.onecode.presales.create(kit.admin, {
    name: "New harvest",
    startsAt: kit.later(0),
    endsAt: kit.later(24 * 60),
    items: [{ skuId: tea.id, price: 5000, virtualStock: 4 }],
    delivery,
  });
  return { kit, tea, presale };
}

describe("presales", () => {
  it("sells past the SKU's real stock up to the virtual stock, taking none of the SKU's", async () => {
    const { kit, tea, presale } = await presaleKit();
    const first = await kit.onecode.orders.create(kit.buyer("b1"), kit.orderInput(tea.id, 3));
    expect(first.lines[0]?.ownStockUnits).toBe(3);
    expect(first.total.amount).toBe(15_000); // price may equal the list price
    expect(await kit.stockOf(tea.id)).toBe(1);
    const short = await refusal(
      kit.onecode.orders.create(kit.buyer("b2"), kit.orderInput(tea.id, 2)),
    );
    expect(isOneCodeError(short, "PRESALE_SOLD_OUT") && short.details).toEqual({
      presaleId: presale.id,
      lineId: "l1",
      skuId: tea.id,
      requested: 2,
      remaining: 1,
    });
    await kit.onecode.orders.cancel(kit.buyer("b1"), first.id);
    await kit.settle();
    expect((await kit.onecode.presales.soldUnits(kit.admin, presale.id))[0]?.sold).toBe(0);
  });

  it("promises delivery N days after payment, in the tenant's calendar", async () => {
    const { kit, tea, presale } = await presaleKit();
    const order = await kit.onecode.orders.create(kit.buyer(), kit.orderInput(tea.id, 1));
    expect(await kit.onecode.presales.deliveryOf(kit.buyer(), order.id)).toEqual({
      presaleId: presale.id,
      delivery: { kind: "after_payment", days: 7 },
      deliverFrom: null,
    });
    await kit.onecode.orders.pay(kit.buyer(), order.id);
    expect((await kit.onecode.presales.deliveryOf(kit.admin, order.id))?.deliverFrom).toBe(
      "2026-05-08",
    );
    const other = await refusal(kit.onecode.presales.deliveryOf(kit.buyer("b9"), order.id));
    expect(isOneCodeError(other, "NOT_FOUND")).toBe(true);
  });

  it("promises a fixed date, and says null for an order without presale units", async () => {
    const { kit, tea } = await presaleKit({ kind: "date", date: "2026-06-18" });
    const order = await kit.onecode.orders.create(kit.buyer(), kit.orderInput(tea.id, 1));
    expect((await kit.onecode.presales.deliveryOf(kit.buyer(), order.id))?.deliverFrom).toBe(
      "2026-06-18",
    );
    const cup = await kit.sku();
    const plain = await kit.onecode.orders.create(kit.buyer(), kit.orderInput(cup.id, 1));
    expect(await kit.onecode.presales.deliveryOf(kit.admin, plain.id)).toBeNull();
  });

  it("runs one presale at a time: an overlapping one is refused naming the running one", async () => {
    const { kit, tea, presale } = await presaleKit();
    const input = (from: number, to: number) => ({
      name: "Second",
      startsAt: kit.later(from),
      endsAt: kit.later(to),
      items: [{ skuId: tea.id, price: 1, virtualStock: 1 }],
      delivery: { kind: "date", date: "2026-07-01" },
    });
    const error = await refusal(kit.onecode.presales.create(kit.admin, input(60, 120)));
    expect(isOneCodeError(error, "PRESALE_OVERLAP") && error.details).toEqual({
      otherId: presale.id,
    });
    await kit.onecode.presales.create(kit.admin, input(24 * 60, 48 * 60));
    const parallel = await Promise.allSettled([
      kit.onecode.presales.create(kit.admin, input(3 * 24 * 60, 4 * 24 * 60)),
      kit.onecode.presales.create(kit.admin, input(3 * 24 * 60, 4 * 24 * 60)),
    ]);
    expect(parallel.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("names broken fields of the delivery rule", async () => {
    const kit = flashSaleTestKit();
    const error = await refusal(
      kit.onecode.presales.create(kit.admin, {
        name: "x",
        startsAt: kit.later(0),
        endsAt: kit.later(10),
        items: [{ skuId: "s", price: 1, virtualStock: 0 }],
        delivery: { kind: "date", date: "18/06" },
      }),
    );
    expect(
      isOneCodeError(error, "VALIDATION_FAILED") && error.details.issues.map((i) => i.field),
    ).toEqual(["items.0.virtualStock", "delivery.date"]);
  });
});
