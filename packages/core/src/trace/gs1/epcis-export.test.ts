import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import {
  distributionTestKit,
  KIT_GTIN,
  rejectionOf,
} from "../distribution/distribution-test-kit.js";
import { LIFECYCLE_EVENT_EPCS_MAX } from "../lifecycle/epcis-lifecycle-events.js";
import { serialTokenOf } from "./digital-link.js";
import { compareCodePoints, epcisEventHash } from "./epcis-event-hash.js";
import { EPCIS_CONTEXT, timeZoneOffset } from "./epcis-events.js";

type Json = Record<string, unknown>;
const schemaFile = (name: string) =>
  readFileSync(new URL(`../../../testing/epcis/${name}`, import.meta.url), "utf8");
const schema = JSON.parse(schemaFile("EPCIS-JSON-Schema.json")) as {
  definitions: Record<string, Json>;
};
const definitions = schema.definitions;

/** The enumeration of a schema definition (`anyOf` with a vocabulary URI or a bare `enum`). */
function enumOf(name: string): string[] {
  const definition = definitions[name] as Json;
  if (Array.isArray(definition.enum)) return definition.enum as string[];
  const branch = (definition.anyOf as Json[]).find((entry) => Array.isArray(entry.enum));
  return branch?.enum as string[];
}

/** Property names the schema allows on an event type: the common ones and the type's own. */
function allowedProperties(type: "ObjectEvent" | "AggregationEvent"): string[] {
  const own = ((definitions[type] as { allOf: Json[] }).allOf[1] as Json).propertyNames as {
    anyOf: Json[];
  };
  const common = (definitions["common-event-properties"] as { anyOf: Json[] }).anyOf[0] as Json;
  return [...(common.enum as string[]), ...((own.anyOf[1] as Json).enum as string[])];
}

const OFFSET = new RegExp(
  ((definitions.Event as Json).properties as Record<string, Json>).eventTimeZoneOffset
    ?.pattern as string,
);
const isUri = (value: unknown) =>
  typeof value === "string" && /^[a-z][a-z0-9+.-]*:\S+$/i.test(value);
const isDateTime = (value: unknown) =>
  typeof value === "string" &&
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value);

/**
 * The schema's rules core can check without a validator: document members,
 * event members and property names, enumerations, patterns, URIs.
 */
function structuralProblems(document: Json): string[] {
  const problems: string[] = [];
  const expectThat = (ok: boolean, problem: string) => ok || problems.push(problem);
  const documentDefinition = definitions.epcisDocument as Json;
  for (const member of documentDefinition.required as string[]) {
    expectThat(member in document, `document lacks ${member}`);
  }
  expectThat(document.type === "EPCISDocument", "type");
  expectThat(/^\d+(\.\d+)*$/.test(String(document.schemaVersion)), "schemaVersion");
  expectThat(isDateTime(document.creationDate), "creationDate");
  const events = ((document.epcisBody as Json)?.eventList ?? []) as Json[];
  expectThat(Array.isArray(events), "eventList");
  events.forEach((event, index) => {
    const at = `event ${index}`;
    const type = event.type as "ObjectEvent" | "AggregationEvent";
    expectThat(type === "ObjectEvent" || type === "AggregationEvent", `${at} type`);
    const allowed = allowedProperties(type);
    for (const key of Object.keys(event)) {
      expectThat(allowed.includes(key) || key.includes(":"), `${at} has ${key}`);
    }
    expectThat(isDateTime(event.eventTime), `${at} eventTime`);
    expectThat(OFFSET.test(String(event.eventTimeZoneOffset)), `${at} eventTimeZoneOffset`);
    expectThat(enumOf("action").includes(event.action as string), `${at} action`);
    if (event.bizStep !== undefined) {
      expectThat(enumOf("bizStep").includes(event.bizStep as string), `${at} bizStep`);
    }
    if (event.disposition !== undefined) {
      expectThat(enumOf("disposition").includes(event.disposition as string), `${at} disposition`);
    }
    const list = (type === "ObjectEvent" ? event.epcList : event.childEPCs) as unknown[];
    expectThat(Array.isArray(list) && list.every(isUri), `${at} identifiers`);
    expectThat(new Set(list).size === list.length, `${at} unique identifiers`);
    if (type === "AggregationEvent") {
      expectThat(isUri(event.parentID), `${at} parentID`);
      expectThat(list.length > 0 || event.action === "DELETE", `${at} childEPCs empty`);
    }
    for (const [key, member] of [
      ["sourceList", "source"],
      ["destinationList", "destination"],
    ] as const) {
      for (const entry of (event[key] ?? []) as Json[]) {
        expectThat(
          enumOf("source-dest-type").includes(entry.type as string) && isUri(entry[member]),
          `${at} ${key}`,
        );
        expectThat(Object.keys(entry).length === 2, `${at} ${key} members`);
      }
    }
  });
  return problems;
}

async function collectText(chunks: AsyncIterable<string>) {
  const parts: string[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return parts;
}

describe("EPCIS 2.0 export", () => {
  it("checks the standard's own examples as structurally valid (the checker is sound)", () => {
    for (const name of [
      "Example_9.6.1-ObjectEvent.jsonld",
      "Example_9.6.3-AggregationEvent.jsonld",
    ]) {
      const example = JSON.parse(schemaFile(name)) as Json;
      expect(structuralProblems(example)).toEqual([]);
    }
    expect(structuralProblems({ type: "EPCISDocument" })).not.toEqual([]);
  });

  it("exports commissioning, packing, shipping and receiving events of a batch", async () => {
    const kit = await distributionTestKit();
    const { onecode, admin } = kit;
    const tree = await kit.makeTree();
    const factory = await onecode.distribution.updateEnterprise(admin, tree.factory.id, {
      gln: "6901234000016",
    });
    const { pkg, codes } = await kit.makePackage({
      codeType: "three-level",
      ratio: { middlePerOuter: 2, innerPerOuter: 4 },
      quantity: 2,
    });
    const batch = await kit.makeBatch([pkg.id]);
    const entry = await onecode.distribution.createDocument(admin, {
      inboundType: "production",
      toEnterpriseId: factory.id,
    });
    await onecode.distribution.scanIntoDocument(admin, entry.id, codes[0]?.code as string);
    kit.clock.advance(60_000);
    const sale = await onecode.distribution.createDocument(admin, {
      outboundType: "sale",
      inboundType: "purchase",
      fromEnterpriseId: factory.id,
      toEnterpriseId: tree.distributor.id,
    });
    await onecode.distribution.scanIntoDocument(admin, sale.id, codes[1]?.code as string);

    const chunks = await collectText(onecode.traceBatches.exportEpcis(admin, batch.id));
    expect(chunks.length).toBeGreaterThan(3);
    const text = chunks.join("");
    const document = JSON.parse(text) as Json;
    expect(structuralProblems(document)).toEqual([]);
    expect(document).toMatchObject({
      "@context": EPCIS_CONTEXT,
      type: "EPCISDocument",
      schemaVersion: "2.0",
      creationDate: "2026-05-01T08:01:00.000Z",
    });
    // Identifiers are GS1 keys: no verification code appears anywhere in the document.
    for (const code of codes) expect(text).not.toContain(code.code);

    const token = serialTokenOf(pkg.id);
    // Inner codes carry the product's GTIN; outer and middle codes have no GTIN of their own here.
    const epc = (serial: number) =>
      [1, 2, 5, 8, 9, 12].includes(serial)
        ? `https://t.acme.example/epc/${token}-${serial.toString(36)}`
        : `https://id.gs1.org/01/0${KIT_GTIN}/21/${token}-${serial.toString(36)}`;
    const serials = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, index) => epc(from + index));

    const events = (document.epcisBody as { eventList: Json[] }).eventList;
    for (const event of events) {
      const { eventID, ...rest } = event;
      expect(eventID).toBe(epcisEventHash(rest));
    }
    const [commissioning, ...rest] = events;
    expect(commissioning).toMatchObject({
      type: "ObjectEvent",
      action: "ADD",
      bizStep: "commissioning",
      disposition: "active",
      eventTime: pkg.finishedAt,
      eventTimeZoneOffset: "+08:00",
      ilmd: {
        "cbvmda:lotNumber": batch.batchNumber,
        "cbvmda:itemExpirationDate": "2027-04-01",
        "cbvmda:productionDate": "2026-04-01",
      },
    });
    const epcList = commissioning?.epcList as string[];
    expect(epcList).toEqual(serials(1, 14).sort(compareCodePoints));

    const aggregations = rest.filter((event) => event.type === "AggregationEvent");
    expect(aggregations.map((event) => [event.parentID, event.childEPCs])).toEqual([
      [epc(2), [epc(3), epc(4)]],
      [epc(5), [epc(6), epc(7)]],
      [epc(1), [epc(2), epc(5)]],
      [epc(9), [epc(10), epc(11)]],
      [epc(12), [epc(13), epc(14)]],
      [epc(8), [epc(9), epc(12)]],
    ]);
    for (const event of aggregations) {
      expect(event).toMatchObject({
        action: "ADD",
        bizStep: "packing",
        eventTimeZoneOffset: "+08:00",
      });
    }
    const factoryParty = "https://id.gs1.org/417/6901234000016";
    const factoryLocation = "https://id.gs1.org/414/6901234000016";
    const distributor = `https://t.acme.example/enterprise/${tree.distributor.id}`;
    const saleTransaction = {
      type: "desadv",
      bizTransaction: `urn:epcglobal:cbv:bt:6901234000016:${sale.number}`,
    };
    const observations = rest.filter((event) => event.type === "ObjectEvent");
    expect(observations).toEqual([
      {
        type: "ObjectEvent",
        eventID: expect.stringMatching(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/),
        eventTime: "2026-05-01T08:00:00.000Z",
        eventTimeZoneOffset: "+08:00",
        epcList: serials(1, 7),
        action: "OBSERVE",
        bizStep: "receiving",
        disposition: "in_progress",
        readPoint: { id: factoryLocation },
        bizLocation: { id: factoryLocation },
        bizTransactionList: [
          {
            type: "prodorder",
            bizTransaction: `urn:epcglobal:cbv:bt:6901234000016:${entry.number}`,
          },
        ],
        destinationList: [
          { type: "owning_party", destination: factoryParty },
          { type: "location", destination: factoryLocation },
        ],
      },
      {
        type: "ObjectEvent",
        eventID: expect.any(String),
        eventTime: "2026-05-01T08:01:00.000Z",
        eventTimeZoneOffset: "+08:00",
        epcList: serials(2, 4),
        action: "OBSERVE",
        bizStep: "shipping",
        disposition: "in_transit",
        readPoint: { id: factoryLocation },
        bizTransactionList: [saleTransaction],
        sourceList: [
          { type: "owning_party", source: factoryParty },
          { type: "location", source: factoryLocation },
        ],
        destinationList: [{ type: "owning_party", destination: distributor }],
      },
      {
        type: "ObjectEvent",
        eventID: expect.any(String),
        eventTime: "2026-05-01T08:01:00.000Z",
        eventTimeZoneOffset: "+08:00",
        epcList: serials(2, 4),
        action: "OBSERVE",
        bizStep: "receiving",
        disposition: "in_progress",
        bizTransactionList: [saleTransaction],
        sourceList: [
          { type: "owning_party", source: factoryParty },
          { type: "location", source: factoryLocation },
        ],
        destinationList: [{ type: "owning_party", destination: distributor }],
      },
    ]);
  });

  it("names codes by private URIs without their codes when the product has no GTIN, and exports an empty batch", async () => {
    const kit = await distributionTestKit();
    const { pkg, codes } = await kit.makePackage({ productId: kit.plainProduct.id, quantity: 2 });
    const batch = await kit.makeBatch([pkg.id], { productId: kit.plainProduct.id });
    const text = (
      await collectText(kit.onecode.traceBatches.exportEpcis(kit.admin, batch.id))
    ).join("");
    const events = (JSON.parse(text) as { epcisBody: { eventList: Json[] } }).epcisBody.eventList;
    const token = serialTokenOf(pkg.id);
    expect(events[0]?.epcList).toEqual([
      `https://t.acme.example/epc/${token}-1`,
      `https://t.acme.example/epc/${token}-2`,
    ]);
    for (const code of codes) expect(text).not.toContain(code.code);
    const empty = await kit.makeBatch([]);
    const none = JSON.parse(
      (await collectText(kit.onecode.traceBatches.exportEpcis(kit.admin, empty.id))).join(""),
    ) as Json;
    expect(structuralProblems(none)).toEqual([]);
    expect((none.epcisBody as { eventList: unknown[] }).eventList).toEqual([]);
  });

  it("exports unpacks, re-packs, voids, recalls, restores and destructions at the time they happened", async () => {
    const kit = await distributionTestKit();
    const { onecode, admin, clock } = kit;
    const tree = await kit.makeTree();
    // 1:2 two-level, two cases: 1 (2, 3) and 4 (5, 6).
    const { pkg, codes } = await kit.makePackage({
      codeType: "two-level",
      ratio: { innerPerOuter: 2 },
      quantity: 2,
    });
    const code = (serial: number) => codes[serial - 1]?.code as string;
    const batch = await kit.makeBatch([pkg.id]);
    const entry = await onecode.distribution.createDocument(admin, {
      inboundType: "production",
      toEnterpriseId: tree.factory.id,
    });
    for (const outer of [1, 4]) {
      await onecode.distribution.scanIntoDocument(admin, entry.id, code(outer));
    }
    const lifecycle = onecode.codeLifecycle;
    clock.advance(60_000);
    await lifecycle.unpack(admin, { code: code(4), children: [code(6)] });
    clock.advance(60_000);
    await lifecycle.repack(admin, { parent: code(4), children: [code(3)] });
    clock.advance(60_000);
    const voided = await lifecycle.voidCodes(admin, {
      kind: "void",
      reason: "misprint",
      code: code(6),
    });
    await lifecycle.voidCodes(admin, {
      kind: "recall",
      reason: "quality",
      packageId: pkg.id,
      fromSerial: 1,
      toSerial: 3,
    });
    clock.advance(60_000);
    await lifecycle.restoreEntry(admin, voided.entry.id);
    const destruction = await onecode.distribution.createDocument(admin, {
      outboundType: "destruction",
      fromEnterpriseId: tree.factory.id,
    });
    await onecode.distribution.scanIntoDocument(admin, destruction.id, code(4));

    const text = (await collectText(onecode.traceBatches.exportEpcis(admin, batch.id))).join("");
    const document = JSON.parse(text) as Json;
    expect(structuralProblems(document)).toEqual([]);
    const events = (document.epcisBody as { eventList: Json[] }).eventList;
    // Commissioning lists EPCs in hash order; each ends with its serial in base 36.
    const uris = events[0]?.epcList as string[];
    const uriOf = (serial: number) =>
      uris.find((uri) => uri.endsWith(`-${serial.toString(36)}`)) as string;
    const at = (minutes: number) =>
      new Date(Date.parse("2026-05-01T08:00:00.000Z") + minutes * 60_000).toISOString();
    const summary = events.slice(1).map((event) => ({
      at: event.eventTime,
      type: event.type,
      action: event.action,
      bizStep: event.bizStep,
      disposition: event.disposition,
      codes:
        event.type === "AggregationEvent"
          ? [event.parentID, ...(event.childEPCs as string[])]
          : event.epcList,
    }));
    expect(summary).toEqual([
      // Packing at generation, then the intake of both cases.
      expect.objectContaining({
        type: "AggregationEvent",
        action: "ADD",
        codes: [uriOf(1), uriOf(2), uriOf(3)],
      }),
      expect.objectContaining({
        type: "AggregationEvent",
        action: "ADD",
        codes: [uriOf(4), uriOf(5), uriOf(6)],
      }),
      expect.objectContaining({ bizStep: "receiving", codes: [uriOf(1), uriOf(2), uriOf(3)] }),
      expect.objectContaining({ bizStep: "receiving", codes: [uriOf(4), uriOf(5), uriOf(6)] }),
      // The destruction of case 4 as it is now: 3 re-packed into it, 6 taken out.
      {
        at: at(4),
        type: "ObjectEvent",
        action: "OBSERVE",
        bizStep: "destroying",
        disposition: "destroyed",
        codes: [uriOf(3), uriOf(4), uriOf(5)],
      },
      {
        at: at(1),
        type: "AggregationEvent",
        action: "DELETE",
        bizStep: "unpacking",
        disposition: undefined,
        codes: [uriOf(4), uriOf(6)],
      },
      {
        at: at(2),
        type: "AggregationEvent",
        action: "DELETE",
        bizStep: "unpacking",
        disposition: undefined,
        codes: [uriOf(1), uriOf(3)],
      },
      {
        at: at(2),
        type: "AggregationEvent",
        action: "ADD",
        bizStep: "packing",
        disposition: "in_progress",
        codes: [uriOf(4), uriOf(3)],
      },
      {
        at: at(3),
        type: "ObjectEvent",
        action: "OBSERVE",
        bizStep: "decommissioning",
        disposition: "inactive",
        codes: [uriOf(6)],
      },
      {
        at: at(4),
        type: "ObjectEvent",
        action: "OBSERVE",
        bizStep: undefined,
        disposition: "active",
        codes: [uriOf(6)],
      },
      {
        at: at(3),
        type: "ObjectEvent",
        action: "OBSERVE",
        bizStep: undefined,
        disposition: "recalled",
        codes: [uriOf(1), uriOf(2), uriOf(3)],
      },
    ]);
  });

  it("answers NOT_FOUND for another tenant's batch", async () => {
    const kit = await distributionTestKit();
    const batch = await kit.makeBatch([]);
    const chunks = kit.onecode.traceBatches.exportEpcis(kit.staff("globex", "admin"), batch.id);
    expect(isOneCodeError(await rejectionOf(collectText(chunks)), "NOT_FOUND")).toBe(true);
  });

  it("writes the offset in effect at each event's instant", () => {
    expect(timeZoneOffset(Date.parse("2026-05-01T00:00:00Z"), "Asia/Shanghai")).toBe("+08:00");
    expect(timeZoneOffset(Date.parse("2026-01-15T00:00:00Z"), "America/New_York")).toBe("-05:00");
    expect(timeZoneOffset(Date.parse("2026-07-15T00:00:00Z"), "America/New_York")).toBe("-04:00");
    expect(timeZoneOffset(Date.parse("2026-07-15T00:00:00Z"), "UTC")).toBe("+00:00");
    expect(timeZoneOffset(Date.parse("2026-07-15T00:00:00Z"), "Asia/Kolkata")).toBe("+05:30");
  });

  it("splits a recall of more codes than one event lists into events of the same step and time", async () => {
    const kit = await distributionTestKit();
    const { onecode, admin } = kit;
    const { pkg } = await kit.makePackage({ quantity: LIFECYCLE_EVENT_EPCS_MAX + 1 });
    const batch = await kit.makeBatch([pkg.id]);
    await onecode.codeLifecycle.voidCodes(admin, {
      kind: "recall",
      reason: "safety",
      packageId: pkg.id,
      fromSerial: 1,
      toSerial: LIFECYCLE_EVENT_EPCS_MAX + 1,
    });

    const text = (await collectText(onecode.traceBatches.exportEpcis(admin, batch.id))).join("");
    const events = (JSON.parse(text) as { epcisBody: { eventList: Json[] } }).epcisBody.eventList;
    const recalls = events.filter((event) => event.disposition === "recalled");
    expect(recalls.map((event) => (event.epcList as string[]).length)).toEqual([
      LIFECYCLE_EVENT_EPCS_MAX,
      1,
    ]);
    expect(new Set(recalls.map((event) => event.eventTime)).size).toBe(1);
    const listed = new Set(recalls.flatMap((event) => event.epcList as string[]));
    expect(listed).toEqual(new Set(events[0]?.epcList as string[]));
  });
});
