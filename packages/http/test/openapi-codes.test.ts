import type {
  CodeListing,
  CodePackage,
  CodePackageProgress,
  CodeRule,
  Page,
  PrintOrder,
  PrintQuote,
} from "@onecode/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { Immutable } from "../src/define-route.js";
import type { OpenApiDocument } from "../src/index.js";
import type {
  codeListingSchema,
  codePackagePageSchema,
  codePackageProgressSchema,
  codePackageSchema,
} from "../src/schemas/code-package-schemas.js";
import { newGenerationSchema } from "../src/schemas/code-package-schemas.js";
import {
  type codeRulePageSchema,
  type codeRuleSchema,
  newCodeRuleSchema,
} from "../src/schemas/code-rule-schemas.js";
import {
  newPrintOrderSchema,
  type printOrderSchema,
  printOrderTransitionSchema,
  type printQuoteSchema,
} from "../src/schemas/print-order-schemas.js";
import {
  createMerchant,
  createQuickRule,
  fetchRaw,
  generatePackage,
} from "./support/codes-fixtures.js";
import { conforms } from "./support/json-schema-check.js";
import { createTestApp, type TestApp } from "./support/test-app.js";

type Media = { schema?: Record<string, unknown>; "x-events"?: Record<string, unknown> };
type Operation = {
  operationId: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { required: boolean; description?: string; content: Record<string, Media> };
  responses: Record<string, { description: string; content?: Record<string, Media> }>;
};

async function documentOf(app: TestApp): Promise<OpenApiDocument> {
  return (await app.call("GET", "/openapi.json", { token: null })).json;
}

/** The capability an operation documents it needs (`x-onecode-capability`). */
function capabilityOf(operation: object | undefined): unknown {
  return (operation as Record<string, unknown> | undefined)?.["x-onecode-capability"];
}

function operationsById(
  document: OpenApiDocument,
): Record<string, Operation & { path: string; method: string }> {
  return Object.fromEntries(
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => {
        const operation = op as unknown as Operation;
        return [operation.operationId, { ...operation, path, method }];
      }),
    ),
  );
}

const RAW_RESPONSES: Record<string, [string, "text" | "binary"]> = {
  exportCodesCsv: ["text/csv", "text"],
  exportCodesZip: ["application/zip", "binary"],
  exportOrdersCsv: ["text/csv", "text"],
  exportCampaignWinnersCsv: ["text/csv", "text"],
  exportImagesZip: ["application/zip", "binary"],
  getCodePng: ["image/png", "binary"],
  getCodeSvg: ["image/svg+xml", "text"],
  getCouponClaimQr: ["image/png", "binary"],
  getSampleSheetPng: ["image/png", "binary"],
  getSampleSheetSvg: ["image/svg+xml", "text"],
  watchCodePackage: ["text/event-stream", "text"],
};

describe("OpenAPI document of the codes routes", () => {
  it("documents non-JSON responses with their media types, and the upload's raw body", async () => {
    const document = await documentOf(createTestApp());
    const ops = operationsById(document);
    for (const [id, [type, kind]] of Object.entries(RAW_RESPONSES)) {
      const content = ops[id]?.responses["200"]?.content;
      expect(Object.keys(content ?? {}), id).toEqual([type]);
      const media = content?.[type];
      if (kind === "text") expect(media?.schema, id).toEqual({ type: "string" });
      else expect(media?.schema, id).toBeUndefined();
    }
    expect(
      ops.watchCodePackage?.responses["200"]?.content?.["text/event-stream"]?.["x-events"],
    ).toEqual({
      progress: { $ref: "#/components/schemas/CodePackageProgress" },
      done: { $ref: "#/components/schemas/CodePackageProgress" },
    });
    const upload = ops.uploadCodePackage;
    expect(upload?.requestBody).toEqual({
      required: true,
      description: "The uploaded file.",
      content: {
        "text/csv": { schema: { type: "string" } },
        "text/plain": { schema: { type: "string" } },
        "application/zip": {},
      },
    });
    expect(upload?.parameters?.map((p) => [p.name, p.in])).toEqual([
      ["merchantId", "query"],
      ["productId", "query"],
      ["fileName", "query"],
    ]);
    expect(Object.keys(upload?.responses ?? {})).toEqual([
      "201",
      "400",
      "401",
      "403",
      "404",
      "409",
      "413",
      "415",
      "422",
      "500",
    ]);
    expect(upload?.responses["422"]?.description).toContain("UPLOAD_REJECTED");
    expect(
      ops.generateCodePackage?.responses["202"]?.content?.["application/json"]?.schema,
    ).toEqual({
      $ref: "#/components/schemas/CodePackage",
    });
    // Every other success response with a body is JSON (the EPCIS export: JSON-LD).
    for (const [id, op] of Object.entries(ops)) {
      if (id in RAW_RESPONSES) continue;
      for (const [status, response] of Object.entries(op.responses)) {
        if (!status.startsWith("2") || !response.content) continue;
        const expected =
          id === "exportTraceBatchEpcis" ? "application/ld+json" : "application/json";
        expect(Object.keys(response.content), id).toEqual([expected]);
      }
    }
  });

  it("declares the domain errors each codes route can answer with", async () => {
    const ops = operationsById(await documentOf(createTestApp()));
    const declared = (id: string, status: string) => ops[id]?.responses[status]?.description ?? "";
    expect(declared("createCodeRule", "409")).toContain("CODE_SOURCE_MISMATCH");
    expect(declared("deleteCodeRule", "409")).toContain("CODE_RULE_IN_USE");
    for (const code of ["CODE_SOURCE_MISMATCH", "CODE_RULE_DISABLED", "SEQUENCE_EXHAUSTED"]) {
      expect(declared("generateCodePackage", "409")).toContain(code);
    }
    for (const id of [
      "exportCodesCsv",
      "exportCodesZip",
      "exportImagesZip",
      "getCodePng",
      "listCodes",
    ]) {
      expect(declared(id, "409"), id).toContain("PACKAGE_NOT_READY");
      expect(declared(id, "404"), id).toContain("NOT_FOUND");
    }
    expect(declared("createPrintOrder", "409")).toContain("PRINT_REQUIRES_SERIALS");
    expect(declared("advancePrintOrder", "409")).toContain("INVALID_STATE_TRANSITION");
    expect(declared("createPrintOrder", "403")).toContain("FORBIDDEN");
    // Every staff route can refuse: a consumer, or staff without the capability core checks.
    expect(declared("quotePrintOrder", "403")).toContain("FORBIDDEN");
    for (const id of ["exportCodesCsv", "exportImagesZip", "getCodeSvg", "listCodes"]) {
      expect(capabilityOf(ops[id]), id).toBe("codes.export");
    }
    expect(capabilityOf(ops.getCodePackage)).toBeUndefined();
  });

  it("serves each documented media type, and documents what the JSON routes return", async () => {
    const app = createTestApp();
    const document = await documentOf(app);
    const ops = operationsById(document);
    const merchantId = await createMerchant(app);
    const sequenceRule = await app.call("POST", "/v1/code-rules", {
      body: {
        mode: "custom",
        merchantId,
        name: "Numbered",
        length: 16,
        segments: [
          { kind: "fixed", text: "N" },
          { kind: "sequence", start: 1, end: 99_999, length: 5 },
          { kind: "timestamp" },
        ],
        serials: true,
      },
    });
    const pkg = await generatePackage(app, {
      merchantId,
      codeType: "single",
      rules: { item: sequenceRule.json.id },
      quantity: 4,
    });
    expect(pkg.reservedSequences).toEqual({ [sequenceRule.json.id]: [1, 4] });

    const coupon = await app.call("POST", "/v1/promotions/coupons", {
      body: {
        kind: "normal",
        name: "2.00 off",
        codePrefix: "QR",
        quantity: 1,
        value: { kind: "fixed", amount: 200 },
        validFrom: "2026-01-01T00:00:00Z",
        validUntil: "2099-01-01T00:00:00Z",
      },
    });
    expect(coupon.status, coupon.text).toBe(201);
    const fill = (path: string) =>
      path
        .replace("{couponId}", coupon.json.id)
        .replace("{packageId}", pkg.id)
        .replace("{serial}", "1")
        .replace("{ruleId}", sequenceRule.json.id);
    for (const [id, [type]] of Object.entries(RAW_RESPONSES)) {
      const response = await fetchRaw(app, fill(ops[id]?.path ?? ""));
      expect(response.status, id).toBe(200);
      expect(response.headers.get("content-type")?.split(";")[0], id).toBe(type);
      await response.body?.cancel();
    }

    const schemaOf = (id: string, status: string) => {
      const schema = ops[id]?.responses[status]?.content?.["application/json"]?.schema;
      if (!schema) throw new Error(`no JSON ${status} of ${id}`);
      return schema;
    };
    const replies: [string, string, unknown][] = [
      ["getCodeRule", "200", sequenceRule.json],
      ["listCodeRules", "200", (await app.call("GET", "/v1/code-rules")).json],
      ["getCodePackage", "200", (await app.call("GET", `/v1/code-packages/${pkg.id}`)).json],
      ["listCodePackages", "200", (await app.call("GET", "/v1/code-packages")).json],
      ["listCodes", "200", (await app.call("GET", `/v1/code-packages/${pkg.id}/codes`)).json],
    ];
    const quote = await app.call("POST", "/v1/print-orders/quote", {
      body: { packageIds: [pkg.id], finish: "plain" },
    });
    replies.push(["quotePrintOrder", "200", quote.json]);
    const order = await app.call("POST", "/v1/print-orders", {
      body: {
        packageIds: [pkg.id],
        finish: "plain",
        recipient: { name: "Han Meimei", phone: "13800000000", address: "2 Tea Road" },
      },
    });
    replies.push(["createPrintOrder", "201", order.json]);
    replies.push(["listPrintOrders", "200", (await app.call("GET", "/v1/print-orders")).json]);
    for (const [id, status, body] of replies) {
      expect(conforms(schemaOf(id, status), body, document), id).toBe(true);
    }

    const external = await createMerchant(app, {
      codeSource: "external",
      urlPrefixes: ["https://ext.example/"],
    });
    const rejected = await app.call("POST", `/v1/code-packages/uploads?merchantId=${external}`, {
      rawBody: "https://ext.example/A1\nnope\n",
      headers: { "content-type": "text/csv" },
    });
    expect(rejected.status).toBe(422);
    const problem =
      ops.uploadCodePackage?.responses["422"]?.content?.["application/problem+json"]?.schema;
    expect(conforms(problem ?? {}, rejected.json, document)).toBe(true);
    expect(conforms(problem ?? {}, { ...rejected.json, errors: [{ line: "2" }] }, document)).toBe(
      false,
    );
  });

  it("documents request bodies that accept and reject exactly what the runtime does", async () => {
    const app = createTestApp();
    const document = await documentOf(app);
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    const pkg = await generatePackage(app, {
      merchantId,
      codeType: "single",
      rules: { item: ruleId },
      quantity: 1,
    });
    const quick = { mode: "quick", merchantId, charset: "mixed", length: 16, serials: true };
    const custom = {
      mode: "custom",
      merchantId,
      name: "R",
      length: 16,
      segments: [{ kind: "date" }, { kind: "sequence", start: 0, end: 99, length: 8 }],
      serials: false,
    };
    const job = { merchantId, codeType: "single", rules: { item: ruleId }, quantity: 1 };
    const recipient = { name: "A", phone: "13800000000", address: "B" };
    const cases: [string, z.ZodType, unknown[], (body: unknown) => Promise<number>][] = [
      [
        "NewCodeRule",
        newCodeRuleSchema,
        [
          quick,
          { ...quick, name: "Named" },
          custom,
          { ...quick, mode: "other" },
          { ...quick, length: 33 },
          { ...custom, segments: [{ kind: "date", length: 8 }] },
          { ...custom, segments: [{ kind: "fixed", text: "x".repeat(23) }] },
          { ...custom, name: undefined },
          { ...quick, extra: 1 },
        ],
        async (body) => (await app.call("POST", "/v1/code-rules", { body })).status,
      ],
      [
        "NewGenerationJob",
        newGenerationSchema,
        [
          job,
          { ...job, productId: null, associated: false },
          { ...job, quantity: 1_000_001 },
          { ...job, codeType: "box" },
          { ...job, rules: { item: ruleId, extra: "x" } },
          { ...job, quantity: "1" },
        ],
        async (body) => (await app.call("POST", "/v1/code-packages", { body })).status,
      ],
      [
        "NewPrintOrder",
        newPrintOrderSchema,
        [
          { packageIds: [pkg.id], finish: "plain", recipient },
          { packageIds: [pkg.id], finish: "scratch", recipient: { ...recipient, name: "" } },
          {
            packageIds: Array.from({ length: 51 }, (_, i) => `pkg_${i}`),
            finish: "plain",
            recipient,
          },
          {
            packageIds: [pkg.id],
            finish: "plain",
            recipient: { ...recipient, address: "a".repeat(201) },
          },
        ],
        async (body) => (await app.call("POST", "/v1/print-orders", { body })).status,
      ],
      [
        "PrintOrderTransition",
        printOrderTransitionSchema,
        [
          { to: "printing" },
          { to: "shipped" },
          { to: "printing", trackingNumber: "x" },
          { to: "returned" },
        ],
        async (body) => {
          const order = await app.call("POST", "/v1/print-orders", {
            body: { packageIds: [pkg.id], finish: "plain", recipient },
          });
          return (await app.call("POST", `/v1/print-orders/${order.json.id}/transitions`, { body }))
            .status;
        },
      ],
    ];
    for (const [id, schema, bodies, send] of cases) {
      const json = document.components.schemas[id] ?? {};
      for (const body of bodies) {
        const documented = conforms(json, body, document);
        const label = `${id} ${JSON.stringify(body).slice(0, 80)}`;
        expect(documented, label).toBe(schema.safeParse(body).success);
        const status = await send(body);
        if (documented) expect(status, label).toBeLessThan(300);
        else expect(status, label).toBe(400);
      }
    }
  });
});

describe("codes response schemas", () => {
  it("mirror core's types exactly", () => {
    expectTypeOf<Immutable<z.output<typeof codeRuleSchema>>>().toEqualTypeOf<CodeRule>();
    expectTypeOf<Immutable<z.output<typeof codeRulePageSchema>>>().toEqualTypeOf<
      Immutable<Page<CodeRule>>
    >();
    expectTypeOf<Immutable<z.output<typeof codePackageSchema>>>().toEqualTypeOf<CodePackage>();
    expectTypeOf<Immutable<z.output<typeof codePackagePageSchema>>>().toEqualTypeOf<
      Immutable<Page<CodePackage>>
    >();
    expectTypeOf<
      Immutable<z.output<typeof codePackageProgressSchema>>
    >().toEqualTypeOf<CodePackageProgress>();
    expectTypeOf<Immutable<z.output<typeof codeListingSchema>>>().toEqualTypeOf<
      Immutable<CodeListing>
    >();
    expectTypeOf<Immutable<z.output<typeof printQuoteSchema>>>().toEqualTypeOf<PrintQuote>();
    expectTypeOf<Immutable<z.output<typeof printOrderSchema>>>().toEqualTypeOf<PrintOrder>();
  });
});
