import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { tenantContext } from "../../kernel/tenant.js";
import { ordersTestKit } from "../orders-test-kit.js";

async function collect(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts).toString("utf8");
}

describe("order views, export and statistics", () => {
  it("shows pickup-card orders to ship today (overdue included), tomorrow and the day after, in the tenant's time zone", async () => {
    const { onecode, buyer, sku, orderInput, admin, clock } = ordersTestKit();
    // 2026-05-01T02:00Z is 10:00 on May 1 in Shanghai; at 17:00Z it is already May 2 there.
    const tea = await sku({ stock: 20 });
    const place = async (shipOn: string) => {
      const input = orderInput(tea.id);
      const order = await onecode.orders.create(buyer(), {
        ...input,
        channel: "pickup_card",
        delivery: { ...input.delivery, shipOn },
      });
      await onecode.orders.pay(buyer(), order.id);
      return order.id;
    };
    const may1 = await place("2026-05-01");
    const may2 = await place("2026-05-02");
    const may3 = await place("2026-05-03");
    const may4 = await place("2026-05-04");
    clock.advance(15 * 3_600_000);
    const ids = async (view: "to_ship_today" | "to_ship_tomorrow" | "to_ship_day_after") =>
      (await onecode.orders.list(admin, { view })).items.map((o) => o.id);
    expect(await ids("to_ship_today")).toEqual([may2, may1]);
    expect(await ids("to_ship_tomorrow")).toEqual([may3]);
    expect(await ids("to_ship_day_after")).toEqual([may4]);
  });

  it("filters by state, customer and product, counts by state, and shows a consumer only their own orders", async () => {
    const { onecode, buyer, sku, orderInput, admin } = ordersTestKit();
    const tea = await sku({ stock: 20 });
    const cup = await sku({ stock: 20 });
    const a = await onecode.orders.create(buyer("b1"), orderInput(tea.id));
    const b = await onecode.orders.create(buyer("b2"), orderInput(cup.id));
    await onecode.orders.pay(buyer("b2"), b.id);
    expect(
      (await onecode.orders.list(admin, { states: ["unpaid"] })).items.map((o) => o.id),
    ).toEqual([a.id]);
    expect(
      (await onecode.orders.list(admin, { productId: cup.productId })).items.map((o) => o.id),
    ).toEqual([b.id]);
    expect((await onecode.orders.list(admin, { customerId: "b1" })).items.map((o) => o.id)).toEqual(
      [a.id],
    );
    expect(await onecode.orders.countByState(admin)).toEqual({ unpaid: 1, to_ship: 1 });
    expect((await onecode.orders.list(buyer("b1"))).items.map((o) => o.id)).toEqual([a.id]);
    expect((await onecode.orders.list(buyer("b1"), { customerId: "b2" })).items).toEqual([]);
    const bad = await onecode.orders
      .list(admin, { states: ["lost" as never], createdFrom: "yesterday" })
      .catch((e) => e);
    expect(issuesOf(bad)).toEqual([
      ["states.0", "one_of"],
      ["createdFrom", "date_time"],
    ]);
  });

  it("limits a staff member with an own-scoped grant to the orders they own", async () => {
    const { onecode, sku, orderInput } = ordersTestKit();
    const tea = await sku({ stock: 20 });
    const carol = tenantContext("acme", {
      id: "carol",
      kind: "staff",
      grants: [
        { capability: "orders.create" },
        { capability: "orders.read", scope: { own: true } },
      ],
    });
    const dan = tenantContext("acme", {
      id: "dan",
      kind: "staff",
      grants: [{ capability: "orders.create" }],
    });
    const hers = await onecode.orders.create(carol, { ...orderInput(tea.id), customerId: "c1" });
    const his = await onecode.orders.create(dan, { ...orderInput(tea.id), customerId: "c2" });
    expect((await onecode.orders.list(carol)).items.map((o) => o.id)).toEqual([hers.id]);
    expect((await onecode.orders.get(carol, hers.id)).id).toBe(hers.id);
    expect(
      isOneCodeError(await onecode.orders.get(carol, his.id).catch((e) => e), "FORBIDDEN"),
    ).toBe(true);
  });

  it("exports an Excel-compatible CSV with a BOM, neutralising formulas in buyer text", async () => {
    const { onecode, buyer, sku, orderInput, admin } = ordersTestKit();
    const tea = await sku({ stock: 20 });
    const input = orderInput(tea.id, 2);
    await onecode.orders.create(buyer(), {
      ...input,
      buyerNote: '=HYPERLINK("http://x")',
      delivery: { ...input.delivery, address: { ...input.delivery.address, name: "王, 小明" } },
    });
    const csv = await collect(onecode.orders.exportCsv(admin));
    const lines = csv.split("\r\n");
    expect(lines[0]?.startsWith("\uFEFForder_number,state,")).toBe(true);
    expect(lines[1]).toContain('"王, 小明"');
    expect(lines[1]).toContain("79.80");
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines).toHaveLength(3);
    // Refused before any byte is streamed.
    expect(() => onecode.orders.exportCsv(buyer())).toThrow(/orders\.read/);
  });

  it("computes orders, paid amount, refunds and units per day, product and channel", async () => {
    const { onecode, buyer, sku, orderInput, admin, clock } = ordersTestKit();
    const tea = await sku({ stock: 20, price: 1000 });
    const one = await onecode.orders.create(buyer(), orderInput(tea.id, 2));
    await onecode.orders.pay(buyer(), one.id);
    await onecode.orders.refund(admin, one.id, { amount: 500, reason: "dent" });
    clock.advance(24 * 3_600_000);
    const two = await onecode.orders.create(buyer(), { ...orderInput(tea.id, 3), channel: "h5" });
    await onecode.orders.pay(buyer(), two.id);
    await onecode.orders.create(buyer(), orderInput(tea.id, 1));
    const range = { from: "2026-04-30T16:00:00Z", to: "2026-05-03T16:00:00Z" };
    const byDay = await onecode.orders.statistics(admin, { ...range, groupBy: "day" });
    expect(byDay).toMatchObject({ currency: "CNY", timeZone: "Asia/Shanghai" });
    expect(byDay.rows).toEqual([
      {
        key: "2026-05-01",
        ordersCreated: 1,
        ordersPaid: 1,
        paidAmount: 2000,
        refundedAmount: 500,
        unitsPaid: 2,
      },
      {
        key: "2026-05-02",
        ordersCreated: 2,
        ordersPaid: 1,
        paidAmount: 3000,
        refundedAmount: 0,
        unitsPaid: 3,
      },
    ]);
    const byChannel = await onecode.orders.statistics(admin, { ...range, groupBy: "channel" });
    expect(byChannel.rows.map((row) => [row.key, row.ordersCreated, row.paidAmount])).toEqual([
      ["h5", 1, 3000],
      ["mini_program", 2, 2000],
    ]);
    const byProduct = await onecode.orders.statistics(admin, { ...range, groupBy: "product" });
    expect(byProduct.rows).toEqual([
      {
        key: tea.productId,
        ordersCreated: 3,
        ordersPaid: 2,
        paidAmount: 5000,
        refundedAmount: 500,
        unitsPaid: 5,
      },
    ]);
    const bad = await onecode.orders
      .statistics(admin, { from: range.to, to: range.from, groupBy: "week" as never })
      .catch((e) => e);
    expect(issuesOf(bad)).toEqual([
      ["groupBy", "one_of"],
      ["to", "after_from"],
    ]);
  });
});
