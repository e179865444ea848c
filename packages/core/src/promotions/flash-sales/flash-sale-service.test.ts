import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import { tenantContext } from "../../kernel/tenant.js";
import { flashSaleTestKit } from "./flash-sale-test-kit.js";

async function refusal(run: Promise<unknown>): Promise<unknown> {
  try {
    await run;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

const inspector = tenantContext("acme", { id: "ivan", kind: "staff", roles: ["inspector"] });

describe("flash sales: staff", () => {
  it("creates a sale with defaults, audits it, and reports its state over time", async () => {
    const kit = flashSaleTestKit();
    const tea = await kit.sku({ price: 3990 });
    const sale = await kit.onecode.flashSales.create(kit.admin, {
      name: "Noon tea",
      startsAt: kit.later(10),
      endsAt: kit.later(70),
      items: [{ skuId: tea.id, price: 1990, stock: 5, perPersonLimit: 2 }],
    });
    expect(sale).toMatchObject({
      state: "scheduled",
      payWithinMinutes: 30,
      remindMinutesBefore: null,
    });
    expect((await kit.onecode.flashSales.listOpen(kit.buyer())).map((open) => open.state)).toEqual([
      "scheduled",
    ]);
    kit.clock.advance(10 * 60_000);
    expect((await kit.onecode.flashSales.get(kit.admin, sale.id)).state).toBe("running");
    kit.clock.advance(60 * 60_000);
    expect((await kit.onecode.flashSales.get(kit.admin, sale.id)).state).toBe("ended");
    const audit = await kit.onecode.audit.list(kit.admin, {
      action: "promotions.flash_sale.created",
    });
    expect(audit.items).toHaveLength(1);
    const page = await kit.onecode.flashSales.list(kit.admin);
    expect(page.items.map((item) => item.id)).toEqual([sale.id]);
    expect(await kit.onecode.flashSales.listOpen(kit.buyer())).toEqual([]);
  });

  it("refuses a second overlapping sale with the same SKU, naming the other; stop frees it", async () => {
    const kit = flashSaleTestKit();
    const tea = await kit.sku();
    const cup = await kit.sku();
    const input = (skuIds: string[], from: number, to: number) => ({
      name: "Sale",
      startsAt: kit.later(from),
      endsAt: kit.later(to),
      items: skuIds.map((skuId) => ({ skuId, price: 100, stock: 5, perPersonLimit: 1 })),
    });
    const first = await kit.onecode.flashSales.create(kit.admin, input([tea.id], 0, 60));
    const error = await refusal(
      kit.onecode.flashSales.create(kit.admin, input([cup.id, tea.id], 30, 90)),
    );
    expect(isOneCodeError(error, "FLASH_SALE_OVERLAP") && error.details).toEqual({
      otherId: first.id,
      skuId: tea.id,
    });
    // Another SKU, or the same SKU after the window, is fine.
    await kit.onecode.flashSales.create(kit.admin, input([cup.id], 30, 90));
    await kit.onecode.flashSales.create(kit.admin, input([tea.id], 60, 90));
    const stopped = await kit.onecode.flashSales.stop(kit.admin, first.id);
    expect(stopped.state).toBe("stopped");
    expect((await kit.onecode.flashSales.stop(kit.admin, first.id)).version).toBe(stopped.version);
    await kit.onecode.flashSales.create(kit.admin, input([tea.id], 0, 30));
  });

  it("names every broken field, unknown SKUs and prices above the list price", async () => {
    const kit = flashSaleTestKit();
    const tea = await kit.sku({ price: 1000 });
    const invalid = await refusal(
      kit.onecode.flashSales.create(kit.admin, {
        name: "",
        startsAt: "soon",
        endsAt: kit.later(10),
        items: [
          { skuId: tea.id, price: -1, stock: 0, perPersonLimit: 1 },
          { skuId: tea.id, price: 1, stock: 1, perPersonLimit: 1 },
        ],
        payWithinMinutes: 0,
      }),
    );
    expect(
      isOneCodeError(invalid, "VALIDATION_FAILED") && invalid.details.issues.map((i) => i.field),
    ).toEqual([
      "name",
      "startsAt",
      "items.0.price",
      "items.0.stock",
      "items.1.skuId",
      "payWithinMinutes",
    ]);
    const pricey = await refusal(
      kit.onecode.flashSales.create(kit.admin, {
        name: "x",
        startsAt: kit.later(0),
        endsAt: kit.later(10),
        items: [
          { skuId: tea.id, price: 1001, stock: 1, perPersonLimit: 1 },
          { skuId: "sku_missing", price: 1, stock: 1, perPersonLimit: 1 },
        ],
      }),
    );
    expect(
      isOneCodeError(pricey, "VALIDATION_FAILED") &&
        pricey.details.issues.map((i) => [i.field, i.rule]),
    ).toEqual([
      ["items.0.price", "at_most_list_price"],
      ["items.1.skuId", "not_found"],
    ]);
    expect((await kit.onecode.flashSales.list(kit.admin)).items).toEqual([]);
  });

  it("needs promotions.manage to create and promotions.read to list", async () => {
    const kit = flashSaleTestKit();
    const error = await refusal(kit.onecode.flashSales.create(inspector, {}));
    expect(isOneCodeError(error, "FORBIDDEN")).toBe(true);
    expect(
      isOneCodeError(await refusal(kit.onecode.flashSales.list(kit.buyer())), "FORBIDDEN"),
    ).toBe(true);
    expect(
      isOneCodeError(await refusal(kit.onecode.flashSales.get(kit.admin, "fls_x")), "NOT_FOUND"),
    ).toBe(true);
  });
});

describe("flash sales: reminders", () => {
  it("texts each subscriber once, N minutes before the start", async () => {
    const kit = flashSaleTestKit();
    const tea = await kit.sku();
    const sale = await kit.onecode.flashSales.create(kit.admin, {
      name: "Noon tea",
      startsAt: kit.later(120),
      endsAt: kit.later(180),
      items: [{ skuId: tea.id, price: 100, stock: 5, perPersonLimit: 1 }],
      remindMinutesBefore: 15,
    });
    await kit.onecode.flashSales.subscribe(kit.buyer("b1"), sale.id, { phone: "13800138000" });
    await kit.onecode.flashSales.subscribe(kit.buyer("b1"), sale.id, { phone: "13800138000" });
    await kit.onecode.flashSales.subscribe(kit.buyer("b2"), sale.id, {
      phone: "+86 139-0013-9000",
    });
    const bad = await refusal(
      kit.onecode.flashSales.subscribe(kit.buyer("b3"), sale.id, { phone: "1" }),
    );
    expect(isOneCodeError(bad, "VALIDATION_FAILED")).toBe(true);
    const staff = await refusal(
      kit.onecode.flashSales.subscribe(kit.admin, sale.id, { phone: "13800138000" }),
    );
    expect(isOneCodeError(staff, "FORBIDDEN")).toBe(true);
    kit.clock.advance(100 * 60_000);
    await kit.settle();
    expect(kit.notifier.sent).toEqual([]);
    kit.clock.advance(5 * 60_000);
    await kit.settle();
    await kit.settle();
    expect(kit.notifier.sent.map((sent) => [sent.to, sent.template, sent.params.name])).toEqual([
      ["13800138000", "flash_sale_reminder", "Noon tea"],
      ["13900139000", "flash_sale_reminder", "Noon tea"],
    ]);
    kit.clock.advance(20 * 60_000);
    const late = await refusal(
      kit.onecode.flashSales.subscribe(kit.buyer("b4"), sale.id, { phone: "13800138000" }),
    );
    expect(isOneCodeError(late, "VALIDATION_FAILED") && late.details.issues[0]?.rule).toBe(
      "reminder_unavailable",
    );
  });
});
