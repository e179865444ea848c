import { createOneCode } from "@onecode/core";
import { describe, expect, it } from "vitest";
import {
  printOrderPageSchema,
  printOrderSchema,
  printQuoteSchema,
} from "../src/schemas/print-order-schemas.js";
import { createMerchant, createQuickRule, generatePackage } from "./support/codes-fixtures.js";
import { createTestApp, type TestApp } from "./support/test-app.js";

const recipient = { name: "Li Lei", phone: "+86 138-0000-0000", address: "1 Tea Road, Hangzhou" };

async function packages(app: TestApp) {
  const merchantId = await createMerchant(app);
  const withSerials = await createQuickRule(app, merchantId);
  const withoutSerials = await createQuickRule(app, merchantId, { serials: false });
  const single = await generatePackage(app, {
    merchantId,
    codeType: "single",
    rules: { item: withSerials },
    quantity: 10,
  });
  const boxed = await generatePackage(app, {
    merchantId,
    codeType: "two-level",
    rules: { item: withSerials },
    ratio: { innerPerOuter: 3 },
    quantity: 3,
  });
  const plain = await generatePackage(app, {
    merchantId,
    codeType: "single",
    rules: { item: withoutSerials },
    quantity: 2,
  });
  return { merchantId, withSerials, single, boxed, plain };
}

describe("print order routes", () => {
  it("quotes, orders, lists and moves an order from pending to shipped", async () => {
    const app = createTestApp();
    const { single, boxed } = await packages(app);
    const quote = await app.call("POST", "/v1/print-orders/quote", {
      token: "acme-inspector",
      body: { packageIds: [single.id, boxed.id], finish: "scratch" },
    });
    expect(quote.status, quote.text).toBe(200);
    expect(printQuoteSchema.parse(quote.json)).toEqual({
      packagingCodes: 3,
      itemCodes: 19,
      packagingPrice: { amount: 36, currency: "CNY" },
      itemPrice: { amount: 300_000, currency: "CNY" },
      itemTier: { from: 0, below: 30_000, flat: 300_000 },
      total: { amount: 300_036, currency: "CNY" },
    });

    const created = await app.call("POST", "/v1/print-orders", {
      body: { packageIds: [single.id, boxed.id], finish: "scratch", recipient },
    });
    expect(created.status, created.text).toBe(201);
    const order = printOrderSchema.parse(created.json);
    expect(order).toMatchObject({
      status: "pending",
      finish: "scratch",
      recipient,
      quote: quote.json,
    });
    expect(created.headers.get("location")).toBe(`/v1/print-orders/${order.id}`);
    expect((await app.call("GET", `/v1/print-orders/${order.id}`)).json).toEqual(created.json);

    const printing = await app.call("POST", `/v1/print-orders/${order.id}/transitions`, {
      body: { to: "printing" },
    });
    expect(printing.status).toBe(200);
    expect(printing.json.status).toBe("printing");
    const pending = printOrderPageSchema.parse(
      (await app.call("GET", "/v1/print-orders?status=pending")).json,
    );
    expect(pending.items).toEqual([]);

    const noTracking = await app.call("POST", `/v1/print-orders/${order.id}/transitions`, {
      body: { to: "shipped" },
    });
    expect(noTracking.status).toBe(400);
    expect(noTracking.json.errors).toEqual([
      expect.objectContaining({ field: "trackingNumber", rule: "required" }),
    ]);
    const shipped = await app.call("POST", `/v1/print-orders/${order.id}/transitions`, {
      body: { to: "shipped", trackingNumber: "SF1234567890", courier: "SF Express" },
    });
    expect(shipped.status).toBe(200);
    expect(shipped.json).toMatchObject({
      status: "shipped",
      trackingNumber: "SF1234567890",
      courier: "SF Express",
      quote: quote.json,
    });
    const listed = printOrderPageSchema.parse(
      (await app.call("GET", "/v1/print-orders?status=shipped")).json,
    );
    expect(listed.items.map((item) => item.id)).toEqual([order.id]);

    const again = await app.call("POST", `/v1/print-orders/${order.id}/transitions`, {
      body: { to: "printing" },
    });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("INVALID_STATE_TRANSITION");
  });

  it("refuses to ship an order that is not printing with 409 INVALID_STATE_TRANSITION", async () => {
    const app = createTestApp();
    const { single } = await packages(app);
    const created = await app.call("POST", "/v1/print-orders", {
      body: { packageIds: [single.id], finish: "plain", recipient },
    });
    const reply = await app.call("POST", `/v1/print-orders/${created.json.id}/transitions`, {
      body: { to: "shipped", trackingNumber: "SF1" },
    });
    expect(reply.status).toBe(409);
    expect(reply.json.code).toBe("INVALID_STATE_TRANSITION");
    const unknown = await app.call("POST", `/v1/print-orders/${created.json.id}/transitions`, {
      body: { to: "delivered" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toEqual([expect.objectContaining({ field: "to", rule: "one_of" })]);
  });

  it("refuses packages without serials, unfinished ones, and invalid input by field", async () => {
    const app = createTestApp();
    const { single, plain } = await packages(app);
    const noSerials = await app.call("POST", "/v1/print-orders/quote", {
      body: { packageIds: [single.id, plain.id], finish: "plain" },
    });
    expect(noSerials.status).toBe(409);
    expect(noSerials.json).toMatchObject({
      code: "PRINT_REQUIRES_SERIALS",
      details: { field: "packageIds.1" },
    });

    const manual = createOneCode({ codes: { autoRun: false } });
    const idle = createTestApp({ onecode: manual });
    const idleMerchant = await createMerchant(idle);
    const idleRule = await createQuickRule(idle, idleMerchant);
    const queued = await idle.call("POST", "/v1/code-packages", {
      body: {
        merchantId: idleMerchant,
        codeType: "single",
        rules: { item: idleRule },
        quantity: 1,
      },
    });
    const notReady = await idle.call("POST", "/v1/print-orders", {
      body: { packageIds: [queued.json.id], finish: "plain", recipient },
    });
    expect(notReady.status).toBe(409);
    expect(notReady.json.code).toBe("PACKAGE_NOT_READY");

    const cases: [Record<string, unknown>, string, string][] = [
      [{ packageIds: [], finish: "plain", recipient }, "packageIds", "min_items"],
      [{ packageIds: [single.id], finish: "gold", recipient }, "finish", "one_of"],
      [
        { packageIds: [single.id], finish: "plain", recipient: { ...recipient, phone: "12" } },
        "recipient.phone",
        "min_length",
      ],
      [
        {
          packageIds: [single.id],
          finish: "plain",
          recipient: { ...recipient, phone: "call me!" },
        },
        "recipient.phone",
        "phone",
      ],
      [{ packageIds: [single.id, single.id], finish: "plain", recipient }, "packageIds", "unique"],
      [{ packageIds: [single.id], finish: "plain" }, "recipient", "required"],
      [{ packageIds: [single.id], finish: "plain", recipient, price: 1 }, "price", "unknown_field"],
    ];
    for (const [body, field, rule] of cases) {
      const reply = await app.call("POST", "/v1/print-orders", { body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.json.errors).toContainEqual(expect.objectContaining({ field, rule }));
    }
    const missing = await app.call("POST", "/v1/print-orders/quote", {
      body: { packageIds: ["pkg_missing"], finish: "plain" },
    });
    expect(missing.status).toBe(404);
    expect(missing.json.details).toMatchObject({ field: "packageIds.0" });
  });

  it("keeps orders per tenant and lets only admins order and advance", async () => {
    const app = createTestApp();
    const { single } = await packages(app);
    const created = await app.call("POST", "/v1/print-orders", {
      body: { packageIds: [single.id], finish: "plain", recipient },
    });
    const globex = { token: "globex-admin" };
    expect((await app.call("GET", `/v1/print-orders/${created.json.id}`, globex)).status).toBe(404);
    expect((await app.call("GET", "/v1/print-orders", globex)).json.items).toEqual([]);
    const foreignMove = await app.call("POST", `/v1/print-orders/${created.json.id}/transitions`, {
      ...globex,
      body: { to: "printing" },
    });
    expect(foreignMove.status).toBe(404);
    const foreignQuote = await app.call("POST", "/v1/print-orders/quote", {
      ...globex,
      body: { packageIds: [single.id], finish: "plain" },
    });
    expect(foreignQuote.status).toBe(404);

    const inspector = { token: "acme-inspector" };
    const order = await app.call("POST", "/v1/print-orders", {
      ...inspector,
      body: { packageIds: [single.id], finish: "plain", recipient },
    });
    expect(order.status).toBe(403);
    const move = await app.call("POST", `/v1/print-orders/${created.json.id}/transitions`, {
      ...inspector,
      body: { to: "printing" },
    });
    expect(move.status).toBe(403);
    expect((await app.call("GET", `/v1/print-orders/${created.json.id}`, inspector)).status).toBe(
      200,
    );
  });
});
