import {
  SCAN_THRESHOLD_MAX,
  type ScanRecord,
  type ScanStats,
  type ScanTallyCaps,
} from "@onecode/core";
import { isoTimestamp } from "./row-mapping.js";
import { verdictNumber } from "./scan-row-mapping.js";
import { SCAN_BATCH_WRITE } from "./scan-write-statements.js";
import type { StatementRunner } from "./statement-runner.js";

/** One scan to record with the caps of its code's tallies. */
export interface ScanToRecord {
  readonly scan: ScanRecord;
  readonly caps: ScanTallyCaps;
}

/** A code's statistics as they stood before the statement, as the statement read them under lock. */
interface StatsBefore {
  readonly tenant_id: string;
  readonly code: string;
  readonly count: string | bigint | number;
  readonly first_scanned_at: Date | string | null;
  readonly first_region: string | null;
  readonly visitors: string[];
  readonly regions: string[];
}

/** The scans of one code within a batch, in arrival order. */
interface CodeGroup {
  readonly key: string;
  readonly tenantId: string;
  readonly code: string;
  readonly caps: ScanTallyCaps;
  readonly scans: number[];
  /** Distinct non-null visitors / regions in first-seen order, at most the cap. */
  readonly visitors: string[];
  readonly regions: string[];
}

const keyOf = (tenantId: string, code: string) => `${tenantId}\u0000${code}`;

/** The largest cap core hands over: one more than the largest threshold it accepts. */
const TALLY_CAP_MAX = SCAN_THRESHOLD_MAX + 1;

/**
 * Refuses caps outside the range core produces (a `RangeError`), so that a
 * caller's mistake fails its own scan before it joins a shared write.
 */
export function checkTallyCaps(caps: ScanTallyCaps): void {
  for (const cap of [caps.visitors, caps.regions]) {
    if (!Number.isSafeInteger(cap) || cap < 1 || cap > TALLY_CAP_MAX) {
      throw new RangeError(
        `scan tally caps must be integers from 1 to ${TALLY_CAP_MAX}, got ${cap}`,
      );
    }
  }
}

/**
 * Whether `entry` can join a batch holding `groups`: a code's scans in one
 * statement must share their caps (a different cap starts the next batch).
 */
export function fitsBatch(
  groups: ReadonlyMap<string, ScanTallyCaps>,
  entry: ScanToRecord,
): boolean {
  const caps = groups.get(keyOf(entry.scan.tenantId, entry.scan.code));
  return (
    caps === undefined ||
    (caps.visitors === entry.caps.visitors && caps.regions === entry.caps.regions)
  );
}

/** The caps a batch's codes use so far, for {@link fitsBatch}. */
export function batchCaps(entries: readonly ScanToRecord[]): Map<string, ScanTallyCaps> {
  return new Map(entries.map((entry) => [keyOf(entry.scan.tenantId, entry.scan.code), entry.caps]));
}

/** Adds `value` to a first-seen-order list of distinct values capped at `cap`. */
function tally(list: string[], value: string | null, cap: number): void {
  if (value !== null && list.length < cap && !list.includes(value)) list.push(value);
}

type Prefix = { visitors: string[]; regions: string[] };

/** The statement (name, text, parameters) that writes `entries`, grouped by code. */
function statementFor(
  entries: readonly ScanToRecord[],
  groups: readonly CodeGroup[],
  prefixes: readonly Prefix[],
): [string, string, unknown[]] {
  const first = (group: CodeGroup) => (entries[group.scans[0] as number] as ScanToRecord).scan;
  const groupRows = groups.map((group) => ({
    t: group.tenantId,
    c: group.code,
    k: group.scans.length,
    fa: first(group).scannedAt,
    fr: first(group).region,
    v: group.visitors,
    r: group.regions,
    cv: group.caps.visitors,
    cr: group.caps.regions,
  }));
  const scanRows = entries.map(({ scan, caps }, index) => ({
    t: scan.tenantId,
    c: scan.code,
    id: scan.id,
    at: scan.scannedAt,
    region: scan.region,
    visitor: scan.visitorId,
    declared: scan.declaredVisitorId,
    user: scan.userId,
    verdict: verdictNumber(scan.verdict),
    batch: scan.batchId,
    product: scan.productId,
    pv: prefixes[index]?.visitors,
    pr: prefixes[index]?.regions,
    cv: caps.visitors,
    cr: caps.regions,
  }));
  return [
    "onecode_scan_batch_v5",
    SCAN_BATCH_WRITE,
    [
      JSON.stringify(groupRows),
      groups.map((group) => group.tenantId),
      groups.map((group) => group.code),
      JSON.stringify(scanRows),
    ],
  ];
}

/**
 * Records scans of any number of codes in one statement and returns each
 * scan's statistics (its position counted: the k-th scan of a code in the
 * batch sees the count before the batch + k), or `null` for the scans of a
 * code whose first statistics row a concurrent writer inserted while this
 * statement ran: nothing of those scans was written, and they must be
 * recorded again. Scans of one code must share their caps ({@link fitsBatch}).
 *
 * The statement, per code: locks the statistics row (reading its latest
 * version) and updates it from the locked values (count + k, distinct
 * visitors and regions merged up to the caps, first scan kept), or inserts
 * it when there was none (`ON CONFLICT DO NOTHING`: a row a concurrent
 * transaction inserted first leaves the code for the retry). It appends the
 * scans of every code it updated or inserted, each with its verdict turned
 * `suspicious` when a `genuine` scan's tallies at its position reach a cap.
 * Rows of two codes never depend on each other, so statements on disjoint
 * codes run in parallel without waiting, and two on one code serialise on
 * its row lock.
 */
export async function writeScanBatch(
  run: StatementRunner,
  entries: readonly ScanToRecord[],
): Promise<Array<ScanStats | null>> {
  const groups = new Map<string, CodeGroup>();
  /** Per scan: the distinct visitors / regions of its code in the batch up to and including it. */
  const prefixes: Array<{ visitors: string[]; regions: string[] }> = [];
  entries.forEach(({ scan, caps }, index) => {
    const key = keyOf(scan.tenantId, scan.code);
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        tenantId: scan.tenantId,
        code: scan.code,
        caps,
        scans: [],
        visitors: [],
        regions: [],
      };
      groups.set(key, group);
    } else if (group.caps.visitors !== caps.visitors || group.caps.regions !== caps.regions) {
      throw new Error(`scans of code ${scan.code} in one batch must share their tally caps`);
    }
    group.scans.push(index);
    tally(group.visitors, scan.visitorId, caps.visitors);
    tally(group.regions, scan.region, caps.regions);
    prefixes.push({ visitors: [...group.visitors], regions: [...group.regions] });
  });

  const rows = await run<StatsBefore>(...statementFor(entries, [...groups.values()], prefixes));
  const before = new Map(rows.map((row) => [keyOf(row.tenant_id, row.code), row]));
  const results: Array<ScanStats | null> = entries.map(() => null);
  for (const group of groups.values()) {
    const row = before.get(group.key);
    if (!row) continue;
    const count = Number(row.count);
    const visitors = new Set(row.visitors);
    const regions = new Set(row.regions);
    const first = entries[group.scans[0] as number]?.scan as ScanRecord;
    const firstScannedAt =
      count > 0 && row.first_scanned_at !== null
        ? isoTimestamp(row.first_scanned_at)
        : isoTimestamp(first.scannedAt);
    const firstRegion = count > 0 ? row.first_region : first.region;
    group.scans.forEach((index, position) => {
      const prefix = prefixes[index] as { visitors: string[]; regions: string[] };
      for (const visitor of prefix.visitors) visitors.add(visitor);
      for (const region of prefix.regions) regions.add(region);
      results[index] = {
        count: count + position + 1,
        firstScannedAt,
        firstRegion,
        distinctVisitors: Math.min(group.caps.visitors, visitors.size),
        distinctRegions: Math.min(group.caps.regions, regions.size),
      };
    });
  }
  return results;
}
