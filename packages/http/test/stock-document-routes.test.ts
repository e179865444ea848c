import { describe, expect, it } from "vitest";
import {
  stockDocumentSchema,
  stockScanResultSchema,
} from "../src/schemas/stock-document-schemas.js";
import type { TestApp } from "./support/test-app.js";
import {
  catalog,
  codePackage,
  createTraceApp,
  expectStatus,
  packageCodes,
  staffToken,
  enterpriseTree as tree,
} from "./support/trace-fixtures.js";

async function document(app: TestApp, body: Record<string, unknown>, token = "acme-admin") {
  return expectStatus(await app.call("POST", "/v1/stock-documents", { token, body }), 201).json;
}

function scanInto(app: TestApp, documentId: string, code: string, token = "acme-admin") {
  return app.call("POST", `/v1/stock-documents/${documentId}/scans`, { token, body: { code } });
}

describe("stock document routes", () => {
  it("moves codes down the tree; a packaging scan moves the whole case", async () => {
    const app = createTraceApp();
    const { merchantId, ruleId } = await catalog(app);
    const { factory, distributor, retailer } = await tree(app);
    const pkg = await codePackage(app, merchantId, ruleId, { cases: 2, perCase: 3 });
    const codes = await packageCodes(app, pkg.id);
    const cases = codes.filter((c) => c.level === "outer");
    const [firstCase, secondCase] = cases as [(typeof codes)[0], (typeof codes)[0]];
    const firstItems = codes.filter((c) => c.parentSerial === firstCase.serial);
    expect(firstItems).toHaveLength(3);

    const production = await document(app, {
      inboundType: "production",
      toEnterpriseId: factory.id,
    });
    expect(stockDocumentSchema.parse(production)).toMatchObject({
      status: "open",
      consumerVisible: false,
      codeCount: 0,
    });
    const intoFactory = expectStatus(await scanInto(app, production.id, firstCase.code), 200);
    expect(stockScanResultSchema.parse(intoFactory.json)).toMatchObject({
      moved: 4,
      item: { code: firstCase.code, range: { packageId: pkg.id } },
      document: { codeCount: 4 },
    });
    await scanInto(app, production.id, `https://t.acme.example/c/${secondCase.code}`);

    const sale = await document(app, {
      outboundType: "sale",
      inboundType: "purchase",
      fromEnterpriseId: factory.id,
      toEnterpriseId: distributor.id,
      consumerVisible: true,
    });
    const moved = expectStatus(await scanInto(app, sale.id, firstCase.code), 200);
    expect(moved.json.moved).toBe(4);
    const location = expectStatus(
      await app.call("GET", `/v1/codes/${firstItems[1]?.code}/location`),
      200,
    );
    expect(location.json).toMatchObject({
      holding: { enterpriseId: distributor.id, documentId: sale.id },
      steps: [{ documentId: production.id }, { documentId: sale.id }],
    });

    // Down again, one item of the case.
    const retail = await document(app, {
      outboundType: "sale",
      fromEnterpriseId: distributor.id,
      toEnterpriseId: retailer.id,
    });
    expect((await scanInto(app, retail.id, firstItems[0]?.code ?? "")).json.moved).toBe(1);
    const again = await scanInto(app, retail.id, firstItems[0]?.code ?? "");
    expect([again.status, again.json.code]).toEqual([409, "HOLDER_MISMATCH"]);

    const items = expectStatus(
      await app.call("GET", `/v1/stock-documents/${production.id}/items?offset=1&limit=5`),
      200,
    );
    expect(items.json.items.map((i: { code: string }) => i.code)).toEqual([secondCase.code]);
    const byEnterprise = await app.call(
      "GET",
      `/v1/stock-documents?enterpriseId=${distributor.id}&status=open`,
    );
    expect(byEnterprise.json.items.map((d: { id: string }) => d.id).sort()).toEqual(
      [sale.id, retail.id].sort(),
    );
    const closed = expectStatus(
      await app.call("POST", `/v1/stock-documents/${retail.id}/close`),
      200,
    );
    expect(closed.json.status).toBe("closed");
    const late = await scanInto(app, retail.id, firstItems[1]?.code ?? "");
    expect([late.status, late.json.code]).toEqual([409, "INVALID_STATE_TRANSITION"]);
    expect((await app.call("GET", `/v1/stock-documents/${retail.id}`)).json.codeCount).toBe(1);
  });

  it("refuses flows that skip a level or go sideways (INVALID_FLOW)", async () => {
    const app = createTraceApp();
    const { factory, distributor, retailer, north } = await tree(app);
    for (const [body, rule] of [
      [
        { outboundType: "sale", fromEnterpriseId: factory.id, toEnterpriseId: retailer.id },
        "direct_child",
      ],
      [
        { outboundType: "transfer", fromEnterpriseId: distributor.id, toEnterpriseId: north.id },
        "direct_child",
      ],
      [
        { outboundType: "return", fromEnterpriseId: retailer.id, toEnterpriseId: factory.id },
        "return_to_parent",
      ],
      [{ fromEnterpriseId: factory.id, toEnterpriseId: distributor.id }, "type_required"],
    ] as const) {
      const reply = await app.call("POST", "/v1/stock-documents", { body });
      expect([reply.status, reply.json.code, reply.json.details?.rule]).toEqual([
        422,
        "INVALID_FLOW",
        rule,
      ]);
    }
    const back = await app.call("POST", "/v1/stock-documents", {
      body: {
        outboundType: "return",
        fromEnterpriseId: retailer.id,
        toEnterpriseId: distributor.id,
      },
    });
    expect(back.status).toBe(201);
    const invalid = await app.call("POST", "/v1/stock-documents", {
      body: { outboundType: "gift", consumerVisible: "yes" },
    });
    expect(invalid.json.errors.map((e: { field: string }) => e.field)).toEqual([
      "outboundType",
      "consumerVisible",
    ]);
  });

  it("lets one of two concurrent scans of a case win (HOLDER_MISMATCH for the other)", async () => {
    const app = createTraceApp();
    const { merchantId, ruleId } = await catalog(app);
    const { factory, distributor, north } = await tree(app);
    const pkg = await codePackage(app, merchantId, ruleId, { cases: 1, perCase: 4 });
    const [outer] = (await packageCodes(app, pkg.id)).filter((c) => c.level === "outer");
    const production = await document(app, {
      inboundType: "production",
      toEnterpriseId: factory.id,
    });
    expectStatus(await scanInto(app, production.id, outer?.code ?? ""), 200);
    const south = await document(app, {
      outboundType: "sale",
      fromEnterpriseId: factory.id,
      toEnterpriseId: distributor.id,
    });
    const northDoc = await document(app, {
      outboundType: "sale",
      fromEnterpriseId: factory.id,
      toEnterpriseId: north.id,
    });
    const replies = await Promise.all([
      scanInto(app, south.id, outer?.code ?? ""),
      scanInto(app, northDoc.id, outer?.code ?? ""),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = replies.find((r) => r.status === 409);
    expect(loser?.json).toMatchObject({ code: "HOLDER_MISMATCH", details: { mismatched: 5 } });
    const winner = replies.find((r) => r.status === 200);
    const holder = await app.call("GET", `/v1/codes/${outer?.code}/location`);
    expect(holder.json.holding.documentId).toBe(winner?.json.document.id);
  });

  it("limits stock operators to their assigned enterprises (403 otherwise)", async () => {
    const app = createTraceApp();
    const { merchantId, ruleId } = await catalog(app);
    const { factory, distributor, retailer } = await tree(app);
    const operator = expectStatus(
      await app.call("POST", "/v1/staff", {
        body: {
          loginName: "south_operator",
          roles: ["stock_operator"],
          enterpriseIds: [distributor.id],
        },
      }),
      201,
    ).json;
    const token = staffToken("acme", operator.id, ["stock_operator"]);
    const own = await app.call("POST", "/v1/stock-documents", {
      token,
      body: { outboundType: "sale", fromEnterpriseId: distributor.id, toEnterpriseId: retailer.id },
    });
    expect(own.status).toBe(201);
    expect(own.json.createdBy).toBe(operator.id);
    const foreign = await app.call("POST", "/v1/stock-documents", {
      token,
      body: { outboundType: "sale", fromEnterpriseId: factory.id, toEnterpriseId: distributor.id },
    });
    expect([foreign.status, foreign.json.code]).toEqual([403, "FORBIDDEN"]);

    const pkg = await codePackage(app, merchantId, ruleId, { quantity: 1 });
    const [code] = await packageCodes(app, pkg.id);
    const production = await document(app, {
      inboundType: "production",
      toEnterpriseId: factory.id,
    });
    const scan = await scanInto(app, production.id, code?.code ?? "", token);
    expect([scan.status, scan.json.code]).toEqual([403, "FORBIDDEN"]);
    const close = await app.call("POST", `/v1/stock-documents/${production.id}/close`, { token });
    expect(close.status).toBe(403);
    const inspector = staffToken("acme", "insp-1", ["inspector"]);
    const inspectorDoc = await app.call("POST", "/v1/stock-documents", {
      token: inspector,
      body: { inboundType: "production", toEnterpriseId: factory.id },
    });
    expect(inspectorDoc.status).toBe(403);
    // Reading is open to every staff role.
    expect((await app.call("GET", "/v1/stock-documents", { token: inspector })).status).toBe(200);
  });
});

describe("inspection routes", () => {
  it("files and lists inspection reports", async () => {
    const app = createTraceApp();
    const { merchantId, ruleId } = await catalog(app);
    const pkg = await codePackage(app, merchantId, ruleId, { quantity: 1 });
    const [code] = await packageCodes(app, pkg.id);
    const inspector = staffToken("acme", "insp-7", ["inspector"]);
    const filed = expectStatus(
      await app.call("POST", "/v1/inspections", {
        token: inspector,
        body: {
          code: code?.code,
          region: "CN-SH",
          note: "Found on a market stall",
          photos: ["https://img.example/1.jpg"],
        },
      }),
      201,
    );
    expect(filed.json).toMatchObject({ inspectorId: "insp-7", region: "CN-SH", code: code?.code });
    const operator = staffToken("acme", "op-1", ["stock_operator"]);
    const refused = await app.call("POST", "/v1/inspections", {
      token: operator,
      body: { code: code?.code, note: "x" },
    });
    expect(refused.status).toBe(403);
    const listed = await app.call("GET", `/v1/inspections?inspectorId=insp-7&code=${code?.code}`);
    expect(listed.json.items.map((r: { id: string }) => r.id)).toEqual([filed.json.id]);
    const invalid = await app.call("POST", "/v1/inspections", { body: { photos: "x" } });
    expect(invalid.json.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "code",
      "note",
      "photos",
    ]);
  });
});
