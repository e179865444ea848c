import { describe, expect, it } from "vitest";
import {
  checkInResultSchema,
  customerPageSchema,
  customerSchema,
  memberLevelListSchema,
  memberLevelSchema,
  memberSettingsSchema,
  memberTagSchema,
  pointsEntryPageSchema,
} from "../src/schemas/member-schemas.js";
import { createTestApp } from "./support/test-app.js";

const ME = "acme-consumer-user";
const consumer = { token: "acme-consumer" };

describe("member routes", () => {
  it("manages levels, settings and tags; the default level is protected", async () => {
    const app = createTestApp();
    const levels = memberLevelListSchema.parse((await app.call("GET", "/v1/member-levels")).json);
    expect(levels.items.map((l) => l.id)).toEqual(["default"]);
    const gold = await app.call("POST", "/v1/member-levels", {
      body: { name: "Gold", threshold: 100, discount: "0.9" },
    });
    expect(gold.status, gold.text).toBe(201);
    const goldId = memberLevelSchema.parse(gold.json).id;
    const renamed = await app.call("PATCH", `/v1/member-levels/${goldId}`, {
      body: { name: "Au" },
    });
    expect(renamed.json).toMatchObject({ name: "Au", threshold: 100, discount: "0.9" });
    const protectedDelete = await app.call("DELETE", "/v1/member-levels/default");
    expect(protectedDelete.status).toBe(409);
    expect(protectedDelete.json.code).toBe("MEMBER_LEVEL_PROTECTED");
    expect((await app.call("DELETE", `/v1/member-levels/${goldId}`)).status).toBe(204);

    const settings = await app.call("PATCH", "/v1/member-settings", {
      body: { earnCoefficient: "2", checkInDaily: 3 },
    });
    expect(settings.status, settings.text).toBe(200);
    expect(memberSettingsSchema.parse(settings.json)).toMatchObject({
      earnCoefficient: "2",
      checkInDaily: 3,
    });
    const inspector = await app.call("PATCH", "/v1/member-settings", {
      token: "acme-inspector",
      body: { checkInDaily: 1 },
    });
    expect(inspector.status).toBe(403);

    const vip = await app.call("POST", "/v1/member-tags", { body: { name: "VIP" } });
    const tagId = memberTagSchema.parse(vip.json).id;
    expect((await app.call("POST", "/v1/member-tags", { body: { name: "VIP" } })).json.code).toBe(
      "MEMBER_TAG_NAME_TAKEN",
    );
    const tagged = await app.call("PUT", `/v1/member-tags/${tagId}/customers/ann`);
    expect(customerSchema.parse(tagged.json).tagIds).toEqual([tagId]);
    const byTag = await app.call("GET", `/v1/customers?tagId=${tagId}`);
    expect(customerPageSchema.parse(byTag.json).items.map((c) => c.id)).toEqual(["ann"]);
    expect((await app.call("DELETE", `/v1/member-tags/${tagId}`)).json).toEqual({ unassigned: 1 });
  });

  it("registers, adjusts points, blacklists and refuses a blacklisted consumer on every consumer route", async () => {
    const app = createTestApp();
    const registered = await app.call("POST", "/v1/customers", { body: { customerId: ME } });
    expect(registered.status, registered.text).toBe(200);
    const adjusted = await app.call("POST", `/v1/customers/${ME}/points-adjustments`, {
      body: { delta: 20, note: "welcome" },
    });
    expect(adjusted.status, adjusted.text).toBe(201);
    const overdraft = await app.call("POST", `/v1/customers/${ME}/points-adjustments`, {
      body: { delta: -21, note: "too much" },
    });
    expect(overdraft.status).toBe(409);
    expect(overdraft.json.code).toBe("POINTS_INSUFFICIENT");
    expect((await app.call("GET", `/v1/customers/${ME}/points`)).json).toMatchObject({
      balance: 20,
    });
    const ledger = await app.call("GET", `/v1/customers/${ME}/points/ledger`);
    expect(pointsEntryPageSchema.parse(ledger.json).items).toHaveLength(1);

    const mine = await app.call("GET", "/v1/my/points", consumer);
    expect(mine.status, mine.text).toBe(200);
    expect(mine.json).toMatchObject({ customerId: ME, balance: 20 });
    const checkIn = await app.call("POST", "/v1/my/check-ins", consumer);
    expect(checkIn.status, checkIn.text).toBe(201);
    expect(checkInResultSchema.parse(checkIn.json)).toMatchObject({ streak: 1, balance: 21 });
    const twice = await app.call("POST", "/v1/my/check-ins", consumer);
    expect(twice.status).toBe(409);
    expect(twice.json.code).toBe("POINTS_ALREADY_CHECKED_IN");
    const membership = await app.call("GET", "/v1/my/membership", consumer);
    expect(customerSchema.parse(membership.json)).toMatchObject({ id: ME, pointsBalance: 21 });

    const blacklisted = await app.call("POST", `/v1/customers/${ME}/blacklist`, {
      body: { reason: "fraud" },
    });
    expect(blacklisted.json).toMatchObject({ blacklisted: true, blacklistReason: "fraud" });
    const refused = await app.call("GET", "/v1/my/orders", consumer);
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe("CUSTOMER_BLACKLISTED");
    expect((await app.call("GET", "/v1/customers?blacklisted=true")).json.items).toHaveLength(1);
    await app.call("DELETE", `/v1/customers/${ME}/blacklist`);
    expect((await app.call("GET", "/v1/my/orders", consumer)).status).toBe(200);
    expect((await app.call("GET", "/v1/customers", { token: "acme-consumer" })).status).toBe(403);
  });
});
