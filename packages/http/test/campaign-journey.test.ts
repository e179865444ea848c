import { describe, expect, it } from "vitest";
import { fetchRaw } from "./support/codes-fixtures.js";
import { conforms } from "./support/json-schema-check.js";
import type { TestApp } from "./support/test-app.js";
import {
  catalog,
  codePackage,
  createBatch,
  createTraceApp,
  packageCodes,
  publicScan,
} from "./support/trace-fixtures.js";

/**
 * Domain §3 over HTTP through the real modules: prize stocks, a wheel
 * campaign, an activity batch of a code package, the consumer's scan, draws
 * and claims, and the operators' winners, export, shipping and statistics.
 */

const CONSUMER = "acme-consumer";
const CONSUMER_ID = "acme-consumer-user";
const DAY_MS = 86_400_000;

async function ok(app: TestApp, method: string, path: string, body?: unknown, token?: string) {
  const reply = await app.call(method, path, {
    ...(body !== undefined && { body }),
    ...(token !== undefined && { token }),
  });
  expect(reply.status, `${method} ${path}: ${reply.text}`).toBeLessThan(300);
  return reply.json;
}

async function problem(
  app: TestApp,
  method: string,
  path: string,
  body: unknown,
  token: string,
  status: number,
  code: string,
) {
  const reply = await app.call(method, path, { body, token });
  expect(reply.status, `${method} ${path}: ${reply.text}`).toBe(status);
  expect(reply.json.code).toBe(code);
  return reply.json;
}

/** Drains the outbox, as the reference server's scheduler does. */
async function settle(app: TestApp) {
  for (let round = 0; round < 5; round++) await app.onecode.outbox.dispatch({ limit: 100 });
}

const limitless = { period: "day", times: -1 } as const;

/** The wheel's six slots, with all the odds on `winning` (or on none when `null`). */
function wheelSlots(prizeIds: readonly string[], winning: number | null) {
  return prizeIds.map((prizeId, slot) => ({
    prizeId,
    probability: slot === winning ? 100 : 0,
    allocation: slot < 3 ? 2 : 0,
    accountLimit: limitless,
  }));
}

describe("a scan-to-win campaign over HTTP", () => {
  it("runs §3 end to end: prizes, a wheel, an activity batch, draws, claims, winners, shipping and statistics", async () => {
    const app = createTraceApp();
    const now = Date.now();
    const document = (await app.call("GET", "/openapi.json", { token: null })).json;
    const conformsTo = (id: string, value: unknown) =>
      expect(
        conforms({ $ref: `#/components/schemas/${id}` }, value, document),
        `${id}: ${JSON.stringify(value)}`,
      ).toBe(true);

    // Catalog and codes: a merchant's product, a package of 8 codes in an active trace batch.
    const { merchantId, ruleId, productId } = await catalog(app);
    const pkg = await codePackage(app, merchantId, ruleId, { quantity: 8 });
    const traceBatch = await createBatch(app, productId);
    await ok(app, "POST", `/v1/trace-batches/${traceBatch.id}/packages`, { packageId: pkg.id });
    await ok(app, "POST", `/v1/trace-batches/${traceBatch.id}/status`, { status: "active" });
    const codes = (await packageCodes(app, pkg.id)).map((entry) => entry.code);
    expect(codes).toHaveLength(8);

    // Prizes: CDK keys (a blank and a repeated line reported), a physical prize and points.
    const cdk = await ok(app, "POST", "/v1/prizes", {
      name: "Game key",
      kind: "cdk",
      cdkText: "K-001\n\nK-002\nK-001\nK-003\n",
      redirectUrl: "https://games.example/redeem",
    });
    conformsTo("PrizeWithImport", cdk);
    expect(cdk.prize.totalStock).toBe(3);
    expect(cdk.cdkImport).toEqual({
      imported: 3,
      blankLines: [2],
      duplicateLines: [{ line: 4, firstLine: 1 }],
    });
    const physical = await ok(app, "POST", "/v1/prizes", {
      name: "Tea cup",
      kind: "physical",
      totalStock: 5,
    });
    const points = await ok(app, "POST", "/v1/prizes", {
      name: "100 points",
      kind: "points",
      totalStock: 10,
      points: 100,
    });
    // Three stickers fill the wheel's other sectors, never won.
    const stickers: string[] = [];
    for (const name of ["Sticker A", "Sticker B", "Sticker C"]) {
      const sticker = await ok(app, "POST", "/v1/prizes", {
        name,
        kind: "physical",
        totalStock: 1,
      });
      stickers.push(sticker.prize.id);
    }
    const prizeIds = [cdk.prize.id, physical.prize.id, points.prize.id, ...stickers];
    const prizeText = JSON.stringify(await ok(app, "GET", `/v1/prizes/${cdk.prize.id}`));
    expect(prizeText).not.toContain("K-00");

    // A wheel of 6 slots, published; the CDK slot wins every draw for now.
    const campaign = await ok(app, "POST", "/v1/campaigns", {
      template: "wheel",
      title: "Spring wheel",
      startsAt: new Date(now - DAY_MS).toISOString(),
      endsAt: new Date(now + 30 * DAY_MS).toISOString(),
      rules: "One play per code.",
      slots: wheelSlots(prizeIds, 0),
    });
    conformsTo("CampaignDetail", campaign);
    expect(campaign.status).toBe("draft");
    expect(campaign.slots).toHaveLength(6);
    const published = await ok(app, "POST", `/v1/campaigns/${campaign.id}/publish`);
    expect(published.status).toBe("online");
    const subStocks = await ok(app, "GET", `/v1/prizes/${cdk.prize.id}/sub-stocks`);
    expect(subStocks.items).toEqual([
      { campaignId: campaign.id, campaignTitle: "Spring wheel", slot: 0, allocated: 2, won: 0 },
    ]);

    // An activity batch binding the package, activated.
    const batch = await ok(app, "POST", "/v1/activity-batches", {
      batchNumber: "SPRING-1",
      campaignId: campaign.id,
      merchantId,
      productId,
    });
    conformsTo("ActivityBatch", batch);
    const bound = await ok(app, "POST", `/v1/activity-batches/${batch.id}/packages`, {
      packageId: pkg.id,
    });
    expect(bound.packageIds).toEqual([pkg.id]);
    expect(bound.codeCount).toBe(8);
    const active = await ok(app, "POST", `/v1/activity-batches/${batch.id}/activate`);
    expect(active.status).toBe("active");

    // The public scan shows the campaign entry.
    const scan = await publicScan(app, { tenantId: "acme", code: codes[0] });
    expect(scan.status, scan.text).toBe(200);
    expect(scan.json.verdict).toBe("genuine");
    conformsTo("ScanResult", scan.json);
    expect(scan.json.campaign).toMatchObject({
      campaignId: campaign.id,
      activityBatchId: batch.id,
      template: "wheel",
      title: "Spring wheel",
      canStillPlay: true,
      cannotPlayReason: null,
    });
    expect(scan.json.campaign.prizes.map((p: { name: string }) => p.name)).toEqual([
      "Game key",
      "Tea cup",
      "100 points",
      "Sticker A",
      "Sticker B",
      "Sticker C",
    ]);

    // Two CDK wins: the keys come in file order, once each, to the winner alone.
    const firstCdk = await ok(app, "POST", "/v1/my/draws", { code: codes[0] }, CONSUMER);
    conformsTo("DrawResult", firstCdk);
    expect(firstCdk).toMatchObject({ won: true, slot: 0, prizeState: "won" });
    expect(firstCdk.prize).toMatchObject({ id: cdk.prize.id, kind: "cdk" });
    await problem(
      app,
      "POST",
      "/v1/my/draws",
      { code: codes[0] },
      CONSUMER,
      409,
      "CODE_ALREADY_PLAYED",
    );
    const playedScan = await publicScan(app, { tenantId: "acme", code: codes[0] });
    expect(playedScan.json.campaign).toMatchObject({
      canStillPlay: false,
      cannotPlayReason: "played",
    });
    const secondCdk = await ok(app, "POST", "/v1/my/draws", { code: codes[1] }, CONSUMER);
    // A recipient is for physical prizes only.
    const misdirected = await problem(
      app,
      "POST",
      `/v1/my/draws/${firstCdk.drawId}/claim`,
      { recipient: { name: "Li Lei", phone: "13800000001", address: "1 Tea Road" } },
      CONSUMER,
      400,
      "VALIDATION_FAILED",
    );
    expect(misdirected.errors).toEqual([
      expect.objectContaining({ field: "recipient", rule: "not_allowed" }),
    ]);
    const claimFirst = await ok(app, "POST", `/v1/my/draws/${firstCdk.drawId}/claim`, {}, CONSUMER);
    conformsTo("ClaimResult", claimFirst);
    expect(claimFirst).toMatchObject({
      drawId: firstCdk.drawId,
      prizeKind: "cdk",
      prizeState: "claimed",
      cdkKey: "K-001",
      redirectUrl: "https://games.example/redeem",
    });
    const claimSecond = await ok(
      app,
      "POST",
      `/v1/my/draws/${secondCdk.drawId}/claim`,
      {},
      CONSUMER,
    );
    expect(claimSecond.cdkKey).toBe("K-002");
    // Claiming again answers the first claim.
    expect(await ok(app, "POST", `/v1/my/draws/${firstCdk.drawId}/claim`, {}, CONSUMER)).toEqual(
      claimFirst,
    );

    // The physical prize: the odds move to slot 1 while the campaign is online.
    await ok(app, "PATCH", `/v1/campaigns/${campaign.id}`, { slots: wheelSlots(prizeIds, 1) });
    const cup = await ok(app, "POST", "/v1/my/draws", { code: codes[2] }, CONSUMER);
    expect(cup).toMatchObject({ won: true, slot: 1 });
    await problem(
      app,
      "POST",
      `/v1/my/draws/${cup.drawId}/claim`,
      {},
      CONSUMER,
      400,
      "VALIDATION_FAILED",
    );
    const recipient = { name: "Han Meimei", phone: "13800000000", address: "2 Tea Road, Hangzhou" };
    const cupClaim = await ok(
      app,
      "POST",
      `/v1/my/draws/${cup.drawId}/claim`,
      { recipient },
      CONSUMER,
    );
    expect(cupClaim).toMatchObject({ prizeKind: "physical", cdkKey: null, recipient });

    // Points: slot 2; credited by the payout after the claim commits.
    await ok(app, "PATCH", `/v1/campaigns/${campaign.id}`, { slots: wheelSlots(prizeIds, 2) });
    const pointsWin = await ok(app, "POST", "/v1/my/draws", { code: codes[3] }, CONSUMER);
    expect(pointsWin).toMatchObject({ won: true, slot: 2 });
    await ok(app, "POST", `/v1/my/draws/${pointsWin.drawId}/claim`, {}, CONSUMER);
    await settle(app);
    const myPoints = await ok(app, "GET", "/v1/my/points", undefined, CONSUMER);
    expect(myPoints.balance).toBe(100);

    // No odds at all: a draw without a prize.
    await ok(app, "PATCH", `/v1/campaigns/${campaign.id}`, { slots: wheelSlots(prizeIds, null) });
    const nothing = await ok(app, "POST", "/v1/my/draws", { code: codes[4] }, CONSUMER);
    expect(nothing).toMatchObject({
      won: false,
      slot: null,
      prize: null,
      noPrizeReason: "no_prize",
    });
    const mine = await ok(app, "GET", "/v1/my/draws", undefined, CONSUMER);
    conformsTo("DrawResultPage", mine);
    expect(mine.items.map((draw: { drawId: string }) => draw.drawId)).toEqual([
      nothing.drawId,
      pointsWin.drawId,
      cup.drawId,
      secondCdk.drawId,
      firstCdk.drawId,
    ]);

    // Winners: newest first, with claims; no CDK key anywhere.
    const winners = await app.call("GET", `/v1/campaign-winners?campaignId=${campaign.id}`);
    expect(winners.status, winners.text).toBe(200);
    conformsTo("CampaignDrawPage", winners.json);
    expect(winners.text).not.toContain("K-00");
    expect(winners.json.items.map((draw: { id: string }) => draw.id)).toEqual([
      pointsWin.drawId,
      cup.drawId,
      secondCdk.drawId,
      firstCdk.drawId,
    ]);
    expect(winners.json.items[0]).toMatchObject({
      accountId: CONSUMER_ID,
      prizeState: "claimed",
      code: codes[3],
    });
    const physicalOnly = await ok(app, "GET", "/v1/campaign-winners?prizeKind=physical");
    expect(physicalOnly.items.map((draw: { id: string }) => draw.id)).toEqual([cup.drawId]);

    // The CSV export: an attachment, UTF-8 with a BOM, one line per winner, no keys.
    const exported = await fetchRaw(app, `/v1/campaign-winners/export?campaignId=${campaign.id}`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(exported.headers.get("content-disposition")).toBe('attachment; filename="winners.csv"');
    const bytes = new Uint8Array(await exported.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv).not.toContain("K-00");
    expect(csv).toContain(cup.drawId);
    expect(csv.split("\r\n").filter((line) => line !== "")).toHaveLength(1 + 4);

    // Shipping the cup.
    const toShip = await ok(app, "GET", "/v1/prize-shipments?status=pending");
    conformsTo("CampaignDrawPage", toShip);
    expect(toShip.items.map((draw: { id: string }) => draw.id)).toEqual([cup.drawId]);
    expect(toShip.items[0]).toMatchObject({ recipient, shipping: { status: "pending" } });
    const shipped = await ok(app, "POST", `/v1/prize-shipments/${cup.drawId}/ship`, {
      courier: "SF Express",
      trackingNumber: "SF1234567890",
    });
    conformsTo("CampaignDraw", shipped);
    expect(shipped.shipping).toMatchObject({
      status: "shipped",
      courier: "SF Express",
      trackingNumber: "SF1234567890",
    });
    expect((await ok(app, "GET", "/v1/prize-shipments?status=pending")).items).toEqual([]);
    await problem(
      app,
      "POST",
      `/v1/prize-shipments/${firstCdk.drawId}/ship`,
      { courier: "SF Express", trackingNumber: "SF1" },
      "acme-admin",
      409,
      "PRIZE_NOT_CLAIMABLE",
    );

    // Nor does the audit log keep a key.
    const audit = await app.call("GET", "/v1/audit-log?limit=200");
    expect(audit.status, audit.text).toBe(200);
    expect(audit.text).toContain(cdk.prize.id);
    expect(audit.text).not.toContain("K-00");

    // Statistics, from the database.
    const statistics = await ok(app, "GET", `/v1/campaigns/${campaign.id}/statistics`);
    conformsTo("CampaignStatistics", statistics);
    expect(statistics).toMatchObject({
      campaignId: campaign.id,
      draws: 5,
      wins: 4,
      claims: 4,
      paid: 0,
      returned: 0,
    });
    expect(
      statistics.slots
        .slice(0, 3)
        .map((slot: { won: number; left: number }) => [slot.won, slot.left]),
    ).toEqual([
      [2, 0],
      [1, 1],
      [1, 1],
    ]);

    // Frozen: nobody plays, and the scan says why.
    expect((await ok(app, "POST", `/v1/campaigns/${campaign.id}/freeze`)).status).toBe("frozen");
    const closed = await problem(
      app,
      "POST",
      "/v1/my/draws",
      { code: codes[5] },
      CONSUMER,
      409,
      "CAMPAIGN_NOT_OPEN",
    );
    expect(closed.details).toMatchObject({ reason: "paused" });
    const pausedScan = await publicScan(app, { tenantId: "acme", code: codes[5] });
    expect(pausedScan.json.campaign).toMatchObject({
      canStillPlay: false,
      cannotPlayReason: "paused",
    });
    // Resumed, the code plays after all.
    await ok(app, "POST", `/v1/campaigns/${campaign.id}/resume`);
    const resumed = await ok(app, "POST", "/v1/my/draws", { code: codes[5] }, CONSUMER);
    expect(resumed.campaignId).toBe(campaign.id);
  });
});
