import type { CodeLevel } from "../../codes/code-package.js";
import { levelsOf } from "../../codes/package-layout.js";
import { isoNow } from "../../kernel/clock.js";
import { notFound } from "../../kernel/errors.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { lifecycleEvents } from "../lifecycle/epcis-lifecycle-events.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { TraceBatchService } from "../trace-services.js";
import { PresortedList } from "./epcis-event-hash.js";
import {
  aggregationEvent,
  batchIlmd,
  commissioningEvent,
  DOCUMENT_TAIL,
  documentHead,
  type EpcisEvent,
  type EpcisParty,
  type EventTime,
  eventText,
  eventTimeOf,
  stockEvents,
} from "./epcis-events.js";
import { epcOf, type Gs1Naming, gs1Naming, sortedEpcs } from "./gs1-naming.js";

/** Stock items read per page of an export. */
const ITEM_PAGE_SIZE = 500;

/**
 * The commissioning events of a package: its trade items (every level
 * named by a GTIN, or by no GS1 key) with the batch's lot, expiry and
 * production date as ILMD, and its SSCC-named logistic units apart,
 * without ILMD. The EPC lists are generated in hash order from the layout.
 */
function commissioningEvents(
  naming: Gs1Naming,
  levels: readonly CodeLevel[],
  time: EventTime,
  ilmd: Record<string, string>,
): EpcisEvent[] {
  const isSscc = (level: CodeLevel) => naming.keys[level]?.kind === "sscc";
  const items = levels.filter((level) => !isSscc(level));
  const units = levels.filter(isSscc);
  const epcs = (group: CodeLevel[]) => new PresortedList(() => sortedEpcs(naming, group));
  return [
    ...(items.length > 0 ? [commissioningEvent(time, epcs(items), ilmd)] : []),
    ...(units.length > 0 ? [commissioningEvent(time, epcs(units), null)] : []),
  ];
}

/**
 * AggregationEvents of an associated package, outer unit by outer unit:
 * each middle code with its inner codes, then the outer code with the codes
 * directly beneath it. Parents and children follow from the layout, so no
 * code is read and one unit is held at a time.
 */
function* aggregationEvents(naming: Gs1Naming, time: EventTime): Generator<EpcisEvent> {
  const { layout } = naming;
  for (let start = 1; start <= layout.total; start += layout.unitSize) {
    const children = new Map<number, number[]>();
    for (let serial = start + 1; serial < start + layout.unitSize; serial++) {
      const parent = layout.parentOf(serial) as number;
      const list = children.get(parent);
      if (list) list.push(serial);
      else children.set(parent, [serial]);
    }
    const parents = [...children.keys()].sort((a, b) =>
      a === start ? 1 : b === start ? -1 : a - b,
    );
    for (const parent of parents) {
      const epcs = (children.get(parent) as number[]).map((serial) => epcOf(naming, serial));
      yield aggregationEvent(epcOf(naming, parent), epcs, time);
    }
  }
}

/**
 * Streams a trace batch's events as a GS1 EPCIS 2.0 JSON-LD `EPCISDocument`,
 * as text chunks. Per bound package: commissioning ObjectEvents of its
 * codes with the batch's lot, expiry and production date as ILMD,
 * AggregationEvents for associated packaging, and shipping / receiving
 * ObjectEvents for every stock scan, naming the stock document as business
 * transaction and enterprises by GLN where they have one, then the
 * package's unpack / re-pack AggregationEvents and void / recall
 * ObjectEvents. Codes are named
 * by their GS1 key alone (canonical Digital Link URIs, never the
 * verification code); every event carries its CBV 2.0 event hash as
 * `eventID`. `eventTimeZoneOffset` is the offset of the tenant's time zone
 * (`timeZoneOf`, its settings) at each event's time. Exporting needs
 * `trace.read`.
 *
 * @example
 * ```ts
 * const file = Readable.from(onecode.traceBatches.exportEpcis(ctx, batch.id));
 * await pipeline(file, createWriteStream("batch.jsonld"));
 * ```
 */
export function epcisExporter(
  runtime: TraceRuntime,
  options: { readonly timeZoneOf: (tenantId: string) => Promise<string> },
): TraceBatchService["exportEpcis"] {
  const { storage, clock } = runtime.ports;

  return async function* exportEpcis(ctx: TenantContext, batchId: string) {
    requireCapability(ctx, "trace.read");
    const { tenantId } = ctx;
    const timeZone = await options.timeZoneOf(tenantId);
    const batch = await storage.traceBatches.get(tenantId, batchId);
    if (!batch) throw notFound("trace batch", batchId);
    const [product, merchant, packageIds] = await Promise.all([
      storage.products.get(tenantId, batch.productId),
      storage.merchants.get(tenantId, batch.merchantId),
      storage.traceBatches.listPackages(tenantId, batchId),
    ]);
    const prefix = merchant?.urlPrefixes[0] ?? "";
    const origin = prefix ? new URL(prefix).origin : "";
    const gtin = batch.sealedProduct?.gtin ?? product?.gtin ?? null;
    const ilmd = batchIlmd(batch);
    const parties = new Map<string, Promise<EpcisParty>>();
    const partyOf = (id: string | null) => {
      if (id === null) return null;
      let party = parties.get(id);
      if (!party) {
        party = storage.enterprises
          .get(tenantId, id)
          .then((enterprise) => ({ id, gln: enterprise?.gln ?? null }));
        parties.set(id, party);
      }
      return party;
    };

    yield documentHead(isoNow(clock));
    let lead = "";
    const emit = function* (event: EpcisEvent) {
      yield* eventText(event, lead);
      lead = ",";
    };
    for (const packageId of packageIds) {
      const pkg = await storage.codePackages.get(tenantId, packageId);
      if (!pkg) continue;
      const naming = gs1Naming(pkg, { gtin, prefix, batch });
      const time = eventTimeOf(pkg.finishedAt ?? pkg.updatedAt, timeZone);
      for (const event of commissioningEvents(naming, levelsOf(pkg.codeType), time, ilmd)) {
        yield* emit(event);
      }
      if (pkg.associated) {
        for (const event of aggregationEvents(naming, time)) yield* emit(event);
      }

      for (let offset = 0; ; offset += ITEM_PAGE_SIZE) {
        const items = await storage.stock.itemsForPackage(tenantId, packageId, {
          offset,
          limit: ITEM_PAGE_SIZE,
        });
        for (const { item, document } of items) {
          const { fromSerial, toSerial } = item.range;
          const epcs: string[] = [];
          for (let serial = fromSerial; serial <= toSerial; serial++) {
            epcs.push(epcOf(naming, serial));
          }
          const [from, to] = await Promise.all([
            partyOf(document.fromEnterpriseId),
            partyOf(document.toEnterpriseId),
          ]);
          const at = eventTimeOf(item.scannedAt, timeZone);
          for (const event of stockEvents(document, { from, to }, epcs, at, origin)) {
            yield* emit(event);
          }
        }
        if (items.length < ITEM_PAGE_SIZE) break;
      }
      for await (const event of lifecycleEvents(runtime, tenantId, pkg, naming, timeZone)) {
        yield* emit(event);
      }
    }
    yield DOCUMENT_TAIL;
  };
}
