import { isValidGtin } from "../catalog/gtin.js";
import type { CodeRecord } from "../codes/code-package.js";
import { urlOf } from "../codes/csv-export.js";
import { buildDigitalLink, digitalLinkSerial } from "./digital-link.js";
import type { StockDocument } from "./distribution.js";

/** The JSON-LD context of EPCIS 2.0 documents, as published by GS1. */
export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";

/** The EPCIS standard version exported documents declare. */
export const EPCIS_SCHEMA_VERSION = "2.0";

/** An EPCIS event as plain JSON (the fields OneCode writes). */
export type EpcisEvent = Readonly<Record<string, unknown>>;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The UTC offset (`+08:00`, `-05:00`, `+00:00`) in effect in the IANA
 * `timeZone` at the instant `ms`, as EPCIS `eventTimeZoneOffset` wants it.
 */
export function timeZoneOffset(ms: number, timeZone: string): string {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetFormatters.set(timeZone, formatter);
  }
  const name =
    formatter.formatToParts(new Date(ms)).find((part) => part.type === "timeZoneName")?.value ??
    "GMT";
  return name === "GMT" ? "+00:00" : name.slice(3);
}

/** `eventTime` (the stored UTC instant) and its `eventTimeZoneOffset` in `timeZone`. */
export function eventTimeOf(iso: string, timeZone: string) {
  return { eventTime: iso, eventTimeZoneOffset: timeZoneOffset(Date.parse(iso), timeZone) };
}

/** How the codes of one package are named in EPCIS. */
export interface CodeNaming {
  /** Scheme and host of the merchant's first code URL prefix. */
  readonly origin: string;
  readonly prefix: string;
  /** The product's GTIN when it has a valid one, else `null`. */
  readonly gtin: string | null;
  readonly packageId: string;
}

/**
 * A code's URI: a GS1 Digital Link `https://<origin>/01/<GTIN-14>/21/<serial>?oc=<code>`
 * when the product has a GTIN (serial from {@link digitalLinkSerial}), else
 * the code URL printed in its QR.
 */
export function codeUri(naming: CodeNaming, record: CodeRecord): string {
  if (naming.gtin === null || !isValidGtin(naming.gtin)) return urlOf(record, naming.prefix);
  return buildDigitalLink(naming.origin, {
    gtin: naming.gtin,
    serial: digitalLinkSerial(naming.packageId, record.serial),
    code: record.code,
  });
}

/** An enterprise's URI: a path under the brand's origin naming the enterprise id. */
export function enterpriseUri(origin: string, enterpriseId: string): string {
  return `${origin}/enterprise/${encodeURIComponent(enterpriseId)}`;
}

/** The document's opening text, up to and including the `eventList` bracket. */
export function documentHead(creationDate: string): string {
  const head = JSON.stringify({
    "@context": EPCIS_CONTEXT,
    type: "EPCISDocument",
    schemaVersion: EPCIS_SCHEMA_VERSION,
    creationDate,
  });
  return `${head.slice(0, -1)},"epcisBody":{"eventList":[`;
}

/** Closes the event list, the body and the document. */
export const DOCUMENT_TAIL = "]}}";

/**
 * The text of an ObjectEvent up to its open `epcList` bracket, so the list
 * can be streamed page by page; close it with `]}`.
 */
export function objectEventHead(event: EpcisEvent): string {
  return `${JSON.stringify({ type: "ObjectEvent", ...event }).slice(0, -1)},"epcList":[`;
}

/** A commissioning ObjectEvent's fields: the package's codes become active at its completion. */
export function commissioningFields(time: ReturnType<typeof eventTimeOf>): EpcisEvent {
  return { ...time, action: "ADD", bizStep: "commissioning", disposition: "active" };
}

/** An AggregationEvent: `children` packed into `parent`. */
export function aggregationEvent(
  parent: string,
  children: readonly string[],
  time: ReturnType<typeof eventTimeOf>,
): EpcisEvent {
  return {
    type: "AggregationEvent",
    ...time,
    parentID: parent,
    childEPCs: children,
    action: "ADD",
    bizStep: "packing",
    disposition: "in_progress",
  };
}

/**
 * The events of one stock scan: shipping (OBSERVE, `shipping`, `in_transit`;
 * destruction: `destroying`, `destroyed`) by the issuer when the document
 * has an outbound type, receiving (OBSERVE, `receiving`, `in_progress`) by
 * the receiver when it has an inbound type, with the parties as owning-party
 * source and destination.
 */
export function stockEvents(
  document: Pick<
    StockDocument,
    "outboundType" | "inboundType" | "fromEnterpriseId" | "toEnterpriseId"
  >,
  epcList: readonly string[],
  time: ReturnType<typeof eventTimeOf>,
  origin: string,
): EpcisEvent[] {
  const parties = {
    ...(document.fromEnterpriseId !== null && {
      sourceList: [
        { type: "owning_party", source: enterpriseUri(origin, document.fromEnterpriseId) },
      ],
    }),
    ...(document.toEnterpriseId !== null && {
      destinationList: [
        { type: "owning_party", destination: enterpriseUri(origin, document.toEnterpriseId) },
      ],
    }),
  };
  const events: EpcisEvent[] = [];
  if (document.outboundType !== null) {
    const destroyed = document.outboundType === "destruction";
    events.push({
      type: "ObjectEvent",
      ...time,
      epcList,
      action: "OBSERVE",
      bizStep: destroyed ? "destroying" : "shipping",
      disposition: destroyed ? "destroyed" : "in_transit",
      ...parties,
    });
  }
  if (document.inboundType !== null) {
    events.push({
      type: "ObjectEvent",
      ...time,
      epcList,
      action: "OBSERVE",
      bizStep: "receiving",
      disposition: "in_progress",
      ...parties,
    });
  }
  return events;
}
