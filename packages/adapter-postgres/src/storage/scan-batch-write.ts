import type { RecordedScanStats, ScanRecord, SuspicionThreshold } from "@onecode/core";
import { isoTimestamp } from "./row-mapping.js";
import { verdictNumber } from "./scan-row-mapping.js";
import { SCAN_BATCH_WRITE } from "./scan-write-statements.js";
import type { StatementRunner } from "./statement-runner.js";

/** One scan to record with its code's suspicion threshold. */
export interface ScanToRecord {
  readonly scan: ScanRecord;
  readonly suspicion: SuspicionThreshold;
}

/**
 * A row the statement returns: a code's statistics before it (`visitor_id`
 * null), or one visitor's scans of a code before it (`count`; 0 for a new
 * visitor).
 */
interface BeforeRow {
  readonly tenant_id: string;
  readonly code: string;
  readonly visitor_id: string | null;
  readonly count: string | bigint | number;
  readonly first_scanned_at: Date | null;
  readonly first_region: string | null;
  readonly visitor_count: string | bigint | number | null;
  readonly regions: string[] | null;
}

/** Where one scan stands within its code's scans of the batch. */
interface Position {
  /** Distinct visitors / regions of its code in the batch up to and including it. */
  readonly visitors: number;
  readonly regions: number;
  /** Its visitor's scans in the batch up to and including it (0 without a visitor). */
  readonly visitorScans: number;
}

/** The scans of one code within a batch, in arrival order. */
interface CodeGroup {
  readonly key: string;
  readonly tenantId: string;
  readonly code: string;
  readonly suspicion: SuspicionThreshold;
  readonly scans: number[];
  /** Distinct non-null visitors in first-seen order, with their scans in the batch. */
  readonly visitors: Map<string, number>;
  /** Distinct non-null regions in first-seen order, at most the threshold + 1. */
  readonly regions: string[];
}

const keyOf = (tenantId: string, code: string) => `${tenantId}\u0000${code}`;

const sameThreshold = (a: SuspicionThreshold, b: SuspicionThreshold) =>
  a.visitors === b.visitors && a.regions === b.regions;

/**
 * Whether `entry` can join a batch holding `groups`: a code's scans in one
 * statement must share their threshold (a different one starts the next batch).
 */
export function fitsBatch(
  groups: ReadonlyMap<string, SuspicionThreshold>,
  entry: ScanToRecord,
): boolean {
  const suspicion = groups.get(keyOf(entry.scan.tenantId, entry.scan.code));
  return suspicion === undefined || sameThreshold(suspicion, entry.suspicion);
}

/** The thresholds a batch's codes use so far, for {@link fitsBatch}. */
export function batchThresholds(entries: readonly ScanToRecord[]): Map<string, SuspicionThreshold> {
  return new Map(
    entries.map((entry) => [keyOf(entry.scan.tenantId, entry.scan.code), entry.suspicion]),
  );
}

/** Groups the entries by code, noting where each scan stands in its group. */
function groupByCode(entries: readonly ScanToRecord[]) {
  const groups = new Map<string, CodeGroup>();
  const positions: Position[] = [];
  entries.forEach(({ scan, suspicion }, index) => {
    const key = keyOf(scan.tenantId, scan.code);
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        tenantId: scan.tenantId,
        code: scan.code,
        suspicion,
        scans: [],
        visitors: new Map(),
        regions: [],
      };
      groups.set(key, group);
    } else if (!sameThreshold(group.suspicion, suspicion)) {
      throw new Error(`scans of code ${scan.code} in one batch must share their threshold`);
    }
    group.scans.push(index);
    const { visitorId, region } = scan;
    let visitorScans = 0;
    if (visitorId !== null) {
      visitorScans = (group.visitors.get(visitorId) ?? 0) + 1;
      group.visitors.set(visitorId, visitorScans);
    }
    const cap = suspicion.regions + 1;
    if (region !== null && group.regions.length < cap && !group.regions.includes(region)) {
      group.regions.push(region);
    }
    positions.push({
      visitors: group.visitors.size,
      regions: group.regions.length,
      visitorScans,
    });
  });
  return { groups: [...groups.values()], positions };
}

/** The statement's parameters: per code, per scan, per code and visitor, and the lock order. */
function parametersOf(
  entries: readonly ScanToRecord[],
  groups: readonly CodeGroup[],
  positions: readonly Position[],
): unknown[] {
  const first = (group: CodeGroup) => (entries[group.scans[0] as number] as ScanToRecord).scan;
  const codeRows = groups.map((group) => {
    const [firstVisitor = null, firstVisitorScans = 0] =
      group.visitors.entries().next().value ?? [];
    return {
      t: group.tenantId,
      c: group.code,
      k: group.scans.length,
      fa: first(group).scannedAt,
      fr: first(group).region,
      r: group.regions,
      nv: group.visitors.size,
      fv: firstVisitor,
      fk: firstVisitorScans,
      tv: group.suspicion.visitors,
      tr: group.suspicion.regions,
    };
  });
  const scanRows = entries.map(({ scan }, index) => ({
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
    nv: positions[index]?.visitors,
    nr: positions[index]?.regions,
  }));
  const visitorRows = groups.flatMap((group) => {
    const visitors = [...group.visitors];
    return visitors.map(([visitor, scans], ordinal) => ({
      t: group.tenantId,
      c: group.code,
      v: visitor,
      k: scans,
      o: ordinal + 1,
      fv: visitors[0]?.[0],
    }));
  });
  // Statistics rows are locked in key order, so two statements never wait for each other in turn.
  const locking = [...groups].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return [
    JSON.stringify(codeRows),
    locking.map((group) => group.tenantId),
    locking.map((group) => group.code),
    JSON.stringify(scanRows),
    JSON.stringify(visitorRows),
  ];
}

/**
 * Records scans of any number of codes in one statement and returns each
 * scan's statistics (its position counted: the k-th scan of a code in the
 * batch sees the count before the batch + k, the k-th of a visitor that
 * visitor's count before + k), or `null` for the scans of a code whose
 * first statistics row a concurrent writer inserted while this statement
 * ran: nothing of those scans was written, and they must be recorded again.
 * Scans of one code must share their threshold ({@link fitsBatch}).
 *
 * The statement, per code: locks the statistics row (reading its latest
 * version), or inserts it when there was none (`ON CONFLICT DO NOTHING`: a
 * row a concurrent transaction inserted first leaves the code for the
 * retry). Only for the codes it locked or inserted it then counts each
 * visitor's scans: the code's first visitor inline in its statistics row,
 * every other one in `onecode_scan_visitors` (an upsert), so visitor counts
 * change under their code's lock only, and the number of visitors new to
 * a code is exact; updates the statistics (count, distinct visitors,
 * regions merged up to the threshold + 1, first scan kept); and appends
 * the scans, each with its verdict turned `suspicious` when a `genuine`
 * scan's visitors or regions at its position pass the threshold. Rows of
 * two codes never depend on each other, so statements on disjoint codes run
 * in parallel without waiting, and two on one code serialise on its row.
 */
export async function writeScanBatch(
  run: StatementRunner,
  entries: readonly ScanToRecord[],
): Promise<Array<RecordedScanStats | null>> {
  const { groups, positions } = groupByCode(entries);
  const rows = await run<BeforeRow>(
    "onecode_scan_batch_v5",
    SCAN_BATCH_WRITE,
    parametersOf(entries, groups, positions),
  );
  const codes = new Map<string, BeforeRow>();
  const visitorsBefore = new Map<string, number>();
  for (const row of rows) {
    if (row.visitor_id === null) codes.set(keyOf(row.tenant_id, row.code), row);
    else
      visitorsBefore.set(keyOf(keyOf(row.tenant_id, row.code), row.visitor_id), Number(row.count));
  }
  const results: Array<RecordedScanStats | null> = entries.map(() => null);
  for (const group of groups) {
    const row = codes.get(group.key);
    if (!row) continue;
    const count = Number(row.count);
    const first = entries[group.scans[0] as number]?.scan as ScanRecord;
    const firstScannedAt =
      count > 0 && row.first_scanned_at !== null
        ? isoTimestamp(row.first_scanned_at)
        : isoTimestamp(first.scannedAt);
    const firstRegion = count > 0 ? row.first_region : first.region;
    // The batch's visitors in first-seen order: how many of the first n were new to the code.
    let fresh = 0;
    const freshUpTo = [0];
    for (const visitor of group.visitors.keys()) {
      if ((visitorsBefore.get(keyOf(group.key, visitor)) ?? 0) === 0) fresh++;
      freshUpTo.push(fresh);
    }
    const regionsBefore = new Set(row.regions ?? []);
    const cap = group.suspicion.regions + 1;
    group.scans.forEach((index, position) => {
      const { scan } = entries[index] as ScanToRecord;
      const at = positions[index] as Position;
      const regions = new Set(regionsBefore);
      for (const region of group.regions.slice(0, at.regions)) regions.add(region);
      results[index] = {
        count: count + position + 1,
        firstScannedAt,
        firstRegion,
        distinctVisitors: Number(row.visitor_count ?? 0) + (freshUpTo[at.visitors] ?? 0),
        distinctRegions: Math.min(cap, regions.size),
        visitorScans:
          scan.visitorId === null
            ? 0
            : (visitorsBefore.get(keyOf(group.key, scan.visitorId)) ?? 0) + at.visitorScans,
      };
    });
  }
  return results;
}
