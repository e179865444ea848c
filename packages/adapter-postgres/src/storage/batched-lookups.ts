import type { CodeHolding, CodeLocation, CodeRecord, StockItemWithDocument } from "@onecode/core";
import type { Selectable } from "kysely";
import type { CodesTable } from "../database.js";
import type { StockDocumentsTable } from "../trace-tables.js";
import { codeFromRow } from "./codes-row-mapping.js";
import {
  holdingFromRow,
  type StockItemColumns,
  stockDocumentFromRow,
  stockItemFromRow,
} from "./distribution-row-mapping.js";
import {
  type CodeStatusColumns,
  codeStatusFromRow,
  codeStatusLateral,
} from "./lifecycle-row-mapping.js";
import { ReadBatcher } from "./read-batcher.js";
import type { StatementRunner } from "./statement-runner.js";

/** A code in a package: what the stock look-ups of a scan are keyed by. */
export interface PackageSerial {
  readonly tenantId: string;
  readonly packageId: string;
  readonly serial: number;
}

/**
 * The look-ups consumer scans make that are not cached in hot state, each
 * batched per event-loop turn into one statement (see {@link ReadBatcher}):
 * where a code not seen before sits (its package, serial and bound batch),
 * a code's holder with the stock items covering it, and a code's record
 * (also looked up by operators' stock scans). Each statement probes the
 * table's key or covering index once per key of an `unnest`; on a scan
 * statement pool it is prepared once per connection.
 */
export interface BatchedLookups {
  findCode(tenantId: string, code: string): Promise<CodeRecord | null>;
  locateCode(tenantId: string, code: string): Promise<CodeLocation | null>;
  holderOf(key: PackageSerial): Promise<CodeHolding | null>;
  itemsForCode(key: PackageSerial): Promise<StockItemWithDocument[]>;
}

/** Rows of a batched look-up name the key they answer by its 1-based position. */
type Numbered<T> = T & { readonly n: string | number | bigint };

/** Spreads rows over the keys they answer, in key order. */
function byPosition<T, V>(count: number, rows: readonly Numbered<T>[], map: (row: T) => V): V[][] {
  const answers: V[][] = Array.from({ length: count }, () => []);
  for (const row of rows) answers[Number(row.n) - 1]?.push(map(row));
  return answers;
}

// Each key probes its table through a LATERAL subquery with LIMIT (which the planner cannot
// flatten into a join): a generic plan made while the table was empty still probes the index.
const CODES_SQL = `
  SELECT k.n, c.serial, c.parent_serial, c.level, c.tenant_id, c.code, c.package_id, c.url
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(tenant_id, code, n)
  CROSS JOIN LATERAL (
    SELECT * FROM onecode_codes c WHERE c.tenant_id = k.tenant_id AND c.code = k.code LIMIT 1
  ) c`;

// A code, its package's binding, and its lifecycle status with the package's status version
// (one snapshot, so the two agree), for a scan of a code not seen before.
const LOCATE_SQL = `
  SELECT k.n, c.package_id, c.serial, b.batch_id, v.status_version, s.*
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(tenant_id, code, n)
  CROSS JOIN LATERAL (
    SELECT c.package_id, c.serial FROM onecode_codes c
    WHERE c.tenant_id = k.tenant_id AND c.code = k.code LIMIT 1
  ) c
  LEFT JOIN LATERAL (
    SELECT b.batch_id FROM onecode_trace_batch_packages b
    WHERE b.tenant_id = k.tenant_id AND b.package_id = c.package_id LIMIT 1
  ) b ON true
  LEFT JOIN LATERAL (
    SELECT v.status_version FROM onecode_code_package_versions v
    WHERE v.tenant_id = k.tenant_id AND v.package_id = c.package_id LIMIT 1
  ) v ON true
  ${codeStatusLateral("k.tenant_id", "c.package_id", "c.serial", "v.status_version")}`;

/**
 * A code's holding and the items covering it, in one statement: a stock
 * move writes a code's holding and its item in one transaction and never
 * deletes either, so a code without a holding has no items, and the items'
 * range scan (of `onecode_stock_document_items_package_idx`) runs only for
 * codes that have one. A holding with n items comes back as n rows; with
 * none, as one row of NULL items.
 */
const HOLDINGS_SQL = `
  SELECT k.n, h.holder_id, h.document_id AS holding_document_id, h.since,
    i.document_id, i.package_id, i.from_serial, i.to_serial, i.code, i.scanned_by, i.scanned_at,
    d.tenant_id, d.id, d.number, d.outbound_type, d.inbound_type, d.from_enterprise_id,
    d.to_enterprise_id, d.consumer_visible, d.custom_fields, d.status, d.code_count,
    d.created_by, d.created_at, d.updated_at
  FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS k(tenant_id, package_id, serial, n)
  CROSS JOIN LATERAL (
    SELECT * FROM onecode_code_holdings h
    WHERE h.tenant_id = k.tenant_id AND h.package_id = k.package_id AND h.serial = k.serial
    LIMIT 1
  ) h
  LEFT JOIN LATERAL (
    -- OFFSET 0 keeps the subquery a per-holding index range scan (it is never flattened).
    SELECT * FROM onecode_stock_document_items i
    WHERE i.tenant_id = h.tenant_id AND i.package_id = h.package_id
      AND i.from_serial <= h.serial AND i.to_serial >= h.serial
    OFFSET 0
  ) i ON true
  LEFT JOIN LATERAL (
    SELECT * FROM onecode_stock_documents d
    WHERE d.tenant_id = i.tenant_id AND d.id = i.document_id LIMIT 1
  ) d ON true
  ORDER BY k.n, i.position`;

/** A row of {@link LOCATE_SQL}. */
export type LocationRow = CodeStatusColumns & {
  package_id: string;
  serial: number;
  batch_id: string | null;
  status_version: string | number | bigint | null;
};

/** The location a row of {@link LOCATE_SQL} (or the same columns) describes. */
export function locationFromRow(row: LocationRow): CodeLocation {
  return {
    packageId: row.package_id,
    serial: row.serial,
    batchId: row.batch_id,
    status: codeStatusFromRow(row),
    statusVersion: Number(row.status_version ?? 0),
  };
}

type HoldingRow = Numbered<
  { holder_id: string | null; holding_document_id: string; since: Date } & (
    | (Omit<StockItemColumns, "tenant_id"> & Selectable<StockDocumentsTable>)
    | { document_id: null }
  )
>;

/** A code's holding and the items covering it, oldest first. */
interface Holding {
  readonly holding: CodeHolding | null;
  readonly items: readonly StockItemWithDocument[];
}

const NO_HOLDING: Holding = { holding: null, items: [] };

/** The batched look-ups of the scan path, their statements run by `run`. */
export function batchedLookups(run: StatementRunner): BatchedLookups {
  const codes = new ReadBatcher<{ tenantId: string; code: string }, CodeRecord | null>(
    async (keys) => {
      const rows = await run<Numbered<Selectable<CodesTable>>>(
        "onecode_lookup_codes_v3",
        CODES_SQL,
        [keys.map((k) => k.tenantId), keys.map((k) => k.code)],
      );
      return byPosition(keys.length, rows, codeFromRow).map((found) => found[0] ?? null);
    },
  );

  const locations = new ReadBatcher<{ tenantId: string; code: string }, CodeLocation | null>(
    async (keys) => {
      const rows = await run<Numbered<LocationRow>>("onecode_lookup_locate_v3", LOCATE_SQL, [
        keys.map((k) => k.tenantId),
        keys.map((k) => k.code),
      ]);
      return byPosition(keys.length, rows, locationFromRow).map((found) => found[0] ?? null);
    },
  );

  // holderOf and itemsForCode of one scan are asked in the same turn: one position answers both.
  const holdings = new ReadBatcher<PackageSerial, Holding>(
    async (keys) => {
      const rows = await run<HoldingRow>("onecode_lookup_holdings_v3", HOLDINGS_SQL, [
        keys.map((k) => k.tenantId),
        keys.map((k) => k.packageId),
        keys.map((k) => k.serial),
      ]);
      const answers: Holding[] = keys.map(() => NO_HOLDING);
      for (const row of rows) {
        const index = Number(row.n) - 1;
        let answer = answers[index] as Holding;
        if (answer === NO_HOLDING) {
          const holding = holdingFromRow({ ...row, document_id: row.holding_document_id });
          answer = { holding, items: [] };
          answers[index] = answer;
        }
        if (row.document_id !== null) {
          (answer.items as StockItemWithDocument[]).push({
            item: stockItemFromRow(row),
            document: stockDocumentFromRow(row),
          });
        }
      }
      return answers;
    },
    256,
    (key) => `${key.tenantId}\u0000${key.packageId}\u0000${key.serial}`,
  );

  return {
    findCode: (tenantId, code) => codes.load({ tenantId, code }),
    locateCode: (tenantId, code) => locations.load({ tenantId, code }),
    holderOf: async (key) => (await holdings.load(key)).holding,
    // A copy: callers sharing one answer must not see each other's changes to it.
    itemsForCode: async (key) => [...(await holdings.load(key)).items],
  };
}
