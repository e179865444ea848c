import type { TraceBatch } from "../batches/trace-batch.js";
import type { StockDocument } from "../distribution/distribution.js";
import { epcisEventHash, PresortedList } from "./epcis-event-hash.js";
import { GS1_ID_ORIGIN } from "./gs1-uri.js";

/** The JSON-LD context of EPCIS 2.0 documents, as published by GS1. */
export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";

/** The EPCIS standard version exported documents declare. */
export const EPCIS_SCHEMA_VERSION = "2.0";

/** An EPCIS event as plain JSON (the fields OneCode writes); long lists may be {@link PresortedList}s. */
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

/** `eventTime` and `eventTimeZoneOffset` of an event. */
export type EventTime = { readonly eventTime: string; readonly eventTimeZoneOffset: string };

/** `eventTime` (the stored UTC instant) and its `eventTimeZoneOffset` in `timeZone`. */
export function eventTimeOf(iso: string, timeZone: string): EventTime {
  return { eventTime: iso, eventTimeZoneOffset: timeZoneOffset(Date.parse(iso), timeZone) };
}

/**
 * The event with its `eventID`: the standard CBV 2.0 event hash
 * ({@link epcisEventHash}) of everything else in it. Every exported event
 * passes through here (via {@link eventText}), so new event builders need
 * not care about ids.
 */
export function withEventId(event: EpcisEvent): EpcisEvent {
  const { type, eventID: _ignored, ...rest } = event;
  return { type, eventID: epcisEventHash(event), ...rest };
}

/** Text flushed per chunk while streaming a long list. */
const CHUNK_CHARS = 64 * 1024;

/**
 * An event as JSON text with its `eventID`, in chunks: members that are
 * {@link PresortedList}s are streamed last, so a million-EPC list never
 * exists as one string or array. `lead` is put before the first chunk
 * (the `,` between events).
 */
export function* eventText(event: EpcisEvent, lead = ""): Generator<string> {
  const complete = withEventId(event);
  const entries = Object.entries(complete);
  const lists = entries.filter((entry): entry is [string, PresortedList] => {
    return entry[1] instanceof PresortedList;
  });
  const plain = JSON.stringify(
    Object.fromEntries(entries.filter(([, v]) => !(v instanceof PresortedList))),
  );
  if (lists.length === 0) {
    yield lead + plain;
    return;
  }
  let text = lead + plain.slice(0, -1);
  let firstMember = plain === "{}";
  for (const [key, list] of lists) {
    text += `${firstMember ? "" : ","}${JSON.stringify(key)}:[`;
    firstMember = false;
    let firstItem = true;
    for (const value of list.values()) {
      text += (firstItem ? "" : ",") + JSON.stringify(value);
      firstItem = false;
      if (text.length >= CHUNK_CHARS) {
        yield text;
        text = "";
      }
    }
    text += "]";
  }
  yield `${text}}`;
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

/** An enterprise as EPCIS names it. */
export interface EpcisParty {
  readonly id: string;
  readonly gln: string | null;
}

/** A party's URI: `https://id.gs1.org/417/<gln>` with a GLN, else a path under the brand's origin. */
export function partyUri(origin: string, party: EpcisParty): string {
  if (party.gln !== null) return `${GS1_ID_ORIGIN}/417/${party.gln}`;
  return `${origin}/enterprise/${encodeURIComponent(party.id)}`;
}

/** A GLN as a location (read point, business location, `location` source or destination). */
export function locationUri(gln: string): string {
  return `${GS1_ID_ORIGIN}/414/${gln}`;
}

/**
 * The instance/lot master data of a batch's items (CBV master data
 * attributes): lot number, expiry date (when the batch has one) and
 * production date.
 */
export function batchIlmd(
  batch: Pick<TraceBatch, "batchNumber" | "productionDate" | "expiryDate">,
): Record<string, string> {
  return {
    "cbvmda:lotNumber": batch.batchNumber,
    ...(batch.expiryDate !== null && { "cbvmda:itemExpirationDate": batch.expiryDate }),
    "cbvmda:productionDate": batch.productionDate,
  };
}

/** A commissioning ObjectEvent: `epcs` become active; `ilmd` describes them (trade items only). */
export function commissioningEvent(
  time: EventTime,
  epcs: PresortedList,
  ilmd: Readonly<Record<string, string>> | null,
): EpcisEvent {
  return {
    type: "ObjectEvent",
    ...time,
    epcList: epcs,
    action: "ADD",
    bizStep: "commissioning",
    disposition: "active",
    ...(ilmd !== null && { ilmd }),
  };
}

/** An AggregationEvent: `children` packed into `parent`. */
export function aggregationEvent(
  parent: string,
  children: readonly string[],
  time: EventTime,
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

type DocumentFields = Pick<
  StockDocument,
  "id" | "number" | "outboundType" | "inboundType" | "fromEnterpriseId" | "toEnterpriseId"
>;

/**
 * The stock document as a business transaction: `urn:epcglobal:cbv:bt:<GLN>:<number>`
 * when the enterprise that issued it (the receiver of an inbound-only
 * document) has a GLN, else a path under the brand's origin. Its type is a
 * despatch advice for outbound documents, a production order for
 * production intake, a receiving advice otherwise.
 */
export function documentTransaction(
  origin: string,
  document: DocumentFields,
  issuer: EpcisParty | null,
): { readonly type: string; readonly bizTransaction: string } {
  const type =
    document.outboundType !== null
      ? "desadv"
      : document.inboundType === "production"
        ? "prodorder"
        : "recadv";
  const bizTransaction =
    issuer?.gln != null
      ? `urn:epcglobal:cbv:bt:${issuer.gln}:${document.number}`
      : `${origin}/stock-document/${encodeURIComponent(document.id)}`;
  return { type, bizTransaction };
}

/** Owning party and, with a GLN, location entries of a source or destination list. */
function partyEntries(origin: string, party: EpcisParty, member: "source" | "destination") {
  return [
    { type: "owning_party", [member]: partyUri(origin, party) },
    ...(party.gln !== null ? [{ type: "location", [member]: locationUri(party.gln) }] : []),
  ];
}

/**
 * The events of one stock scan: shipping (OBSERVE, `shipping`, `in_transit`;
 * destruction: `destroying`, `destroyed`) read at the issuer when the
 * document has an outbound type, receiving (OBSERVE, `receiving`,
 * `in_progress`) read at and located at the receiver when it has an inbound
 * type. Both name the document as business transaction and the parties as
 * source and destination (owning party, and location when they have a GLN).
 */
export function stockEvents(
  document: DocumentFields,
  parties: { readonly from: EpcisParty | null; readonly to: EpcisParty | null },
  epcList: readonly string[],
  time: EventTime,
  origin: string,
): EpcisEvent[] {
  const issuer = document.fromEnterpriseId !== null ? parties.from : parties.to;
  const shared = {
    bizTransactionList: [documentTransaction(origin, document, issuer)],
    ...(parties.from !== null && { sourceList: partyEntries(origin, parties.from, "source") }),
    ...(parties.to !== null && {
      destinationList: partyEntries(origin, parties.to, "destination"),
    }),
  };
  const at = (party: EpcisParty | null) =>
    party?.gln != null ? { id: locationUri(party.gln) } : undefined;
  const events: EpcisEvent[] = [];
  if (document.outboundType !== null) {
    const destroyed = document.outboundType === "destruction";
    const readPoint = at(parties.from);
    events.push({
      type: "ObjectEvent",
      ...time,
      epcList,
      action: "OBSERVE",
      bizStep: destroyed ? "destroying" : "shipping",
      disposition: destroyed ? "destroyed" : "in_transit",
      ...(readPoint && { readPoint }),
      ...(readPoint && destroyed && { bizLocation: readPoint }),
      ...shared,
    });
  }
  if (document.inboundType !== null) {
    const location = at(parties.to);
    events.push({
      type: "ObjectEvent",
      ...time,
      epcList,
      action: "OBSERVE",
      bizStep: "receiving",
      disposition: "in_progress",
      ...(location && { readPoint: location, bizLocation: location }),
      ...shared,
    });
  }
  return events;
}
