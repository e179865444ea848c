import type { CodeHolding, CodeRecord, StockItemWithDocument } from "@onecode/core";
import { type Kysely, type Selectable, sql } from "kysely";
import type { CodesTable, OneCodeDatabase } from "../database.js";
import type { StockDocumentsTable } from "../trace-tables.js";
import { codeFromRow } from "./codes-row-mapping.js";
import {
  holdingFromRow,
  type StockItemColumns,
  stockDocumentFromRow,
  stockItemFromRow,
} from "./distribution-row-mapping.js";
import { ReadBatcher } from "./read-batcher.js";
import type { StatementRunner } from "./statement-runner.js";

/** A code in a package: what the stock look-ups of a scan are keyed by. */
export interface PackageSerial {
  readonly tenantId: string;
  readonly packageId: string;
  readonly serial: number;
}

/**
 * The look-ups every consumer scan makes that are not cached in hot state,
 * each batched per event-loop turn into one statement (see
 * {@link ReadBatcher}): the code's record, its package's batch, its holder
 * and the stock items covering it. Each statement joins an `unnest` of the
 * keys to the table's key or covering index, so one batch costs one index
 * probe per key, and is prepared once per pooled connection.
 */
export interface HotReads {
  findCode(tenantId: string, code: string): Promise<CodeRecord | null>;
  batchOfPackage(tenantId: string, packageId: string): Promise<string | null>;
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

type DocumentColumns = Selectable<StockDocumentsTable>;

/** The hot look-ups over `db`, their statements run by `run`. */
export function hotReads(db: Kysely<OneCodeDatabase>, run: StatementRunner): HotReads {
  const codes = new ReadBatcher<{ tenantId: string; code: string }, CodeRecord | null>(
    async (keys) => {
      const query = sql<Numbered<Selectable<CodesTable>>>`
        SELECT k.n, c.serial, c.parent_serial, c.level, c.tenant_id, c.code, c.package_id, c.url
        FROM unnest(${keys.map((k) => k.tenantId)}::text[], ${keys.map((k) => k.code)}::text[])
          WITH ORDINALITY AS k(tenant_id, code, n)
        JOIN onecode_codes c ON c.tenant_id = k.tenant_id AND c.code = k.code
      `.compile(db);
      const rows = await run<Numbered<Selectable<CodesTable>>>("onecode_hot_codes_v1", query);
      return byPosition(keys.length, rows, codeFromRow).map((found) => found[0] ?? null);
    },
  );

  const bindings = new ReadBatcher<{ tenantId: string; packageId: string }, string | null>(
    async (keys) => {
      const query = sql<Numbered<{ batch_id: string }>>`
        SELECT k.n, b.batch_id
        FROM unnest(${keys.map((k) => k.tenantId)}::text[], ${keys.map((k) => k.packageId)}::text[])
          WITH ORDINALITY AS k(tenant_id, package_id, n)
        JOIN onecode_trace_batch_packages b
          ON b.tenant_id = k.tenant_id AND b.package_id = k.package_id
      `.compile(db);
      const rows = await run<Numbered<{ batch_id: string }>>("onecode_hot_bindings_v1", query);
      return byPosition(keys.length, rows, (row) => row.batch_id).map((found) => found[0] ?? null);
    },
  );

  const keyArrays = (keys: readonly PackageSerial[]) => [
    keys.map((k) => k.tenantId),
    keys.map((k) => k.packageId),
    keys.map((k) => k.serial),
  ];

  const holders = new ReadBatcher<PackageSerial, CodeHolding | null>(async (keys) => {
    const [tenants, packages, serials] = keyArrays(keys);
    const query = sql<Numbered<{ holder_id: string | null; document_id: string; since: Date }>>`
      SELECT k.n, h.holder_id, h.document_id, h.since
      FROM unnest(${tenants}::text[], ${packages}::text[], ${serials}::int[])
        WITH ORDINALITY AS k(tenant_id, package_id, serial, n)
      JOIN onecode_code_holdings h
        ON h.tenant_id = k.tenant_id AND h.package_id = k.package_id AND h.serial = k.serial
    `.compile(db);
    const rows = await run<
      Numbered<{ holder_id: string | null; document_id: string; since: Date }>
    >("onecode_hot_holders_v1", query);
    return byPosition(keys.length, rows, holdingFromRow).map((found) => found[0] ?? null);
  });

  type ItemRow = Omit<StockItemColumns, "tenant_id"> & DocumentColumns;
  const items = new ReadBatcher<PackageSerial, StockItemWithDocument[]>(async (keys) => {
    const [tenants, packages, serials] = keyArrays(keys);
    // Per key, a range scan of onecode_stock_document_items_package_idx, as itemsForCode.
    const query = sql<Numbered<ItemRow>>`
      SELECT k.n, i.document_id, i.package_id, i.from_serial, i.to_serial, i.code, i.scanned_by,
        i.scanned_at, d.tenant_id, d.id, d.number, d.outbound_type, d.inbound_type,
        d.from_enterprise_id, d.to_enterprise_id, d.consumer_visible, d.custom_fields, d.status,
        d.code_count, d.created_by, d.created_at, d.updated_at
      FROM unnest(${tenants}::text[], ${packages}::text[], ${serials}::int[])
        WITH ORDINALITY AS k(tenant_id, package_id, serial, n)
      JOIN onecode_stock_document_items i
        ON i.tenant_id = k.tenant_id AND i.package_id = k.package_id
          AND i.from_serial <= k.serial AND i.to_serial >= k.serial
      JOIN onecode_stock_documents d ON d.tenant_id = i.tenant_id AND d.id = i.document_id
      ORDER BY k.n, i.position
    `.compile(db);
    const rows = await run<Numbered<ItemRow>>("onecode_hot_items_v1", query);
    return byPosition(keys.length, rows, (row) => ({
      item: stockItemFromRow(row),
      document: stockDocumentFromRow(row),
    }));
  });

  return {
    findCode: (tenantId, code) => codes.load({ tenantId, code }),
    batchOfPackage: (tenantId, packageId) => bindings.load({ tenantId, packageId }),
    holderOf: (key) => holders.load(key),
    itemsForCode: (key) => items.load(key),
  };
}
