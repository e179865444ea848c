import { describe, expect, it } from "vitest";
import { flashSalePageSchema, flashSaleSchema } from "../src/schemas/flash-sale-schemas.js";
import { presaleDeliveryPromiseSchema, presaleSchema } from "../src/schemas/presale-schemas.js";
import { storedSku } from "./support/sku-fixture.js";
import { createTestApp } from "./support/test-app.js";

const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describe("flash-sale routes", () => {
  it("creates, lists, reads, counts and stops a flash sale; buyers read it and subscribe", async () => {
    const app = createTestApp();
    const sku = await storedSku(app, { stock: 5 });
    const body = {
      name: "Noon tea",
      startsAt: inHours(2),
      endsAt: inHours(3),
      items: [{ skuId: sku.id, price: 990, stock: 10, perPersonLimit: 2 }],
      remindMinutesBefore: 10,
    };
    const created = await app.call("POST", "/v1/flash-sales", { body });
    expect(created.status, created.text).toBe(201);
    const sale = flashSaleSchema.parse(created.json);
    expect(sale).toMatchObject({ state: "scheduled", payWithinMinutes: 30 });
    expect(created.headers.get("location")).toBe(`/v1/flash-sales/${sale.id}`);

    const overlap = await app.call("POST", "/v1/flash-sales", { body });
    expect(overlap.status).toBe(409);
    expect(overlap.json).toMatchObject({
      code: "FLASH_SALE_OVERLAP",
      details: { otherId: sale.id },
    });

    const page = flashSalePageSchema.parse((await app.call("GET", "/v1/flash-sales")).json);
    expect(page.items.map((item) => item.id)).toEqual([sale.id]);
    expect((await app.call("GET", `/v1/flash-sales/${sale.id}`)).json).toEqual(created.json);
    expect((await app.call("GET", `/v1/flash-sales/${sale.id}/sold`)).json).toEqual({
      items: [{ skuId: sku.id, stock: 10, sold: 0 }],
    });

    const open = await app.call("GET", "/v1/my/flash-sales", { token: "acme-consumer" });
    expect(open.json.items.map((item: { id: string }) => item.id)).toEqual([sale.id]);
    const mine = await app.call("GET", `/v1/my/flash-sales/${sale.id}`, { token: "acme-consumer" });
    expect(mine.json.id).toBe(sale.id);
    const subscribed = await app.call("POST", `/v1/my/flash-sales/${sale.id}/reminders`, {
      token: "acme-consumer",
      body: { phone: "13800138000" },
    });
    expect(subscribed.status, subscribed.text).toBe(200);
    expect(subscribed.json).toEqual({ subscribed: true });

    const stopped = await app.call("POST", `/v1/flash-sales/${sale.id}/stop`);
    expect(stopped.status, stopped.text).toBe(200);
    expect(stopped.json.state).toBe("stopped");
    const late = await app.call("POST", `/v1/my/flash-sales/${sale.id}/reminders`, {
      token: "acme-consumer",
      body: { phone: "13800138000" },
    });
    expect(late.status).toBe(400);
  });

  it("needs promotions.manage to create and answers 404 for an unknown sale", async () => {
    const app = createTestApp();
    const forbidden = await app.call("POST", "/v1/flash-sales", {
      token: "acme-inspector",
      body: { name: "x", startsAt: inHours(1), endsAt: inHours(2), items: [] },
    });
    expect(forbidden.status).toBe(403);
    expect((await app.call("GET", "/v1/flash-sales/fls_none")).status).toBe(404);
  });
});

describe("presale routes", () => {
  it("creates, lists, reads, counts and stops a presale, one at a time", async () => {
    const app = createTestApp();
    const sku = await storedSku(app, { stock: 5 });
    const body = {
      name: "New harvest",
      startsAt: inHours(0),
      endsAt: inHours(48),
      items: [{ skuId: sku.id, price: 3990, virtualStock: 100 }],
      delivery: { kind: "after_payment", days: 7 },
    };
    const created = await app.call("POST", "/v1/presales", { body });
    expect(created.status, created.text).toBe(201);
    const presale = presaleSchema.parse(created.json);
    expect(presale.state).toBe("running");
    const second = await app.call("POST", "/v1/presales", { body });
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({
      code: "PRESALE_OVERLAP",
      details: { otherId: presale.id },
    });
    expect((await app.call("GET", "/v1/presales")).json.items).toHaveLength(1);
    expect((await app.call("GET", `/v1/presales/${presale.id}`)).json).toEqual(created.json);
    expect((await app.call("GET", `/v1/presales/${presale.id}/sold`)).json).toEqual({
      items: [{ skuId: sku.id, virtualStock: 100, sold: 0 }],
    });
    const stopped = await app.call("POST", `/v1/presales/${presale.id}/stop`);
    expect(stopped.json.state).toBe("stopped");
  });

  it("tells an order's delivery promise (null without presale units), to staff and the buyer", async () => {
    const app = createTestApp();
    const sku = await storedSku(app, { stock: 5 });
    const placed = await app.call("POST", "/v1/my/orders", {
      token: "acme-consumer",
      body: {
        lines: [{ skuId: sku.id, quantity: 1 }],
        delivery: {
          method: "express",
          address: { name: "Li Lei", phone: "13800138000", regionCode: "CN-ZJ", line: "1 Road" },
        },
      },
    });
    expect(placed.status, placed.text).toBe(201);
    const id = placed.json.id as string;
    const staff = await app.call("GET", `/v1/orders/${id}/presale-delivery`);
    expect(presaleDeliveryPromiseSchema.parse(staff.json)).toEqual({ promise: null });
    const buyer = await app.call("GET", `/v1/my/orders/${id}/presale-delivery`, {
      token: "acme-consumer",
    });
    expect(buyer.json).toEqual({ promise: null });
    expect(
      (await app.call("GET", "/v1/my/orders/ord_none/presale-delivery", { token: "acme-consumer" }))
        .status,
    ).toBe(404);
  });
});
