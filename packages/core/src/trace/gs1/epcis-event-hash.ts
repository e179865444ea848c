import { createHash } from "node:crypto";
import { canonicalGs1Uri } from "./gs1-uri.js";

/**
 * A list of identifiers already in canonical form and in ascending order,
 * produced on demand (twice: once for the hash, once for the JSON). Event
 * builders use it for lists too long to hold, such as the million EPCs of a
 * commissioning event, which OneCode can generate in order arithmetically.
 */
export class PresortedList {
  /** @param values yields the members, canonical and ascending by code point, each time it is called */
  constructor(readonly values: () => Iterable<string>) {}

  /** The members as an array (for tests and small lists). */
  toJSON(): string[] {
    return [...this.values()];
  }
}

/** The version of the CBV event hash algorithm OneCode implements, as the `ver` of its `ni` URI. */
export const EVENT_HASH_VERSION = "CBV2.0";

/** CURIE prefixes of the EPCIS 2.0 JSON-LD context that event keys and values may use. */
export const EPCIS_PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  epcis: "https://ref.gs1.org/epcis/",
  cbv: "https://ref.gs1.org/cbv/",
  cbvmda: "urn:epcglobal:cbv:mda:",
  gs1: "https://gs1.org/voc/",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  owl: "http://www.w3.org/2002/07/owl#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  dcterms: "http://purl.org/dc/terms/",
});

/** Members left out of the pre-hash (CBV 2.0: they are not part of what happened). */
const IGNORED = new Set(["eventID", "recordTime", "errorDeclaration", "@context"]);

/** Identifier lists, in canonical property order (with `parentID` between the first two). */
const EPC_LISTS = ["epcList", "inputEPCList", "childEPCs"] as const;
const QUANTITY_LISTS = ["quantityList", "childQuantityList", "inputQuantityList"] as const;

/** The CBV vocabulary each field's bare values and `urn:epcglobal:cbv:` URNs expand into. */
const VOCABULARY = {
  bizStep: { term: "BizStep", urn: "bizstep" },
  disposition: { term: "Disp", urn: "disp" },
  bizTransactionType: { term: "BTT", urn: "btt" },
  sourceDestinationType: { term: "SDT", urn: "sdt" },
} as const;

/** An EPCIS event, or part of one, as plain JSON. */
export type EpcisJson = Readonly<Record<string, unknown>>;

/** Code point order, which is the UTF-8 byte order CBV 2.0 sorts by (UTF-16 units differ past U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

const sorted = (parts: string[]) => parts.sort(compareCodePoints).join("");

const DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A timestamp in UTC with millisecond precision and `Z`: more than three
 * decimals round half up on the fourth, fewer are zero-filled.
 */
function utcMilliseconds(value: string): string | null {
  const match = DATE_TIME.exec(value);
  if (!match) return null;
  const fraction = (match[2] ?? "").padEnd(4, "0");
  const ms = Number(fraction.slice(0, 3)) + (Number(fraction[3]) >= 5 ? 1 : 0);
  const whole = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(whole)) return null;
  return new Date(whole + ms).toISOString();
}

/** Expands a CURIE of the EPCIS context (`gs1:Temperature`); other text as it is. */
function expandCurie(value: string): string {
  const colon = value.indexOf(":");
  const namespace = colon > 0 ? EPCIS_PREFIXES[value.slice(0, colon)] : undefined;
  return namespace === undefined ? value : namespace + value.slice(colon + 1);
}

/** A value as the pre-hash writes it: trimmed, timestamps in UTC ms, CURIEs expanded, GS1 URIs canonical. */
function scalar(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string") throw new RangeError(`cannot hash ${JSON.stringify(value)}`);
  const text = value.trim();
  return utcMilliseconds(text) ?? canonicalGs1Uri(expandCurie(text));
}

/** A CBV vocabulary value as its Web URI: bare terms and `urn:epcglobal:cbv:` URNs expand. */
function vocabulary(kind: keyof typeof VOCABULARY, value: unknown): string {
  const { term, urn } = VOCABULARY[kind];
  const text = scalar(value);
  const urnPrefix = `urn:epcglobal:cbv:${urn}:`;
  if (text.startsWith(urnPrefix))
    return `https://ref.gs1.org/cbv/${term}-${text.slice(urnPrefix.length)}`;
  return text.includes(":") ? text : `https://ref.gs1.org/cbv/${term}-${text}`;
}

/** A JSON-LD key as `{namespace}local`; refuses prefixes outside the EPCIS context. */
function expandedKey(key: string): string {
  const colon = key.indexOf(":");
  const namespace = colon > 0 ? EPCIS_PREFIXES[key.slice(0, colon)] : undefined;
  if (namespace === undefined) {
    throw new RangeError(`cannot hash member "${key}": its prefix is not in the EPCIS context`);
  }
  return `{${namespace}}${key.slice(colon + 1)}`;
}

/** An extension or ILMD member: `{ns}local=value`, nested members sorted, list items each. */
function extensionParts(key: string, value: unknown): string[] {
  const name = expandedKey(key);
  if (Array.isArray(value)) return value.flatMap((item) => extensionParts(key, item));
  if (typeof value === "object" && value !== null) {
    return [name + sorted(Object.entries(value).flatMap(([k, v]) => extensionParts(k, v)))];
  }
  return [`${name}=${scalar(value)}`];
}

function* epcs(value: unknown): Iterable<string> {
  if (value instanceof PresortedList) {
    for (const epc of value.values()) yield `epc=${epc}`;
    return;
  }
  if (!Array.isArray(value)) throw new RangeError("an EPC list must be an array");
  yield* value.map((epc) => `epc=${scalar(epc)}`).sort(compareCodePoints);
}

function quantityElement(element: EpcisJson): string {
  let text = `quantityElementepcClass=${scalar(element.epcClass)}`;
  if (element.quantity !== undefined) text += `quantity=${scalar(element.quantity)}`;
  if (element.uom !== undefined) text += `uom=${scalar(element.uom)}`;
  return text;
}

/** `type=<vocabulary URI>` (when present) then `<member>=<id>`, per list entry, entries sorted. */
function typedEntries(list: unknown, member: string, kind: keyof typeof VOCABULARY): string {
  return sorted(
    (list as EpcisJson[]).map(
      (entry) =>
        (entry.type === undefined ? "" : `type=${vocabulary(kind, entry.type)}`) +
        `${member}=${scalar(entry[member])}`,
    ),
  );
}

/** `readPoint` / `bizLocation`: the id, then its extension members sorted. */
function location(name: string, value: EpcisJson): string {
  const extensions = Object.entries(value).filter(([key]) => key !== "id");
  return `${name}id=${scalar(value.id)}${sorted(extensions.flatMap(([k, v]) => extensionParts(k, v)))}`;
}

const STANDARD = new Set<string>([
  "type",
  "eventTime",
  "eventTimeZoneOffset",
  ...EPC_LISTS,
  "parentID",
  ...QUANTITY_LISTS,
  "outputEPCList",
  "outputQuantityList",
  "action",
  "transformationID",
  "bizStep",
  "disposition",
  "persistentDisposition",
  "readPoint",
  "bizLocation",
  "bizTransactionList",
  "sourceList",
  "destinationList",
  "ilmd",
]);

/**
 * The pieces of an event's pre-hash string in order (CBV 2.0, section
 * "EPCIS event hash ID"): members in canonical property order as
 * `name=value`, list members sorted, vocabulary as Web URIs, timestamps in
 * UTC milliseconds, GS1 Digital Link URIs in constrained canonical form,
 * ILMD and user extensions as `{namespace}name=value` sorted. Sensor data
 * and certification info are not supported (OneCode writes neither) and
 * throw a `RangeError`, as do EPC URNs (`urn:epc:`): give Digital Link URIs.
 */
export function* preHashParts(event: EpcisJson): Generator<string> {
  for (const key of Object.keys(event)) {
    if (!STANDARD.has(key) && !IGNORED.has(key) && !key.includes(":")) {
      throw new RangeError(`cannot hash event member "${key}"`);
    }
  }
  const has = (key: string) => event[key] !== undefined && event[key] !== null;
  const nonEmpty = (key: string) =>
    has(key) && !(Array.isArray(event[key]) && (event[key] as unknown[]).length === 0);
  yield `eventType=${scalar(event.type)}`;
  for (const key of ["eventTime", "eventTimeZoneOffset"])
    if (has(key)) yield `${key}=${scalar(event[key])}`;
  const list = function* (key: string) {
    if (!nonEmpty(key)) return;
    yield key;
    yield* epcs(event[key]);
  };
  const quantities = (key: string) =>
    nonEmpty(key) ? key + sorted((event[key] as EpcisJson[]).map(quantityElement)) : "";
  yield* list("epcList");
  if (has("parentID")) yield `parentID=${scalar(event.parentID)}`;
  yield* list("inputEPCList");
  yield* list("childEPCs");
  for (const key of QUANTITY_LISTS) yield quantities(key);
  yield* list("outputEPCList");
  yield quantities("outputQuantityList");
  for (const key of ["action", "transformationID"])
    if (has(key)) yield `${key}=${scalar(event[key])}`;
  if (has("bizStep")) yield `bizStep=${vocabulary("bizStep", event.bizStep)}`;
  if (has("disposition")) yield `disposition=${vocabulary("disposition", event.disposition)}`;
  if (has("persistentDisposition")) {
    const { set = [], unset = [] } = event.persistentDisposition as { set?: []; unset?: [] };
    const values = (name: string, items: unknown[]) =>
      items.map((item) => `${name}=${vocabulary("disposition", item)}`);
    yield `persistentDisposition${sorted(values("set", set))}${sorted(values("unset", unset))}`;
  }
  if (has("readPoint")) yield location("readPoint", event.readPoint as EpcisJson);
  if (has("bizLocation")) yield location("bizLocation", event.bizLocation as EpcisJson);
  if (nonEmpty("bizTransactionList")) {
    const entries = typedEntries(event.bizTransactionList, "bizTransaction", "bizTransactionType");
    yield `bizTransactionList${entries}`;
  }
  for (const [key, member] of [
    ["sourceList", "source"],
    ["destinationList", "destination"],
  ] as const) {
    if (nonEmpty(key)) yield key + typedEntries(event[key], member, "sourceDestinationType");
  }
  if (has("ilmd")) {
    const members = Object.entries(event.ilmd as EpcisJson);
    yield `ilmd${sorted(members.flatMap(([key, value]) => extensionParts(key, value)))}`;
  }
  const extensions = Object.entries(event).filter(([key]) => key.includes(":"));
  yield sorted(extensions.flatMap(([key, value]) => extensionParts(key, value)));
}

/** The whole pre-hash string of an event (for inspection; hashing streams the parts). */
export function epcisPreHash(event: EpcisJson): string {
  return [...preHashParts(event)].join("");
}

/**
 * The standard EPCIS event hash ID of CBV 2.0:
 * `ni:///sha-256;<hex digest of the pre-hash string>?ver=CBV2.0`. Equal
 * events hash equally whatever their member order, list order or
 * representation. OneCode writes it as every exported event's `eventID`;
 * seals or other ledgers can record it to prove an event unchanged.
 *
 * @example
 * ```ts
 * epcisEventHash({
 *   type: "ObjectEvent",
 *   eventTime: "2026-05-01T08:00:00.000Z",
 *   eventTimeZoneOffset: "+08:00",
 *   epcList: ["https://id.gs1.org/01/06901234567892/21/abc-1"],
 *   action: "OBSERVE",
 *   bizStep: "receiving",
 * }); // "ni:///sha-256;…?ver=CBV2.0"
 * ```
 */
export function epcisEventHash(event: EpcisJson): string {
  const hash = createHash("sha256");
  for (const part of preHashParts(event)) hash.update(part, "utf8");
  return `ni:///sha-256;${hash.digest("hex")}?ver=${EVENT_HASH_VERSION}`;
}
