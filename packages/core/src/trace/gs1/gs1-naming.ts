import { gs1Date, type LotOmission, lotOf, ssccOf } from "../../catalog/gs1-keys.js";
import { isValidGtin, toGtin14 } from "../../catalog/gtin.js";
import type { CodeLevel, CodePackage, CodeRecord, PackagingKey } from "../../codes/code-package.js";
import { urlOf } from "../../codes/csv-export.js";
import { type PackageLayout, packageLayout } from "../../codes/package-layout.js";
import { buildDigitalLink, serialTokenOf } from "./digital-link.js";
import { compareCodePoints } from "./epcis-event-hash.js";
import { GS1_ID_ORIGIN } from "./gs1-uri.js";

/** The GS1 key a level's codes carry: a GTIN-14 with per-code serials, SSCCs, or none. */
export type LevelKey = PackagingKey | null;

/**
 * How the codes of one package are named in GS1 terms: what the printed
 * Digital Link of each code says and what EPC names it in EPCIS documents.
 * Built from the package, its product's GTIN, the merchant's URL prefix and
 * the bound batch (lot and expiry), if any.
 */
export interface Gs1Naming {
  /** Scheme and host of the merchant's first code URL prefix. */
  readonly origin: string;
  /** The merchant's first code URL prefix (codes without a GS1 key print `prefix + code`). */
  readonly prefix: string;
  readonly packageId: string;
  /** The package's AI 21 serial token ({@link serialTokenOf}). */
  readonly token: string;
  readonly layout: PackageLayout;
  /** The GS1 key of each level: items and inner codes the product's GTIN, packaging levels their own. */
  readonly keys: Readonly<Record<CodeLevel, LevelKey>>;
  /** AI 10 of the bound batch, when its number fits character set 82 and 20 characters. */
  readonly lot: string | null;
  /** Why a bound batch's number is not printed as AI 10, else `null`. */
  readonly lotOmitted: LotOmission | null;
  /** AI 17 (`YYMMDD`) of the bound batch's expiry date, or `null`. */
  readonly expiry: string | null;
}

/** What naming a package needs besides the package. */
export interface NamingSources {
  /** The product's GTIN (its sealed snapshot's once the batch is sealed), or `null`. */
  readonly gtin: string | null;
  /** The merchant's first code URL prefix (`""` when it has none). */
  readonly prefix: string;
  /** The batch the package is bound to, or `null`. */
  readonly batch: { readonly batchNumber: string; readonly expiryDate: string | null } | null;
}

/** Names a package's codes. */
export function gs1Naming(pkg: CodePackage, sources: NamingSources): Gs1Naming {
  const itemKey: LevelKey =
    sources.gtin !== null && isValidGtin(sources.gtin)
      ? { kind: "gtin", gtin: toGtin14(sources.gtin) }
      : null;
  const packaging = pkg.packagingKeys ?? {};
  const lot = sources.batch ? lotOf(sources.batch.batchNumber) : { lot: null, omitted: null };
  const expiryDate = sources.batch?.expiryDate ?? null;
  return {
    origin: sources.prefix ? new URL(sources.prefix).origin : "",
    prefix: sources.prefix,
    packageId: pkg.id,
    token: serialTokenOf(pkg.id),
    layout: packageLayout(
      pkg.codeType,
      pkg.ratio,
      pkg.codeType === "single" ? pkg.total : pkg.quantity,
    ),
    keys: {
      item: itemKey,
      inner: itemKey,
      middle: packaging.middle ?? null,
      outer: packaging.outer ?? null,
    },
    lot: lot.lot,
    lotOmitted: lot.omitted,
    expiry: expiryDate === null ? null : gs1Date(expiryDate),
  };
}

/** The AI 21 serial of the code at `serial`. */
function aiSerial(naming: Gs1Naming, serial: number): string {
  return `${naming.token}-${serial.toString(36)}`;
}

/** The SSCC of the packaging code at `serial` of an SSCC level. */
function ssccAt(naming: Gs1Naming, key: PackagingKey & { kind: "sscc" }, serial: number): string {
  const level = naming.layout.levelOf(serial);
  return ssccOf(key, key.firstReference + naming.layout.countsBefore(serial)[level]);
}

/** The GS1 key of the code at `serial` as canonical Digital Link path, or `null` when its level has none. */
export function gs1KeyPath(naming: Gs1Naming, serial: number): string | null {
  const key = naming.keys[naming.layout.levelOf(serial)];
  if (key === null) return null;
  if (key.kind === "sscc") return `/00/${ssccAt(naming, key, serial)}`;
  return `/01/${key.gtin}/21/${aiSerial(naming, serial)}`;
}

/**
 * The EPC of the code at `serial` in EPCIS documents: its GS1 key alone as a
 * canonical Digital Link URI (`https://id.gs1.org/01/<GTIN>/21/<serial>`
 * or `https://id.gs1.org/00/<SSCC>`), never its verification code. A code
 * whose level has no GS1 key gets a private URI under the brand's origin,
 * `<origin>/epc/<AI 21 style serial>`, which does not reveal the code either.
 */
export function epcOf(naming: Gs1Naming, serial: number): string {
  const path = gs1KeyPath(naming, serial);
  return path === null ? `${naming.origin}/epc/${aiSerial(naming, serial)}` : GS1_ID_ORIGIN + path;
}

/**
 * The URL printed in a code's QR in Digital Link form: the GS1 key on the
 * brand's origin with the lot (AI 10) and expiry (AI 17) of the bound batch
 * and the code as `oc`; a code whose level has no GS1 key keeps its code
 * URL (`prefix + code`, or its uploaded URL).
 */
export function printedLink(naming: Gs1Naming, record: CodeRecord): string {
  const key = naming.keys[record.level];
  if (key === null || naming.origin === "") return urlOf(record, naming.prefix);
  if (key.kind === "sscc") {
    return buildDigitalLink(naming.origin, {
      gtin: null,
      sscc: ssccAt(naming, key, record.serial),
      serial: null,
      code: record.code,
    });
  }
  return buildDigitalLink(naming.origin, {
    gtin: key.gtin,
    lot: naming.lot,
    serial: aiSerial(naming, record.serial),
    expiry: naming.expiry,
    code: record.code,
  });
}

/**
 * Serials 1..`total` in the order of their base-36 text (`1, 10, 100, …,
 * 11, …, 2, …`): a pre-order walk of the base-36 digit tree, O(1) memory.
 */
export function* serialsInTextOrder(total: number): Generator<number> {
  let current = 1;
  for (let emitted = 0; emitted < total; emitted++) {
    yield current;
    if (current * 36 <= total) {
      current *= 36;
      continue;
    }
    if (current >= total) current = Math.floor(current / 36);
    current += 1;
    while (current % 36 === 0) current /= 36;
  }
}

/** The EPCs of one stream, ascending: serials in text order, or SSCCs in reference order. */
function* levelEpcs(naming: Gs1Naming, levels: readonly CodeLevel[], bySscc: boolean) {
  const { layout } = naming;
  const wanted = (serial: number) => levels.includes(layout.levelOf(serial));
  if (bySscc) {
    for (let serial = 1; serial <= layout.total; serial++) {
      if (wanted(serial)) yield epcOf(naming, serial);
    }
    return;
  }
  for (const serial of serialsInTextOrder(layout.total)) {
    if (wanted(serial)) yield epcOf(naming, serial);
  }
}

/** Merges ascending streams into one ascending stream (code point order). */
function* mergeAscending(streams: Iterator<string>[]): Generator<string> {
  const heads = streams.map((stream) => stream.next());
  for (;;) {
    let pick = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i] as IteratorResult<string>;
      if (head.done) continue;
      const best = heads[pick] as IteratorResult<string> | undefined;
      if (pick < 0 || compareCodePoints(head.value, best?.value as string) < 0) pick = i;
    }
    if (pick < 0) return;
    yield (heads[pick] as IteratorYieldResult<string>).value;
    heads[pick] = (streams[pick] as Iterator<string>).next();
  }
}

/**
 * The EPCs of the package's codes of `levels`, in ascending code point
 * order as EPCIS event hashes list them, generated from the package layout
 * without reading a code: each level is one ascending stream (serial text
 * order under one GTIN or private prefix, reference order under one SSCC
 * base) and the streams are merged.
 */
export function* sortedEpcs(naming: Gs1Naming, levels: readonly CodeLevel[]): Generator<string> {
  const streams: Iterator<string>[] = [];
  const groups = new Map<string, CodeLevel[]>();
  for (const level of levels) {
    const key = naming.keys[level];
    if (naming.layout.counts[level] === 0) continue;
    if (key?.kind === "sscc") {
      streams.push(levelEpcs(naming, [level], true)[Symbol.iterator]());
      continue;
    }
    const group = key === null ? "" : key.gtin;
    groups.set(group, [...(groups.get(group) ?? []), level]);
  }
  for (const grouped of groups.values()) {
    streams.push(levelEpcs(naming, grouped, false)[Symbol.iterator]());
  }
  yield* mergeAscending(streams);
}
