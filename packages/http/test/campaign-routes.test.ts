import { describe, expect, it } from "vitest";
import { activityBatchPageSchema } from "../src/schemas/activity-batch-schemas.js";
import { campaignPageSchema } from "../src/schemas/campaign-schemas.js";
import { prizePageSchema, prizeSubStockListSchema } from "../src/schemas/prize-schemas.js";
import { singlePackage } from "./support/codes-fixtures.js";
import { createTestApp, type TestApp } from "./support/test-app.js";

const DAY_MS = 86_400_000;

async function ok(app: TestApp, method: string, path: string, body?: unknown, token?: string) {
  const reply = await app.call(method, path, {
    ...(body !== undefined && { body }),
    ...(token !== undefined && { token }),
  });
  expect(reply.status, `${method} ${path}: ${reply.text}`).toBeLessThan(300);
  return reply;
}

async function refused(
  app: TestApp,
  method: string,
  path: string,
  status: number,
  code: string,
  options: { body?: unknown; token?: string } = {},
) {
  const reply = await app.call(method, path, options);
  expect(reply.status, `${method} ${path}: ${reply.text}`).toBe(status);
  expect(reply.json.code).toBe(code);
  return reply.json;
}

function luckyDraw(prizeId: string, allocation: number) {
  return {
    template: "lucky_draw",
    title: "Lucky tea",
    startsAt: new Date(Date.now() - DAY_MS).toISOString(),
    endsAt: new Date(Date.now() + DAY_MS).toISOString(),
    slots: [{ prizeId, probability: 50, allocation, accountLimit: { period: "week", times: 1 } }],
  };
}

describe("prize routes", () => {
  it("creates, lists, changes and restocks prizes; CDK keys are appended with a report and never shown", async () => {
    const app = createTestApp();
    const created = await ok(app, "POST", "/v1/prizes", {
      name: "Tea cup",
      kind: "physical",
      totalStock: 5,
    });
    expect(created.status).toBe(201);
    const cup = created.json.prize;
    expect(created.headers.get("location")).toBe(`/v1/prizes/${cup.id}`);
    expect(created.json.cdkImport).toBeNull();
    const renamed = await ok(app, "PATCH", `/v1/prizes/${cup.id}`, { name: "Porcelain cup" });
    expect(renamed.json).toMatchObject({ name: "Porcelain cup", totalStock: 5 });
    const restocked = await ok(app, "POST", `/v1/prizes/${cup.id}/stock`, { units: 3 });
    expect(restocked.json.totalStock).toBe(8);
    await refused(app, "POST", `/v1/prizes/${cup.id}/cdk-keys`, 409, "PRIZE_KIND_MISMATCH", {
      body: { text: "A\nB" },
    });

    const keys = (
      await ok(app, "POST", "/v1/prizes", { name: "Keys", kind: "cdk", cdkText: "A-1\nA-2" })
    ).json.prize;
    const appended = await ok(app, "POST", `/v1/prizes/${keys.id}/cdk-keys`, {
      text: "A-3\n\nA-1\nA-3",
    });
    expect(appended.json.prize.totalStock).toBe(3);
    expect(appended.json.cdkImport).toEqual({
      imported: 1,
      blankLines: [2],
      duplicateLines: [
        { line: 3, firstLine: null },
        { line: 4, firstLine: 1 },
      ],
    });
    expect(appended.text).not.toContain("A-1");
    await refused(app, "POST", `/v1/prizes/${keys.id}/stock`, 409, "PRIZE_KIND_MISMATCH", {
      body: { units: 1 },
    });

    const page = prizePageSchema.parse((await ok(app, "GET", "/v1/prizes")).json);
    expect(page.items.map((prize) => prize.id)).toEqual([keys.id, cup.id]);
    const cdkOnly = prizePageSchema.parse((await ok(app, "GET", "/v1/prizes?kind=cdk")).json);
    expect(cdkOnly.items.map((prize) => prize.id)).toEqual([keys.id]);
    expect((await ok(app, "GET", `/v1/prizes/${keys.id}`)).text).not.toContain("A-2");
    const subStocks = await ok(app, "GET", `/v1/prizes/${cup.id}/sub-stocks`);
    expect(prizeSubStockListSchema.parse(subStocks.json)).toEqual({ items: [] });
    await refused(app, "GET", "/v1/prizes/prz_missing", 404, "NOT_FOUND");
  });

  it("needs campaigns.read to read and campaigns.manage to change", async () => {
    const app = createTestApp();
    await refused(app, "GET", "/v1/prizes", 403, "FORBIDDEN", { token: "acme-inspector" });
    await refused(app, "POST", "/v1/campaigns", 403, "FORBIDDEN", {
      token: "acme-operator",
      body: {},
    });
    await refused(app, "GET", "/v1/campaign-winners", 403, "FORBIDDEN", {
      token: "acme-consumer",
    });
  });
});

describe("campaign and activity batch routes", () => {
  it("runs the campaign state machine and keeps a campaign named by an activity batch", async () => {
    const app = createTestApp();
    const prize = (
      await ok(app, "POST", "/v1/prizes", { name: "Cup", kind: "physical", totalStock: 3 })
    ).json.prize;
    const short = await refused(app, "POST", "/v1/campaigns", 409, "PRIZE_STOCK_SHORT", {
      body: luckyDraw(prize.id, 4),
    });
    expect(short.details).toMatchObject({ prizeId: prize.id, available: 3, requested: 4 });
    const created = await ok(app, "POST", "/v1/campaigns", luckyDraw(prize.id, 2));
    expect(created.status).toBe(201);
    const campaign = created.json;
    expect(created.headers.get("location")).toBe(`/v1/campaigns/${campaign.id}`);
    expect(campaign).toMatchObject({ status: "draft", won: [0] });
    expect(campaign.slots[0]).toMatchObject({ probabilityBp: 5000, allocation: 2 });
    const list = campaignPageSchema.parse(
      (await ok(app, "GET", "/v1/campaigns?status=draft")).json,
    );
    expect(list.items.map((item) => item.id)).toEqual([campaign.id]);
    const changed = await ok(app, "PATCH", `/v1/campaigns/${campaign.id}`, { title: "Lucky cup" });
    expect(changed.json.title).toBe("Lucky cup");
    expect((await ok(app, "GET", `/v1/prizes/${prize.id}`)).json.allocated).toBe(2);

    // An activity batch names it: it stays until the batch goes.
    const { merchantId, pkg } = await singlePackage(app, 2);
    const product = (await ok(app, "POST", "/v1/products", { merchantId, name: "Tin" })).json;
    const batchBody = {
      batchNumber: "LUCKY-1",
      campaignId: campaign.id,
      merchantId,
      productId: product.id,
    };
    const batch = (await ok(app, "POST", "/v1/activity-batches", batchBody)).json;
    await refused(app, "DELETE", `/v1/campaigns/${campaign.id}`, 409, "CAMPAIGN_IN_USE");
    await refused(app, "POST", "/v1/activity-batches", 409, "BATCH_NUMBER_TAKEN", {
      body: batchBody,
    });

    // Copies, binding, activation and freezing.
    const copied = await ok(app, "POST", `/v1/activity-batches/${batch.id}/copy`, {
      batchNumber: "LUCKY-2",
    });
    expect(copied.status).toBe(201);
    expect(copied.headers.get("location")).toBe(`/v1/activity-batches/${copied.json.id}`);
    expect(copied.json).toMatchObject({
      campaignId: campaign.id,
      status: "inactive",
      packageIds: [],
    });
    await refused(
      app,
      "POST",
      `/v1/activity-batches/${batch.id}/activate`,
      409,
      "BATCH_HAS_NO_CODES",
    );
    await ok(app, "POST", `/v1/activity-batches/${batch.id}/packages`, { packageId: pkg.id });
    await refused(
      app,
      "POST",
      `/v1/activity-batches/${copied.json.id}/packages`,
      409,
      "PACKAGE_ALREADY_BOUND",
      { body: { packageId: pkg.id } },
    );
    expect((await ok(app, "POST", `/v1/activity-batches/${batch.id}/activate`)).json.status).toBe(
      "active",
    );
    expect((await ok(app, "POST", `/v1/activity-batches/${batch.id}/freeze`)).json.status).toBe(
      "frozen",
    );
    await refused(
      app,
      "PATCH",
      `/v1/activity-batches/${batch.id}`,
      409,
      "INVALID_STATE_TRANSITION",
      { body: { batchNumber: "LUCKY-9" } },
    );
    const remarked = await ok(app, "PATCH", `/v1/activity-batches/${batch.id}`, { remark: "Tins" });
    expect(remarked.json.remark).toBe("Tins");
    await refused(
      app,
      "DELETE",
      `/v1/activity-batches/${batch.id}`,
      409,
      "INVALID_STATE_TRANSITION",
    );
    const batches = activityBatchPageSchema.parse(
      (await ok(app, "GET", `/v1/activity-batches?campaignId=${campaign.id}&status=frozen`)).json,
    );
    expect(batches.items.map((item) => item.id)).toEqual([batch.id]);
    expect((await ok(app, "DELETE", `/v1/activity-batches/${copied.json.id}`)).status).toBe(204);
    await refused(app, "GET", `/v1/activity-batches/${copied.json.id}`, 404, "NOT_FOUND");

    // draft → online ⇄ frozen → offline, for good.
    for (const [action, status] of [
      ["publish", "online"],
      ["freeze", "frozen"],
      ["resume", "online"],
      ["offline", "offline"],
    ] as const) {
      const reply = await ok(app, "POST", `/v1/campaigns/${campaign.id}/${action}`);
      expect(reply.json.status, action).toBe(status);
    }
    await refused(
      app,
      "POST",
      `/v1/campaigns/${campaign.id}/publish`,
      409,
      "INVALID_STATE_TRANSITION",
    );
    // Offline gave the unwon allocation back.
    expect((await ok(app, "GET", `/v1/prizes/${prize.id}`)).json.allocated).toBe(0);

    // A draft nobody names can be deleted.
    const spare = (await ok(app, "POST", "/v1/campaigns", luckyDraw(prize.id, 1))).json;
    expect((await ok(app, "DELETE", `/v1/campaigns/${spare.id}`)).status).toBe(204);
    await refused(app, "GET", `/v1/campaigns/${spare.id}`, 404, "NOT_FOUND");
  });
});

describe("the consumer's draw routes", () => {
  it("are the consumer's: staff cannot play, unknown codes and draws are not found", async () => {
    const app = createTestApp();
    await refused(app, "POST", "/v1/my/draws", 403, "FORBIDDEN", {
      token: "acme-admin",
      body: { code: "ABCDEFGH12345678" },
    });
    await refused(app, "POST", "/v1/my/draws", 404, "NOT_FOUND", {
      token: "acme-consumer",
      body: { code: "ABCDEFGH12345678" },
    });
    await refused(app, "POST", "/v1/my/draws/drw_missing/claim", 404, "NOT_FOUND", {
      token: "acme-consumer",
      body: {},
    });
    const mine = await ok(app, "GET", "/v1/my/draws", undefined, "acme-consumer");
    expect(mine.json).toEqual({ items: [], nextCursor: null });
  });
});
