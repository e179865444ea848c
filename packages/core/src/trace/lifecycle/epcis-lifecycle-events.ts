import type { CodePackage } from "../../codes/code-package.js";
import { type EpcisEvent, type EventTime, eventTimeOf } from "../gs1/epcis-events.js";
import { epcOf, type Gs1Naming } from "../gs1/gs1-naming.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { AggregationChange } from "./aggregation.js";
import type { CodeLifecycleEntry } from "./code-lifecycle.js";

/** History entries and lifecycle entries read per page. */
const PAGE_SIZE = 500;

/**
 * Most EPCs one void or recall event lists: a million-code recall becomes
 * a hundred events of the same step and time, so the export never holds
 * more than this many identifiers at once.
 */
export const LIFECYCLE_EVENT_EPCS_MAX = 10_000;

/**
 * The CBV business step and disposition of a lifecycle entry's event:
 * a void is decommissioning (`decommissioning` / `inactive`), a recall
 * keeps the goods in the supply chain under a `recalled` disposition.
 * Both are OBSERVE events, not DELETE: a void or recall can be restored,
 * which a deleted identifier could never be.
 */
function lifecycleFields(kind: "void" | "recall"): EpcisEvent {
  return kind === "void"
    ? { action: "OBSERVE", bizStep: "decommissioning", disposition: "inactive" }
    : { action: "OBSERVE", disposition: "recalled" };
}

/** An AggregationEvent of an unpack (DELETE, `unpacking`) or a re-pack (ADD, `packing`). */
export function aggregationChangeEvent(
  change: Pick<AggregationChange, "action">,
  parent: string,
  children: readonly string[],
  time: EventTime,
): EpcisEvent {
  const unpack = change.action === "unpack";
  return {
    type: "AggregationEvent",
    ...time,
    parentID: parent,
    childEPCs: children,
    action: unpack ? "DELETE" : "ADD",
    bizStep: unpack ? "unpacking" : "packing",
    ...(!unpack && { disposition: "in_progress" }),
  };
}

/** The EPCs of a serial range of the package, named from its layout (no code is read). */
function epcsOf(naming: Gs1Naming, fromSerial: number, toSerial: number): string[] {
  const epcs: string[] = [];
  for (let serial = fromSerial; serial <= toSerial; serial++) epcs.push(epcOf(naming, serial));
  return epcs;
}

/**
 * ObjectEvents of a void or recall entry, and of its restore, each listing
 * at most {@link LIFECYCLE_EVENT_EPCS_MAX} codes of the entry's range.
 */
function* entryEvents(
  naming: Gs1Naming,
  entry: CodeLifecycleEntry,
  timeZone: string,
): Generator<EpcisEvent> {
  if (entry.kind === "destroyed") return; // exported as the destruction document's event
  const { fromSerial, toSerial } = entry.range;
  const moments: [string, EpcisEvent][] = [[entry.createdAt, lifecycleFields(entry.kind)]];
  if (entry.restoredAt !== null) {
    moments.push([entry.restoredAt, { action: "OBSERVE", disposition: "active" }]);
  }
  for (const [at, fields] of moments) {
    for (let from = fromSerial; from <= toSerial; from += LIFECYCLE_EVENT_EPCS_MAX) {
      const to = Math.min(toSerial, from + LIFECYCLE_EVENT_EPCS_MAX - 1);
      yield {
        type: "ObjectEvent",
        ...eventTimeOf(at, timeZone),
        epcList: epcsOf(naming, from, to),
        ...fields,
      };
    }
  }
}

/**
 * The events of a package's code lifecycle: an AggregationEvent per unpack
 * (DELETE, `unpacking`) and re-pack (ADD, `packing`) history entry at the
 * time it was made, then per void or recall an ObjectEvent
 * (`decommissioning` / `inactive`, or disposition `recalled`) and, once
 * restored, one with disposition `active`. Destructions are the
 * destruction documents' own events. Codes are named as everywhere in the
 * export (`naming`); the caller adds each event's `eventID`.
 */
export async function* lifecycleEvents(
  runtime: TraceRuntime,
  tenantId: string,
  pkg: Pick<CodePackage, "id">,
  naming: Gs1Naming,
  timeZone: string,
): AsyncGenerator<EpcisEvent> {
  const { storage } = runtime.ports;
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const changes = await storage.aggregation.changesOfPackage(tenantId, pkg.id, {
      offset,
      limit: PAGE_SIZE,
    });
    for (const change of changes) {
      const { fromSerial, toSerial } = change.children;
      yield aggregationChangeEvent(
        change,
        epcOf(naming, change.parentSerial),
        epcsOf(naming, fromSerial, toSerial),
        eventTimeOf(change.at, timeZone),
      );
    }
    if (changes.length < PAGE_SIZE) break;
  }
  const entries: CodeLifecycleEntry[] = [];
  for (let beforeId: string | null = null; ; ) {
    const page = await storage.codeLifecycle.list(
      tenantId,
      { packageId: pkg.id },
      { limit: PAGE_SIZE, beforeId },
    );
    entries.push(...page);
    if (page.length < PAGE_SIZE) break;
    beforeId = page[page.length - 1]?.id ?? null;
  }
  for (const entry of entries.reverse()) yield* entryEvents(naming, entry, timeZone);
}
