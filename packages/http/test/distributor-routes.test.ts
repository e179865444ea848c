import { describe, expect, it } from "vitest";
import {
  distributorPageSchema,
  myDistributorSchema,
  withdrawalPageSchema,
  withdrawalSchema,
} from "../src/schemas/distributor-schemas.js";
import { createTestApp } from "./support/test-app.js";

const consumer = { token: "acme-consumer" };

describe("distributor routes", () => {
  it("lets a consumer apply and staff approve with a rate and set the default", async () => {
    const app = createTestApp();
    const none = await app.call("GET", "/v1/my/distributor", consumer);
    expect(none.status).toBe(404);
    const badPhone = await app.call("POST", "/v1/my/distributor", {
      ...consumer,
      body: { phone: "123" },
    });
    expect(badPhone.status).toBe(400);
    expect((await app.call("GET", "/v1/promotions/distributors/settings")).json.defaultRate).toBe(
      "0",
    );
    const saved = await app.call("PUT", "/v1/promotions/distributors/settings", {
      body: { defaultRate: "5" },
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json.defaultRate).toBe("5");
    const applied = await app.call("POST", "/v1/my/distributor", {
      ...consumer,
      body: { note: "tea club" },
    });
    expect(applied.status, applied.text).toBe(201);
    expect(applied.json).toMatchObject({ status: "pending", customerId: "acme-consumer-user" });
    const pending = distributorPageSchema.parse(
      (await app.call("GET", "/v1/promotions/distributors?status=pending")).json,
    );
    expect(pending.items.map((item) => item.id)).toEqual([applied.json.id]);
    const approved = await app.call(
      "POST",
      `/v1/promotions/distributors/${applied.json.id}/approve`,
      {
        body: { rate: "12.5" },
      },
    );
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json).toMatchObject({ status: "approved", rate: "12.5" });
    const mine = myDistributorSchema.parse(
      (await app.call("GET", "/v1/my/distributor", consumer)).json,
    );
    expect(mine.statistics).toEqual({
      earned: 0,
      pending: 0,
      withdrawing: 0,
      withdrawn: 0,
      available: 0,
      orders: 0,
    });
    const stats = await app.call(
      "GET",
      `/v1/promotions/distributors/${applied.json.id}/statistics`,
    );
    expect(stats.json).toEqual(mine.statistics);
    const commissions = await app.call(
      "GET",
      `/v1/promotions/distributors/${applied.json.id}/commissions`,
    );
    expect(commissions.json).toEqual({ items: [], nextCursor: null });
    const staffApplies = await app.call("POST", "/v1/my/distributor", { body: {} });
    expect(staffApplies.status).toBe(403);
  });

  it("requests withdrawals within the balance; staff approve (paid out) or reject", async () => {
    const app = createTestApp();
    const applied = await app.call("POST", "/v1/my/distributor", { ...consumer, body: {} });
    await app.call("POST", `/v1/promotions/distributors/${applied.json.id}/approve`, { body: {} });
    const storage = app.onecode.ports.storage;
    await storage.distributors.attribute({
      tenantId: "acme",
      id: "ord_1",
      distributorId: applied.json.id,
      buyerId: "b",
      rate: "10",
      base: 10_000,
      status: "attributed",
      amount: 0,
      reversed: 0,
      createdAt: "2026-05-01T00:00:00.000Z",
      updatedAt: "2026-05-01T00:00:00.000Z",
    });
    await storage.distributors.earn("acme", "ord_1", 1_000, "2026-05-02T00:00:00.000Z");

    const tooSmall = await app.call("POST", "/v1/my/distributor/withdrawals", {
      ...consumer,
      body: { amount: 50 },
    });
    expect(tooSmall.status).toBe(400);
    const tooMuch = await app.call("POST", "/v1/my/distributor/withdrawals", {
      ...consumer,
      body: { amount: 2_000 },
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.json).toMatchObject({
      code: "WITHDRAWAL_INSUFFICIENT_BALANCE",
      details: { available: 1_000, requested: 2_000 },
    });
    const first = await app.call("POST", "/v1/my/distributor/withdrawals", {
      ...consumer,
      body: { amount: 600 },
    });
    expect(first.status, first.text).toBe(201);
    const second = await app.call("POST", "/v1/my/distributor/withdrawals", {
      ...consumer,
      body: { amount: 400 },
    });
    const listed = withdrawalPageSchema.parse(
      (await app.call("GET", "/v1/promotions/distributors/withdrawals?status=requested")).json,
    );
    expect(listed.items).toHaveLength(2);
    const approved = await app.call(
      "POST",
      `/v1/promotions/distributors/withdrawals/${first.json.id}/approve`,
    );
    expect(approved.status, approved.text).toBe(200);
    const rejected = await app.call(
      "POST",
      `/v1/promotions/distributors/withdrawals/${second.json.id}/reject`,
      {
        body: { reason: "please wait" },
      },
    );
    expect(rejected.json).toMatchObject({ status: "rejected", reason: "please wait" });
    for (let round = 0; round < 3; round++) await app.onecode.outbox.dispatch({ limit: 100 });
    const paid = withdrawalSchema.parse(
      (await app.call("GET", `/v1/promotions/distributors/withdrawals/${first.json.id}`)).json,
    );
    expect(paid.status).toBe("paid");
    const mine = (await app.call("GET", "/v1/my/distributor", consumer)).json;
    expect(mine.statistics).toMatchObject({ withdrawn: 600, available: 400 });
    const own = await app.call("GET", "/v1/my/distributor/withdrawals", consumer);
    expect(own.json.items).toHaveLength(2);
  });
});
