import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../src/index.js";
import { conforms } from "./support/json-schema-check.js";
import type { TestApp } from "./support/test-app.js";
import {
  catalog,
  codePackage,
  createBatch,
  createTraceApp,
  expectStatus,
  packageCodes,
  publicScan,
  enterpriseTree as tree,
} from "./support/trace-fixtures.js";

/** Checks bodies against the operation's documented response schema. */
async function responseChecker(app: TestApp) {
  const document = (await app.call("GET", "/openapi.json", { token: null }))
    .json as OpenApiDocument;
  return (operationId: string, status: number, body: unknown) => {
    const operation = Object.values(document.paths)
      .flatMap((item) => Object.values(item))
      .find((op) => (op as { operationId?: string }).operationId === operationId) as
      | {
          responses: Record<
            string,
            { content?: Record<string, { schema: Record<string, unknown> }> }
          >;
        }
      | undefined;
    const schema = operation?.responses[String(status)]?.content?.["application/json"]?.schema;
    if (!schema) throw new Error(`no ${status} schema for ${operationId}`);
    expect(conforms(schema, body, document), `${operationId} ${JSON.stringify(body)}`).toBe(true);
  };
}

/** An active batch of an associated two-level package (2 cases of 3) entered at the factory. */
async function world() {
  const app = createTraceApp();
  const check = await responseChecker(app);
  const { merchantId, ruleId, productId } = await catalog(app);
  const { factory, distributor } = await tree(app);
  const pkg = await codePackage(app, merchantId, ruleId, { cases: 2, perCase: 3 });
  const batch = await createBatch(app, productId);
  await app.call("POST", `/v1/trace-batches/${batch.id}/packages`, { body: { packageId: pkg.id } });
  await app.call("POST", `/v1/trace-batches/${batch.id}/status`, { body: { status: "active" } });
  const codes = await packageCodes(app, pkg.id);
  const code = (serial: number) => codes[serial - 1]?.code as string;
  const document = async (body: Record<string, unknown>) =>
    expectStatus(await app.call("POST", "/v1/stock-documents", { body }), 201).json;
  const entry = await document({ inboundType: "production", toEnterpriseId: factory.id });
  for (const outer of [1, 5]) {
    await app.call("POST", `/v1/stock-documents/${entry.id}/scans`, {
      body: { code: code(outer) },
    });
  }
  const scanInto = (documentId: string, scanned: string) =>
    app.call("POST", `/v1/stock-documents/${documentId}/scans`, { body: { code: scanned } });
  return { app, check, pkg, code, factory, distributor, document, scanInto };
}

describe("code lifecycle routes", () => {
  it("voids and recalls codes, lists and restores entries; scans answer void", async () => {
    const { app, check, pkg, code } = await world();
    const created = expectStatus(
      await app.call("POST", "/v1/code-lifecycle/entries", {
        body: { kind: "void", reason: "misprint", code: `https://t.acme.example/c/${code(2)}` },
      }),
      201,
    );
    check("voidCodes", 201, created.json);
    expect(created.json).toMatchObject({ created: true, entry: { kind: "void", code: code(2) } });
    expect(created.headers.get("location")).toBe(
      `/v1/code-lifecycle/entries/${created.json.entry.id}`,
    );
    const again = expectStatus(
      await app.call("POST", "/v1/code-lifecycle/entries", {
        body: { kind: "void", reason: "damaged", code: code(2) },
      }),
      200,
    );
    check("voidCodes", 200, again.json);
    expect(again.json).toEqual({ entry: created.json.entry, created: false });
    const recall = expectStatus(
      await app.call("POST", "/v1/code-lifecycle/entries", {
        body: {
          kind: "recall",
          reason: "quality",
          packageId: pkg.id,
          fromSerial: 5,
          toSerial: 8,
          consumerMessage: "Return it for a refund",
        },
      }),
      201,
    );

    const scanned = expectStatus(await publicScan(app, { tenantId: "acme", code: code(2) }), 200);
    check("scanCode", 200, scanned.json);
    expect(scanned.json).toMatchObject({
      verdict: "void",
      batch: null,
      codeStatus: { kind: "void", reason: "misprint" },
      product: { name: "Longjing Tea" },
    });
    const recalled = (await publicScan(app, { tenantId: "acme", code: code(6) })).json;
    expect(recalled.codeStatus).toMatchObject({
      kind: "recall",
      message: "Return it for a refund",
    });
    const records = (await app.call("GET", `/v1/codes/${code(2)}/scans`)).json;
    check("listCodeScans", 200, records);
    expect(records.items[0].verdict).toBe("void");

    const list = expectStatus(await app.call("GET", "/v1/code-lifecycle/entries?active=true"), 200);
    check("listLifecycleEntries", 200, list.json);
    expect(list.json.items.map((entry: { id: string }) => entry.id)).toEqual([
      recall.json.entry.id,
      created.json.entry.id,
    ]);
    const byCode = await app.call("GET", `/v1/code-lifecycle/entries?kind=recall&code=${code(7)}`);
    expect(byCode.json.items).toHaveLength(1);
    const one = expectStatus(
      await app.call("GET", `/v1/code-lifecycle/entries/${created.json.entry.id}`),
      200,
    );
    check("getLifecycleEntry", 200, one.json);
    const restored = expectStatus(
      await app.call("POST", `/v1/code-lifecycle/entries/${created.json.entry.id}/restore`),
      200,
    );
    check("restoreLifecycleEntry", 200, restored.json);
    expect(restored.json.restoredBy).not.toBeNull();
    expect((await publicScan(app, { tenantId: "acme", code: code(2) })).json.verdict).toBe(
      "genuine",
    );
    const restoredOnly = await app.call("GET", "/v1/code-lifecycle/entries?active=false");
    expect(restoredOnly.json.items).toHaveLength(1);
  });

  it("refuses writes to non-admins, malformed bodies and unknown entries", async () => {
    const { app, code } = await world();
    const body = { kind: "void", reason: "lost", code: code(1) };
    const inspector = await app.call("POST", "/v1/code-lifecycle/entries", {
      token: "acme-inspector",
      body,
    });
    expect([inspector.status, inspector.json.code]).toEqual([403, "FORBIDDEN"]);
    expect(
      (await app.call("GET", "/v1/code-lifecycle/entries", { token: "acme-inspector" })).status,
    ).toBe(200);
    const wrongReason = await app.call("POST", "/v1/code-lifecycle/entries", {
      body: { kind: "recall", reason: "misprint", code: code(1) },
    });
    expect([wrongReason.status, wrongReason.json.code]).toEqual([400, "VALIDATION_FAILED"]);
    const unknownField = await app.call("POST", "/v1/code-lifecycle/entries", {
      body: { ...body, serials: [1] },
    });
    expect(unknownField.status).toBe(400);
    const missing = await app.call("POST", "/v1/code-lifecycle/entries/lcy_missing/restore");
    expect([missing.status, missing.json.code]).toEqual([404, "NOT_FOUND"]);
    const badKind = await app.call("GET", "/v1/code-lifecycle/entries?kind=lost");
    expect(badKind.status).toBe(400);
  });

  it("unpacks and re-packs cases; stock scans move current contents; history and location show it", async () => {
    const { app, check, code, factory, distributor, document, scanInto } = await world();
    const unpacked = expectStatus(
      await app.call("POST", "/v1/code-lifecycle/unpack", {
        body: { code: code(5), children: [code(6)], note: "sample" },
      }),
      200,
    );
    check("unpackCode", 200, unpacked.json);
    expect(unpacked.json.changes).toMatchObject([
      { action: "unpack", parentSerial: 5, children: { fromSerial: 6, toSerial: 6 } },
    ]);
    const repacked = expectStatus(
      await app.call("POST", "/v1/code-lifecycle/repack", {
        body: { parent: code(5), children: [code(2)] },
      }),
      200,
    );
    check("repackCodes", 200, repacked.json);
    expect(repacked.json.changes.map((change: { action: string }) => change.action)).toEqual([
      "unpack",
      "pack",
    ]);
    const location = expectStatus(await app.call("GET", `/v1/codes/${code(2)}/location`), 200);
    check("locateCode", 200, location.json);
    expect(location.json).toMatchObject({ parent: { serial: 5, code: code(5) }, status: null });
    const history = expectStatus(await app.call("GET", `/v1/codes/${code(2)}/aggregation`), 200);
    check("getAggregationHistory", 200, history.json);
    expect(history.json.items).toHaveLength(2);

    const sale = await document({
      outboundType: "sale",
      fromEnterpriseId: factory.id,
      toEnterpriseId: distributor.id,
    });
    const moved = expectStatus(await scanInto(sale.id, code(5)), 200);
    check("scanIntoStockDocument", 200, moved.json);
    expect(moved.json.moved).toBe(4);
    expect(
      moved.json.items.map((item: { range: { fromSerial: number; toSerial: number } }) => [
        item.range.fromSerial,
        item.range.toSerial,
      ]),
    ).toEqual([
      [2, 2],
      [5, 5],
      [7, 8],
    ]);

    const level = await app.call("POST", "/v1/code-lifecycle/repack", {
      body: { parent: code(1), children: [code(5)] },
    });
    expect([level.status, level.json.code]).toEqual([400, "VALIDATION_FAILED"]);
    const held = await app.call("POST", "/v1/code-lifecycle/repack", {
      body: { parent: code(1), children: [code(7)] },
    });
    expect([held.status, held.json.code]).toEqual([409, "HOLDER_MISMATCH"]);
  });

  it("answers CODE_VOIDED for a void code scanned into a sale, destroyed scans after a destruction", async () => {
    const { app, code, factory, distributor, document, scanInto } = await world();
    await app.call("POST", "/v1/code-lifecycle/entries", {
      body: { kind: "void", reason: "damaged", code: code(3) },
    });
    const sale = await document({
      outboundType: "sale",
      fromEnterpriseId: factory.id,
      toEnterpriseId: distributor.id,
    });
    const refused = await scanInto(sale.id, code(1));
    expect([refused.status, refused.json.code]).toEqual([409, "CODE_VOIDED"]);
    const destruction = await document({
      outboundType: "destruction",
      fromEnterpriseId: factory.id,
    });
    expectStatus(await scanInto(destruction.id, code(1)), 200);
    const scanned = (await publicScan(app, { tenantId: "acme", code: code(2) })).json;
    expect(scanned).toMatchObject({ verdict: "destroyed", codeStatus: { kind: "destroyed" } });
    const destroyed = await app.call("GET", "/v1/code-lifecycle/entries?kind=destroyed");
    expect(destroyed.json.items).toHaveLength(1);
    const restore = await app.call(
      "POST",
      `/v1/code-lifecycle/entries/${destroyed.json.items[0].id}/restore`,
    );
    expect([restore.status, restore.json.code]).toEqual([409, "INVALID_STATE_TRANSITION"]);
  });
});
