import type { ScanRecord, ScanStats, ScanTallyCaps } from "@onecode/core";
import { sql } from "kysely";
import { isoTimestamp } from "./row-mapping.js";
import { verdictNumber } from "./scan-row-mapping.js";
import type { StatementRunner } from "./statement-runner.js";
import type { StatementScope } from "./statement-scope.js";

type Db = StatementScope["db"];

/** The name the batch write is prepared under (its SQL text never changes). */
const STATEMENT = "onecode_scan_batch_v2";

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

function capCheck(caps: ScanTallyCaps): void {
  for (const cap of [caps.visitors, caps.regions]) {
    if (!Number.isSafeInteger(cap) || cap < 1 || cap > 10_000) {
      throw new RangeError(`scan tally caps must be integers from 1 to 10000, got ${cap}`);
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
  db: Db,
  run: StatementRunner,
  entries: readonly ScanToRecord[],
): Promise<Array<ScanStats | null>> {
  const groups = new Map<string, CodeGroup>();
  /** Per scan: the distinct visitors / regions of its code in the batch up to and including it. */
  const prefixes: Array<{ visitors: string[]; regions: string[] }> = [];
  entries.forEach(({ scan, caps }, index) => {
    capCheck(caps);
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

  const groupRows = [...groups.values()].map((group) => {
    const first = entries[group.scans[0] as number]?.scan as ScanRecord;
    return {
      t: group.tenantId,
      c: group.code,
      k: group.scans.length,
      fa: first.scannedAt,
      fr: first.region,
      v: group.visitors,
      r: group.regions,
      cv: group.caps.visitors,
      cr: group.caps.regions,
    };
  });
  const scanRows = entries.map(({ scan, caps }, index) => ({
    t: scan.tenantId,
    c: scan.code,
    id: scan.id,
    at: scan.scannedAt,
    region: scan.region,
    visitor: scan.visitorId,
    user: scan.userId,
    verdict: verdictNumber(scan.verdict),
    pv: prefixes[index]?.visitors,
    pr: prefixes[index]?.regions,
    cv: caps.visitors,
    cr: caps.regions,
  }));

  const tenants = groupRows.map((group) => group.t);
  const codes = groupRows.map((group) => group.c);
  const statement = sql<StatsBefore>`
    WITH g AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(groupRows)}::jsonb) AS g(
        t text, c text, k int, fa timestamptz, fr text, v text[], r text[], cv int, cr int
      )
    ), locked AS (
      -- One probe of the key per code, whatever the planner guesses of the batch's size (a
      -- prepared statement's generic plan does not know it); two ANY() conditions would
      -- probe by tenant alone and read every row of the tenant.
      SELECT s.tenant_id, s.code, s.count, s.first_scanned_at, s.first_region, s.visitors, s.regions
      FROM unnest(${tenants}::text[], ${codes}::text[]) AS k(tenant_id, code)
      JOIN onecode_scan_stats s ON s.tenant_id = k.tenant_id AND s.code = k.code
      FOR UPDATE OF s
    ), updated AS (
      UPDATE onecode_scan_stats s
      SET
        count = o.count + g.k,
        visitors = o.visitors || ARRAY(
          SELECT u.x FROM unnest(g.v) WITH ORDINALITY AS u(x, n)
          WHERE u.x <> ALL(o.visitors) ORDER BY u.n
          LIMIT greatest(g.cv - cardinality(o.visitors), 0)
        ),
        regions = o.regions || ARRAY(
          SELECT u.x FROM unnest(g.r) WITH ORDINALITY AS u(x, n)
          WHERE u.x <> ALL(o.regions) ORDER BY u.n
          LIMIT greatest(g.cr - cardinality(o.regions), 0)
        )
      FROM locked o JOIN g ON g.t = o.tenant_id AND g.c = o.code
      WHERE s.tenant_id = o.tenant_id AND s.code = o.code
      RETURNING o.tenant_id, o.code, o.count, o.first_scanned_at, o.first_region, o.visitors,
        o.regions
    ), inserted AS (
      INSERT INTO onecode_scan_stats (
        first_scanned_at, count, tenant_id, code, first_region, visitors, regions
      )
      SELECT g.fa, g.k, g.t, g.c, g.fr, g.v, g.r FROM g
      WHERE NOT EXISTS (SELECT 1 FROM locked o WHERE o.tenant_id = g.t AND o.code = g.c)
      ON CONFLICT (tenant_id, code) DO NOTHING
      RETURNING tenant_id, code
    ), handled AS (
      SELECT tenant_id, code, count, first_scanned_at, first_region, visitors, regions FROM updated
      UNION ALL
      SELECT tenant_id, code, 0, NULL, NULL, '{}'::text[], '{}'::text[] FROM inserted
    ), recorded AS (
      INSERT INTO onecode_scans (
        scanned_at, verdict, tenant_id, code, id, region, visitor_id, user_id
      )
      SELECT
        x.at,
        CASE WHEN x.verdict = 0 AND (
          cardinality(h.visitors)
            + (SELECT count(*) FROM unnest(x.pv) AS y WHERE y <> ALL(h.visitors)) >= x.cv
          OR cardinality(h.regions)
            + (SELECT count(*) FROM unnest(x.pr) AS y WHERE y <> ALL(h.regions)) >= x.cr
        ) THEN 3 ELSE x.verdict END,
        x.t, x.c, x.id, x.region, x.visitor, x.user
      FROM jsonb_to_recordset(${JSON.stringify(scanRows)}::jsonb) AS x(
        t text, c text, id text, at timestamptz, region text, visitor text, "user" text,
        verdict smallint, pv text[], pr text[], cv int, cr int
      )
      JOIN handled h ON h.tenant_id = x.t AND h.code = x.c
      RETURNING 1
    )
    -- recorded runs to completion although nothing reads it, as every data-modifying WITH does.
    SELECT * FROM handled
  `;
  const rows = await run<StatsBefore>(STATEMENT, statement.compile(db));

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
