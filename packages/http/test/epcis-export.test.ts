import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { generatePackage } from "./support/codes-fixtures.js";
import {
  gs1ElementString,
  isValidDigitalLink,
  referenceEventHash,
} from "./support/gs1-libraries.js";
import type { TestApp } from "./support/test-app.js";
import {
  catalog,
  codePackage,
  createBatch,
  createTraceApp,
  expectStatus,
  packageCodes,
} from "./support/trace-fixtures.js";

const data = (name: string) =>
  JSON.parse(readFileSync(new URL(`./data/epcis/${name}`, import.meta.url), "utf8"));

/** A JSON-LD blank node identifier, e.g. `_:document1`. */
const BLANK_NODE_ID = /^_:[A-Za-z0-9_][^\s]*$/;

/**
 * The official GS1 EPCIS 2.0 JSON Schema (draft-07, vendored unchanged).
 * `strict: false` because the schema uses keywords ajv's strict mode
 * rejects; formats (`uri`, `date-time`) are checked by ajv-formats in full
 * mode. With `blankNodeIds`, `uri` also accepts JSON-LD blank node
 * identifiers: the standard's own examples use `"id": "_:document1"`, which
 * RFC 3986 (and so ajv-formats) rejects. Our export is checked without it.
 */
function epcisValidator(options: { blankNodeIds?: boolean } = {}) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv, { mode: "full" });
  if (options.blankNodeIds) {
    const uri = addFormats.get("uri", "full") as (value: string) => boolean;
    ajv.addFormat("uri", (value: string) => BLANK_NODE_ID.test(value) || uri(value));
  }
  return ajv.compile(data("EPCIS-JSON-Schema.json"));
}

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  JSON.stringify(errors?.slice(0, 20) ?? [], null, 2);

interface EpcisEvent {
  type: string;
  eventID: string;
  action?: string;
  bizStep?: string;
  parentID?: string;
  childEPCs?: string[];
  epcList?: string[];
  readPoint?: { id: string };
  bizLocation?: { id: string };
  sourceList?: { type: string; source: string }[];
  destinationList?: { type: string; destination: string }[];
}

/** A sealed, active batch with an associated two-level package moved down the tree. */
async function exportedBatch(app: TestApp) {
  const { merchantId, ruleId, productId } = await catalog(app);
  const batch = await createBatch(app, productId);
  const pkg = await codePackage(app, merchantId, ruleId, { cases: 2, perCase: 3 });
  await app.call("POST", `/v1/trace-batches/${batch.id}/packages`, { body: { packageId: pkg.id } });
  const factory = (
    await app.call("POST", "/v1/enterprises", {
      body: { name: "Factory", salesRegion: "CN-ZJ", gln: "6901234000016" },
    })
  ).json;
  const distributor = (
    await app.call("POST", "/v1/enterprises", {
      body: { name: "Distributor", salesRegion: "CN-GD", parentId: factory.id },
    })
  ).json;
  const codes = await packageCodes(app, pkg.id);
  const outer = codes.find((c) => c.level === "outer");
  const production = (
    await app.call("POST", "/v1/stock-documents", {
      body: { inboundType: "production", toEnterpriseId: factory.id },
    })
  ).json;
  expectStatus(
    await app.call("POST", `/v1/stock-documents/${production.id}/scans`, {
      body: { code: outer?.code },
    }),
    200,
  );
  const sale = (
    await app.call("POST", "/v1/stock-documents", {
      body: {
        outboundType: "sale",
        inboundType: "purchase",
        fromEnterpriseId: factory.id,
        toEnterpriseId: distributor.id,
        consumerVisible: true,
      },
    })
  ).json;
  expectStatus(
    await app.call("POST", `/v1/stock-documents/${sale.id}/scans`, { body: { code: outer?.code } }),
    200,
  );
  await app.call("POST", `/v1/trace-batches/${batch.id}/status`, { body: { status: "active" } });
  expectStatus(await app.call("POST", `/v1/trace-batches/${batch.id}/seal`), 201);
  return { batch, codes };
}

describe("EPCIS export", () => {
  it("validates the official examples (positive controls)", () => {
    const examples = ["Example_9.6.1-ObjectEvent.jsonld", "Example_9.6.3-AggregationEvent.jsonld"];
    const validate = epcisValidator({ blankNodeIds: true });
    for (const name of examples) {
      expect(validate(data(name)), `${name}: ${describeErrors(validate.errors)}`).toBe(true);
    }
    expect(validate({ type: "EPCISDocument", schemaVersion: "2.0" })).toBe(false);
    // Without the blank-node allowance the examples fail on their document id alone.
    const strict = epcisValidator();
    for (const name of examples) {
      expect(strict(data(name))).toBe(false);
      const formatErrors = (strict.errors ?? []).filter((error) => error.keyword === "format");
      expect(formatErrors.map((error) => [error.instancePath, error.params.format])).toEqual([
        ["/id", "uri"],
      ]);
      expect(data(name).id).toBe("_:document1");
    }
  });

  it("streams a batch's events as JSON-LD that the GS1 EPCIS 2.0 schema accepts", async () => {
    const app = createTraceApp();
    const { batch, codes } = await exportedBatch(app);
    const response = await app.handler(
      new Request(`http://test.local/v1/trace-batches/${batch.id}/epcis.jsonld`, {
        headers: { authorization: "Bearer acme-admin" },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/ld+json");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="${batch.id}-epcis.jsonld"`,
    );
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const text = await response.text();
    const document = JSON.parse(text);

    // Strict: no blank-node allowance; every `uri` is an RFC 3986 URI.
    const validate = epcisValidator();
    const valid = validate(document);
    expect(valid, `EPCIS schema errors: ${describeErrors(validate.errors)}`).toBe(true);

    expect(document).toMatchObject({ type: "EPCISDocument", schemaVersion: "2.0" });
    const events: EpcisEvent[] = document.epcisBody.eventList;
    const types = new Set(events.map((event) => event.type));
    expect(types).toContain("ObjectEvent");
    expect(types).toContain("AggregationEvent");
    const aggregations = events.filter((event) => event.type === "AggregationEvent");
    // One per case of the associated package, each with its three items.
    expect(
      aggregations.filter((event) => event.childEPCs?.length === 3).length,
    ).toBeGreaterThanOrEqual(2);
    // Items are named by their GS1 key alone: no verification code is in the document.
    for (const code of codes) expect(text).not.toContain(code.code);
  });

  it("writes identifiers and event ids that GS1-ecosystem libraries accept and recompute", async () => {
    const app = createTraceApp();
    const { batch, codes } = await exportedBatch(app);
    const reply = await app.call("GET", `/v1/trace-batches/${batch.id}/epcis.jsonld`);
    const events: EpcisEvent[] = JSON.parse(reply.text).epcisBody.eventList;
    // epcis2.js computes the same CBV 2.0 event hash for every event.
    for (const event of events) {
      const { eventID, ...rest } = event;
      expect(eventID).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
      expect(eventID, JSON.stringify(rest).slice(0, 200)).toBe(referenceEventHash(rest));
    }
    const identifiers = new Set(
      events.flatMap((event) => [
        ...(event.epcList ?? []),
        ...(event.childEPCs ?? []),
        ...(event.parentID === undefined ? [] : [event.parentID]),
      ]),
    );
    const items = codes.filter((code) => code.level === "inner");
    expect(identifiers.size).toBe(codes.length);
    let gs1Keys = 0;
    for (const epc of identifiers) {
      if (!epc.startsWith("https://id.gs1.org/")) {
        // The cases have no GTIN of their own here: a private URI, still without the code.
        expect(epc).toMatch(/^https:\/\/t\.acme\.example\/epc\/[0-9a-z]{15}-[0-9a-z]+$/);
        continue;
      }
      gs1Keys += 1;
      expect(isValidDigitalLink(epc), epc).toBe(true);
      expect(gs1ElementString(epc)).toMatch(/^\(01\)06901234567892\(21\)[0-9a-z]{15}-[0-9a-z]+$/);
    }
    expect(gs1Keys).toBe(items.length);
    // The factory has a GLN: location (AI 414, which GS1's toolkit checks) and party (AI 417,
    // a Digital Link key since DL 1.2, newer than the toolkit) of the same GLN.
    const shipping = events.find((event) => event.bizStep === "shipping");
    const location = shipping?.readPoint?.id as string;
    expect(location).toBe("https://id.gs1.org/414/6901234000016");
    expect(isValidDigitalLink(location)).toBe(true);
    expect(gs1ElementString(location)).toBe("(414)6901234000016");
    const party = shipping?.sourceList?.find((entry) => entry.type === "owning_party")?.source;
    expect(party).toBe("https://id.gs1.org/417/6901234000016");
  });

  it("names pallets by SSCC and cases by their own GTIN, as GS1's toolkit reads them", async () => {
    const app = createTraceApp();
    const { merchantId, ruleId, productId } = await catalog(app);
    const batch = await createBatch(app, productId);
    const pkg = await generatePackage(app, {
      merchantId,
      productId,
      codeType: "three-level",
      ratio: { middlePerOuter: 2, innerPerOuter: 4 },
      rules: { item: ruleId },
      quantity: 2,
      packagingKeys: {
        outer: { sscc: { companyPrefix: "6901234", extensionDigit: 3 } },
        middle: { gtin: "16901234567899" },
      },
    });
    await app.call("POST", `/v1/trace-batches/${batch.id}/packages`, {
      body: { packageId: pkg.id },
    });
    const reply = await app.call("GET", `/v1/trace-batches/${batch.id}/epcis.jsonld`);
    const document = JSON.parse(reply.text);
    const validate = epcisValidator();
    expect(validate(document), describeErrors(validate.errors)).toBe(true);
    const events: (EpcisEvent & { ilmd?: Record<string, string> })[] = document.epcisBody.eventList;
    for (const { eventID, ...rest } of events) expect(eventID).toBe(referenceEventHash(rest));

    // Trade items (inner codes and cases) are commissioned with the batch's lot; pallets apart.
    const [items, pallets] = events;
    expect(items?.ilmd).toEqual({
      "cbvmda:lotNumber": "LJ-2026-001",
      "cbvmda:itemExpirationDate": "2027-04-01",
      "cbvmda:productionDate": "2026-04-01",
    });
    expect(items?.epcList).toHaveLength(12);
    expect(pallets?.ilmd).toBeUndefined();
    expect(pallets?.epcList?.map(gs1ElementString)).toEqual([
      "(00)369012340000000000",
      "(00)369012340000000017",
    ]);
    const packing = events.filter((event) => event.type === "AggregationEvent");
    expect(packing).toHaveLength(6);
    for (const event of packing) {
      const parent = gs1ElementString(event.parentID as string);
      const children = (event.childEPCs ?? []).map(gs1ElementString);
      if (parent.startsWith("(00)")) {
        expect(children.every((child) => child.startsWith("(01)16901234567899(21)"))).toBe(true);
      } else {
        expect(parent).toMatch(/^\(01\)16901234567899\(21\)/);
        expect(children.every((child) => child.startsWith("(01)06901234567892(21)"))).toBe(true);
      }
      for (const uri of [event.parentID as string, ...(event.childEPCs ?? [])]) {
        expect(isValidDigitalLink(uri), uri).toBe(true);
      }
    }
  });

  it("answers 404 for another tenant's batch, before any body is sent", async () => {
    const app = createTraceApp();
    const { productId } = await catalog(app);
    const batch = await createBatch(app, productId);
    const foreign = await app.call("GET", `/v1/trace-batches/${batch.id}/epcis.jsonld`, {
      token: "globex-admin",
    });
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get("content-type")).toBe("application/problem+json");
  });
});
