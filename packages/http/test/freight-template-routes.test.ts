import { freightTemplateRules } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/test-app.js";

// The fixture with self pickup off, so the test can switch it on.
const rules = { ...freightTemplateRules(), selfPickup: false };

describe("freight template routes", () => {
  it("creates, reads, quotes, replaces and deletes a template", async () => {
    const app = createTestApp();
    const created = await app.call("POST", "/v1/freight-templates", { body: rules });
    expect(created.status, created.text).toBe(201);
    const id = created.json.id as string;
    const path = `/v1/freight-templates/${id}`;
    expect((await app.call("GET", path, { token: "acme-inspector" })).status).toBe(403);
    expect((await app.call("GET", path)).json).toEqual(created.json);
    expect((await app.call("GET", "/v1/freight-templates")).json.items).toEqual([created.json]);

    const quote = await app.call("POST", `${path}/quote`, {
      body: { weightGrams: 2300, regionCode: "CN-ZJ", deliveryMethod: "express" },
    });
    expect(quote.status, quote.text).toBe(200);
    expect(quote.json).toEqual({ amount: 1000, currency: "CNY" });
    const refused = await app.call("POST", `${path}/quote`, {
      body: { weightGrams: 100, regionCode: "CN-XZ", deliveryMethod: "express" },
    });
    expect(refused.status).toBe(422);
    expect(refused.json.code).toBe("REGION_NOT_DELIVERED");
    const pickup = await app.call("POST", `${path}/quote`, {
      body: { weightGrams: 100, regionCode: "CN-ZJ", deliveryMethod: "self_pickup" },
    });
    expect(pickup.status).toBe(422);
    expect(pickup.json.code).toBe("SELF_PICKUP_NOT_OFFERED");

    const replaced = await app.call("PUT", path, { body: { ...rules, selfPickup: true } });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.json.selfPickup).toBe(true);
    expect((await app.call("DELETE", path)).status).toBe(204);
    expect((await app.call("GET", path)).status).toBe(404);
  });
});
