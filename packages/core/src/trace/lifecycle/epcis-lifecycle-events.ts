import type { CodePackage, CodeRecord } from "../../codes/code-package.js";
import {
  type CodeNaming,
  codeUri,
  type EpcisEvent,
  eventTimeOf,
  objectEventHead,
} from "../epcis-events.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { AggregationChange } from "./aggregation.js";
import type { CodeLifecycleEntry } from "./code-lifecycle.js";

/** Pages of a package's codes between two serials (the export's own pager). */
export type CodePager = (
  tenantId: string,
  packageId: string,
  from: number,
  to: number,
) => AsyncIterable<CodeRecord[]>;

/** History entries and lifecycle entries read per page. */
const PAGE_SIZE = 500;

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
  time: ReturnType<typeof eventTimeOf>,
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

/** The URIs of a serial range of the package. */
async function urisOf(
  pages: CodePager,
  naming: CodeNaming,
  tenantId: string,
  from: number,
  to: number,
): Promise<string[]> {
  const uris: string[] = [];
  for await (const page of pages(tenantId, naming.packageId, from, to)) {
    for (const record of page) uris.push(codeUri(naming, record));
  }
  return uris;
}

/**
 * ObjectEvents of a void or recall entry (its codes streamed page by page,
 * so a million-code recall stays flat in memory), and of its restore.
 */
async function* entryEvents(
  pages: CodePager,
  naming: CodeNaming,
  entry: CodeLifecycleEntry,
  timeZone: string,
): AsyncGenerator<string> {
  if (entry.kind === "destroyed") return; // exported as the destruction document's event
  const { fromSerial, toSerial } = entry.range;
  const moments: [string, EpcisEvent][] = [[entry.createdAt, lifecycleFields(entry.kind)]];
  if (entry.restoredAt !== null) {
    moments.push([entry.restoredAt, { action: "OBSERVE", disposition: "active" }]);
  }
  for (const [at, fields] of moments) {
    yield `,${objectEventHead({ ...eventTimeOf(at, timeZone), ...fields })}`;
    let first = true;
    for await (const page of pages(entry.tenantId, naming.packageId, fromSerial, toSerial)) {
      const uris = page.map((record) => JSON.stringify(codeUri(naming, record))).join(",");
      yield first ? uris : `,${uris}`;
      first = false;
    }
    yield "]}";
  }
}

/**
 * The events of a package's code lifecycle, as text chunks to append to an
 * EPCIS event list after an event (every event starts with its comma): an
 * AggregationEvent per unpack (DELETE, `unpacking`)
 * and re-pack (ADD, `packing`) history entry at the time it was made, then
 * per void or recall an ObjectEvent (`decommissioning` / `inactive`, or
 * disposition `recalled`) and, once restored, one with disposition
 * `active`. Destructions are the destruction documents' own events.
 */
export async function* lifecycleEvents(
  runtime: TraceRuntime,
  tenantId: string,
  pkg: Pick<CodePackage, "id">,
  naming: CodeNaming,
  pages: CodePager,
  timeZone: string,
): AsyncGenerator<string> {
  const { storage } = runtime.ports;
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const changes = await storage.aggregation.changesOfPackage(tenantId, pkg.id, {
      offset,
      limit: PAGE_SIZE,
    });
    for (const change of changes) {
      const [parent] = await urisOf(
        pages,
        naming,
        tenantId,
        change.parentSerial,
        change.parentSerial,
      );
      const { fromSerial, toSerial } = change.children;
      const children = await urisOf(pages, naming, tenantId, fromSerial, toSerial);
      if (parent === undefined) continue;
      const time = eventTimeOf(change.at, timeZone);
      yield `,${JSON.stringify(aggregationChangeEvent(change, parent, children, time))}`;
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
  for (const entry of entries.reverse()) yield* entryEvents(pages, naming, entry, timeZone);
}
