import type { CodePackage, CodeRecord } from "../codes/code-package.js";
import { EXPORT_PAGE_SIZE } from "../codes/csv-export.js";
import { DEFAULT_TIME_ZONE } from "../codes/generation-moment.js";
import { isoNow } from "../kernel/clock.js";
import { notFound } from "../kernel/errors.js";
import { requireStaff, type TenantContext } from "../kernel/tenant.js";
import {
  aggregationEvent,
  type CodeNaming,
  codeUri,
  commissioningFields,
  DOCUMENT_TAIL,
  documentHead,
  eventTimeOf,
  objectEventHead,
  stockEvents,
} from "./epcis-events.js";
import { type CodePager, lifecycleEvents } from "./lifecycle/epcis-lifecycle-events.js";
import type { TraceRuntime } from "./trace-runtime.js";
import type { TraceBatchService } from "./trace-services.js";

/** Stock items read per page of an export. */
const ITEM_PAGE_SIZE = 500;

/** Every code of a package in serial order, page by page (never the whole package at once). */
async function* codePages(
  runtime: TraceRuntime,
  tenantId: string,
  packageId: string,
  from = 1,
  to = Number.POSITIVE_INFINITY,
): AsyncGenerator<CodeRecord[]> {
  let afterSerial = from - 1;
  while (afterSerial < to) {
    const limit = Math.min(EXPORT_PAGE_SIZE, to - afterSerial);
    const page = await runtime.ports.storage.codePackages.listCodes(tenantId, packageId, {
      afterSerial,
      limit,
    });
    if (page.length === 0) return;
    yield page;
    afterSerial = (page[page.length - 1] as CodeRecord).serial;
    if (page.length < limit) return;
  }
}

/**
 * AggregationEvents of an associated package: each packaging code with the
 * codes directly beneath it. Layouts put children right after their parent,
 * so only the open outer and middle codes are held while reading.
 */
async function* aggregationEvents(
  runtime: TraceRuntime,
  tenantId: string,
  pkg: CodePackage,
  naming: CodeNaming,
  time: ReturnType<typeof eventTimeOf>,
): AsyncGenerator<string> {
  const open = new Map<number, { uri: string; children: string[] }>();
  const flush = function* (serials: number[]) {
    for (const serial of serials) {
      const parent = open.get(serial);
      open.delete(serial);
      if (parent && parent.children.length > 0) {
        yield JSON.stringify(aggregationEvent(parent.uri, parent.children, time));
      }
    }
  };
  const byLevel = new Map<string, number>();
  for await (const page of codePages(runtime, tenantId, pkg.id)) {
    for (const record of page) {
      const uri = codeUri(naming, record);
      if (record.level === "outer" || record.level === "middle") {
        const closing = record.level === "outer" ? ["middle", "outer"] : ["middle"];
        yield* flush(closing.flatMap((level) => byLevel.get(level) ?? []));
        byLevel.set(record.level, record.serial);
        open.set(record.serial, { uri, children: [] });
      }
      if (record.parentSerial !== null) open.get(record.parentSerial)?.children.push(uri);
    }
  }
  yield* flush([byLevel.get("middle"), byLevel.get("outer")].filter((s) => s !== undefined));
}

/**
 * Streams a trace batch's events as a GS1 EPCIS 2.0 JSON-LD `EPCISDocument`,
 * as text chunks: per bound package one commissioning ObjectEvent listing
 * its codes (streamed page by page), AggregationEvents for associated
 * packaging, and shipping / receiving ObjectEvents for every stock scan in
 * the package. Codes are GS1 Digital Link URIs when the product has a GTIN,
 * else their code URLs; `eventTimeZoneOffset` is the offset of `timeZone`
 * (default `Asia/Shanghai`, like the codes module) at each event's time.
 * Any staff role may export.
 *
 * @example
 * ```ts
 * const file = Readable.from(onecode.traceBatches.exportEpcis(ctx, batch.id));
 * await pipeline(file, createWriteStream("batch.jsonld"));
 * ```
 */
export function epcisExporter(
  runtime: TraceRuntime,
  options: { readonly timeZone?: string } = {},
): TraceBatchService["exportEpcis"] {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const { storage, clock } = runtime.ports;

  return async function* exportEpcis(ctx: TenantContext, batchId: string) {
    requireStaff(ctx);
    const { tenantId } = ctx;
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

    yield documentHead(isoNow(clock));
    let separator = "";
    for (const packageId of packageIds) {
      const pkg = await storage.codePackages.get(tenantId, packageId);
      if (!pkg) continue;
      const naming: CodeNaming = { origin, prefix, gtin, packageId };
      const time = eventTimeOf(pkg.finishedAt ?? pkg.updatedAt, timeZone);

      yield `${separator}${objectEventHead(commissioningFields(time))}`;
      separator = ",";
      let first = true;
      for await (const page of codePages(runtime, tenantId, packageId)) {
        const uris = page.map((record) => JSON.stringify(codeUri(naming, record))).join(",");
        yield first ? uris : `,${uris}`;
        first = false;
      }
      yield "]}";

      if (pkg.associated) {
        for await (const event of aggregationEvents(runtime, tenantId, pkg, naming, time)) {
          yield `,${event}`;
        }
      }

      for (let offset = 0; ; offset += ITEM_PAGE_SIZE) {
        const items = await storage.stock.itemsForPackage(tenantId, packageId, {
          offset,
          limit: ITEM_PAGE_SIZE,
        });
        for (const { item, document } of items) {
          const { fromSerial, toSerial } = item.range;
          const uris: string[] = [];
          for await (const page of codePages(runtime, tenantId, packageId, fromSerial, toSerial)) {
            for (const record of page) uris.push(codeUri(naming, record));
          }
          const time = eventTimeOf(item.scannedAt, timeZone);
          for (const event of stockEvents(document, uris, time, origin)) {
            yield `,${JSON.stringify(event)}`;
          }
        }
        if (items.length < ITEM_PAGE_SIZE) break;
      }
      const pages: CodePager = (t, p, from, to) => codePages(runtime, t, p, from, to);
      yield* lifecycleEvents(runtime, tenantId, pkg, naming, pages, timeZone);
    }
    yield DOCUMENT_TAIL;
  };
}
