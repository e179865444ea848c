import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { createOpenApiDocument, type OpenApiDocument } from "../src/index.js";
import { routeTable } from "../src/routes/route-table.js";
import { newEnterpriseSchema } from "../src/schemas/enterprise-schemas.js";
import { publicScanSchema } from "../src/schemas/scan-schemas.js";
import { newTraceBatchSchema } from "../src/schemas/trace-batch-schemas.js";
import { conforms } from "./support/json-schema-check.js";
import type { TestApp } from "./support/test-app.js";
import {
  batchInput,
  catalog,
  codePackage,
  createBatch,
  createTraceApp,
  expectStatus,
  packageCodes,
  publicScan,
} from "./support/trace-fixtures.js";

type Operation = {
  operationId: string;
  tags: string[];
  security: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<
    string,
    {
      description: string;
      headers?: Record<string, unknown>;
      content?: Record<string, { schema?: Record<string, unknown> }>;
    }
  >;
};

const TRACE_PREFIXES = [
  "/v1/trace-batches",
  "/v1/production-",
  "/v1/ledger",
  "/v1/enterprises",
  "/v1/staff",
  "/v1/stock-documents",
  "/v1/codes/",
  "/v1/code-lifecycle/",
  "/v1/inspections",
  "/v1/diversion-alerts",
  "/v1/public/",
];

function operations(document: OpenApiDocument) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op: op as unknown as Operation })),
  );
}

function operation(document: OpenApiDocument, operationId: string): Operation {
  const found = operations(document).find(({ op }) => op.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId}`);
  return found.op;
}

describe("OpenAPI document of the trace routes", () => {
  it("lists every route of the table with its method, and nothing else", () => {
    const document = createOpenApiDocument();
    const documented = operations(document)
      .map(({ path, method }) => `${method.toUpperCase()} ${path}`)
      .sort();
    const routes = routeTable(() => document)
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    expect(documented).toEqual(routes);
    const trace = routes.filter((route) =>
      TRACE_PREFIXES.some((prefix) => route.split(" ")[1]?.startsWith(prefix)),
    );
    expect(trace).toHaveLength(58);
  });

  it("marks the public scan as public: no security, the public tag, 429 with Retry-After", () => {
    const document = createOpenApiDocument();
    const scan = operation(document, "scanCode");
    expect(scan.security).toEqual([]);
    expect(scan.tags).toEqual(["public"]);
    expect(document.tags).toContainEqual({ name: "public", description: expect.any(String) });
    expect(scan.requestBody?.content["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/PublicScan",
    });
    expect(Object.keys(scan.responses)).toEqual(["200", "400", "413", "415", "429", "500"]);
    expect(scan.responses["200"]?.content?.["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/ScanResult",
    });
    expect(scan.responses["429"]?.headers).toHaveProperty("Retry-After");
    // Every other trace route needs a bearer token.
    for (const { path, op } of operations(document)) {
      if (!TRACE_PREFIXES.some((prefix) => path.startsWith(prefix)) || op === scan) continue;
      expect(op.security, op.operationId).toEqual([{ bearerAuth: [] }]);
      expect(op.responses, op.operationId).toHaveProperty("401");
      expect(op.tags, op.operationId).not.toContain("public");
    }
  });

  it("documents the EPCIS export as application/ld+json and the other bodies as JSON", () => {
    const document = createOpenApiDocument();
    const epcis = operation(document, "exportTraceBatchEpcis");
    expect(Object.keys(epcis.responses["200"]?.content ?? {})).toEqual(["application/ld+json"]);
    expect(epcis.responses["200"]?.content?.["application/ld+json"]?.schema).toEqual({
      $ref: "#/components/schemas/EpcisDocument",
    });
    expect(epcis.responses["200"]?.headers).toHaveProperty("Content-Disposition");
    expect(operation(document, "sealTraceBatch").responses["201"]?.content).toHaveProperty(
      "application/json",
    );
    expect(operation(document, "deleteTraceBatch").responses["409"]?.description).toContain(
      "BATCH_HAS_PACKAGES",
    );
    expect(operation(document, "scanIntoStockDocument").responses["409"]?.description).toContain(
      "HOLDER_MISMATCH",
    );
    expect(operation(document, "createStockDocument").responses["422"]?.description).toContain(
      "INVALID_FLOW",
    );
  });

  it("documents request bodies that accept exactly what the schemas accept", () => {
    const document = createOpenApiDocument();
    const component = (id: string) => document.components.schemas[id] as Record<string, unknown>;
    const batch = batchInput("prd_1");
    const cases: [string, z.ZodType, unknown[]][] = [
      [
        "NewTraceBatch",
        newTraceBatchSchema,
        [
          batch,
          { ...batch, shelfLifeDays: null },
          { ...batch, shelfLifeDays: 0 },
          {
            ...batch,
            customFields: [{ title: "T", type: "video", content: "https://v.example/1" }],
          },
          { ...batch, customFields: [{ title: "T", type: "gif", content: "x" }] },
          { ...batch, template: { kind: "brand", brandVideo: "https://v.example/b" } },
          { ...batch, template: { kind: "brand", autoplay: true } },
          { ...batch, batchNumber: "b".repeat(51) },
          { ...batch, status: "active" },
        ],
      ],
      [
        "PublicScan",
        publicScanSchema,
        [
          { tenantId: "acme", code: "AbC123" },
          { tenantId: "acme", code: "AbC123", visitorId: null, userId: "u-1" },
          { tenantId: "acme", code: "" },
          { tenantId: "_acme", code: "AbC123" },
          { code: "AbC123" },
          { tenantId: "acme", code: "AbC123", ip: "1.2.3.4" },
        ],
      ],
      [
        "NewEnterprise",
        newEnterpriseSchema,
        [
          { name: "Shop", salesRegion: "CN-GD" },
          { name: "Shop", salesRegion: "CN-GD", parentId: null, socialCreditCode: null },
          { name: "Shop", salesRegion: "CN GD" },
          { name: "Shop", salesRegion: "CN-GUANGDONG-PROVINCE" },
          { name: "Shop" },
        ],
      ],
    ];
    for (const [id, schema, bodies] of cases) {
      let accepted = 0;
      for (const body of bodies) {
        const documented = conforms(component(id), body, document);
        expect(documented, `${id} ${JSON.stringify(body)}`).toBe(schema.safeParse(body).success);
        if (documented) accepted++;
      }
      expect(accepted, id).toBeGreaterThan(0);
      expect(accepted, id).toBeLessThan(bodies.length);
    }
  });

  it("describes the responses the trace routes actually send", async () => {
    const app: TestApp = createTraceApp();
    const document = (await app.call("GET", "/openapi.json", { token: null }))
      .json as OpenApiDocument;
    const check = (operationId: string, status: number, body: unknown) => {
      const schema = operation(document, operationId).responses[String(status)]?.content?.[
        "application/json"
      ]?.schema;
      if (!schema) throw new Error(`no ${status} schema for ${operationId}`);
      expect(conforms(schema, body, document), `${operationId} ${JSON.stringify(body)}`).toBe(true);
    };
    const { merchantId, ruleId, productId } = await catalog(app);
    const batch = await createBatch(app, productId);
    check("createTraceBatch", 201, batch);
    const pkg = await codePackage(app, merchantId, ruleId, { cases: 1, perCase: 2 });
    const bound = await app.call("POST", `/v1/trace-batches/${batch.id}/packages`, {
      body: { packageId: pkg.id },
    });
    check("bindBatchPackage", 200, bound.json);
    check(
      "listBatchPackages",
      200,
      (await app.call("GET", `/v1/trace-batches/${batch.id}/packages`)).json,
    );
    const factory = (
      await app.call("POST", "/v1/enterprises", {
        body: {
          name: "Factory",
          salesRegion: "CN-ZJ",
          customFields: [{ title: "Note", type: "text", content: "x" }],
        },
      })
    ).json;
    check("createEnterprise", 201, factory);
    check("listEnterprises", 200, (await app.call("GET", "/v1/enterprises")).json);
    const staff = await app.call("POST", "/v1/staff", {
      body: { loginName: "operator_9", roles: ["stock_operator"], enterpriseIds: [factory.id] },
    });
    check("createStaffMember", 201, staff.json);
    const doc = (
      await app.call("POST", "/v1/stock-documents", {
        body: { inboundType: "production", toEnterpriseId: factory.id },
      })
    ).json;
    check("createStockDocument", 201, doc);
    const codes = await packageCodes(app, pkg.id);
    const scanned = expectStatus(
      await app.call("POST", `/v1/stock-documents/${doc.id}/scans`, {
        body: { code: codes[0]?.code },
      }),
      200,
    );
    check("scanIntoStockDocument", 200, scanned.json);
    check(
      "listStockDocumentItems",
      200,
      (await app.call("GET", `/v1/stock-documents/${doc.id}/items`)).json,
    );
    check("locateCode", 200, (await app.call("GET", `/v1/codes/${codes[1]?.code}/location`)).json);
    await app.call("POST", `/v1/trace-batches/${batch.id}/status`, { body: { status: "active" } });
    const sealed = await app.call("POST", `/v1/trace-batches/${batch.id}/seal`);
    check("sealTraceBatch", 201, sealed.json);
    check("getTraceBatch", 200, (await app.call("GET", `/v1/trace-batches/${batch.id}`)).json);
    check(
      "verifyTraceBatchSeal",
      200,
      (await app.call("GET", `/v1/trace-batches/${batch.id}/seal/verification`)).json,
    );
    check("listLedgerEntries", 200, (await app.call("GET", "/v1/ledger/entries")).json);
    const genuine = await publicScan(
      app,
      { tenantId: "acme", code: codes[1]?.code },
      { "x-test-ip": "202.96.0.1" },
    );
    expect(genuine.json.verdict).toBe("genuine");
    check("scanCode", 200, genuine.json);
    check("scanCode", 200, (await publicScan(app, { tenantId: "acme", code: "Unknown1234" })).json);
    check("listCodeScans", 200, (await app.call("GET", `/v1/codes/${codes[1]?.code}/scans`)).json);
    const alerts = await app.call("GET", "/v1/diversion-alerts");
    expect(alerts.json.items).toHaveLength(1);
    check("listDiversionAlerts", 200, alerts.json);
    const report = await app.call("POST", "/v1/inspections", {
      body: { code: codes[1]?.code, note: "ok" },
    });
    check("fileInspection", 201, report.json);
    const line = (await app.call("POST", "/v1/production-lines", { body: { name: "L1" } })).json;
    check("createProductionLine", 201, line);
    const task = await app.call("POST", "/v1/production-tasks", {
      body: { name: "T", batchId: batch.id, lineId: line.id, executedAt: "2026-04-01T00:00:00Z" },
    });
    check("createProductionTask", 201, task.json);
    const effective = await app.call("POST", `/v1/production-tasks/${task.json.id}/status`, {
      body: { status: "effective" },
    });
    check("setProductionTaskStatus", 200, effective.json);
  });
});
