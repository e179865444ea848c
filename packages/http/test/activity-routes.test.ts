import { describe, expect, it } from "vitest";
import { activityPageSchema, activitySchema } from "../src/schemas/activity-schemas.js";
import { createTestApp, merchantInput, type TestApp } from "./support/test-app.js";

async function productOf(app: TestApp, name: string): Promise<string> {
  const merchant = await app.call("POST", "/v1/merchants", { body: merchantInput() });
  const product = await app.call("POST", "/v1/products", {
    body: { merchantId: merchant.json.id, name },
  });
  return product.json.id;
}

const path = "/v1/promotions/activities";
const spendSave = (productIds: string[]) => ({
  name: "Spend 50 save 15",
  terms: { kind: "spend_save", mode: "tiered", tiers: [{ threshold: 5000, save: 1500 }] },
  scope: { kind: "products", productIds },
});

describe("promotion activity routes", () => {
  it("creates, lists, reads, changes, ends and deletes activities", async () => {
    const app = createTestApp();
    const tea = await productOf(app, "Tea");
    const created = await app.call("POST", path, { body: spendSave([tea]) });
    expect(created.status, created.text).toBe(201);
    const activity = activitySchema.parse(created.json);
    expect(created.headers.get("location")).toBe(`${path}/${activity.id}`);
    expect(activity).toMatchObject({ state: "running", endsAt: null, version: 1 });

    const future = await app.call("POST", path, {
      body: {
        name: "Summer 9折",
        terms: { kind: "spend_discount", basis: "count", tiers: [{ threshold: 2, zhe: 9 }] },
        startsAt: "2099-07-01T00:00:00Z",
        endsAt: "2099-08-01T00:00:00Z",
        audience: { kind: "first_order" },
      },
    });
    expect(future.status, future.text).toBe(409);
    expect(future.json).toMatchObject({
      code: "ACTIVITY_CONFLICT",
      details: { activityId: activity.id, activityName: "Spend 50 save 15", productId: tea },
    });

    const cup = await productOf(app, "Cup");
    const scheduled = await app.call("POST", path, {
      body: {
        name: "Summer 9折",
        terms: { kind: "spend_discount", basis: "count", tiers: [{ threshold: 2, zhe: 9 }] },
        scope: { kind: "products", productIds: [cup] },
        startsAt: "2099-07-01T00:00:00Z",
      },
    });
    expect(scheduled.status, scheduled.text).toBe(201);
    expect(scheduled.json).toMatchObject({ state: "scheduled", terms: { tiers: [{ zhe: "9" }] } });

    const list = activityPageSchema.parse(
      (await app.call("GET", `${path}?state=scheduled`, { token: "acme-admin" })).json,
    );
    expect(list.items.map((item) => item.id)).toEqual([scheduled.json.id]);
    expect((await app.call("GET", `${path}?kind=spend_save`)).json.items).toHaveLength(1);
    expect((await app.call("GET", `${path}/${activity.id}`)).json).toEqual(created.json);

    const renamed = await app.call("PATCH", `${path}/${activity.id}`, {
      body: { name: "Renamed" },
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.json).toMatchObject({ name: "Renamed", version: 2 });
    const frozen = await app.call("PATCH", `${path}/${activity.id}`, {
      body: { scope: { kind: "all" } },
    });
    expect(frozen.status).toBe(409);
    expect(frozen.json).toMatchObject({ code: "FIELD_IMMUTABLE", details: { field: "scope" } });

    const notStarted = await app.call("POST", `${path}/${scheduled.json.id}/end`);
    expect(notStarted.status).toBe(409);
    expect(notStarted.json.code).toBe("INVALID_STATE_TRANSITION");
    const ended = await app.call("POST", `${path}/${activity.id}/end`);
    expect(ended.status, ended.text).toBe(200);
    expect(ended.json.state).toBe("ended");
    expect((await app.call("DELETE", `${path}/${activity.id}`)).status).toBe(409);
    expect((await app.call("DELETE", `${path}/${scheduled.json.id}`)).status).toBe(204);
    expect((await app.call("GET", `${path}/${scheduled.json.id}`)).status).toBe(404);
  });

  it("answers 400 naming each broken rule, 404 for an unknown product, 403 without the capability", async () => {
    const app = createTestApp();
    const bad = await app.call("POST", path, {
      body: {
        name: "x",
        terms: {
          kind: "spend_save",
          mode: "tiered",
          tiers: [
            { threshold: 5000, save: 100 },
            { threshold: 4000, save: 5000 },
          ],
        },
        endsAt: "2000-01-01T00:00:00Z",
        startsAt: "2001-01-01T00:00:00Z",
      },
    });
    expect(bad.status).toBe(400);
    expect(
      bad.json.errors.map((i: { field: string; rule: string }) => `${i.field}:${i.rule}`),
    ).toEqual([
      "terms.tiers.1.save:save_within_threshold",
      "terms.tiers.1.threshold:thresholds_ascending",
      "endsAt:after_start",
    ]);
    const unknown = await app.call("POST", path, { body: spendSave(["prd_nope"]) });
    expect(unknown.status).toBe(404);
    expect(unknown.json.details).toMatchObject({ field: "scope.productIds.0" });
    const denied = await app.call("POST", path, {
      body: spendSave(["prd_nope"]),
      token: "acme-inspector",
    });
    expect(denied.status).toBe(403);
  });
});
