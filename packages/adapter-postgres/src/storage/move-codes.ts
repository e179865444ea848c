import type { CodeMove, StockDocumentItem } from "@onecode/core";
import { type Selectable, sql } from "kysely";
import type { StockDocumentsTable } from "../trace-tables.js";
import { stockDocumentFromRow } from "./distribution-row-mapping.js";
import { RollBack, type StatementScope } from "./statement-scope.js";

type Db = StatementScope["db"];

/** The most codes one move may cover: a generation job's maximum (domain §1.4). */
const MAX_RANGE = 1_000_000;

/**
 * Moves a serial range of codes from `expectedHolder` to `newHolder`, all or
 * nothing, in one short transaction (a savepoint inside the caller's):
 *
 * 1. lock the document (`document_not_open` unless it exists and is open);
 *    a close waits for the move, or the move sees it closed;
 * 2. lock the enterprises whose held-code counts change, in id order;
 * 3. write the holdings in one statement: codes entering circulation are
 *    inserted with `ON CONFLICT DO NOTHING` and every one must be inserted;
 *    codes already in circulation are updated `WHERE holder = expected` and
 *    every one must be updated. Otherwise the transaction is rolled back
 *    and `holder_mismatch` says how many did not match. Of two moves of one
 *    range, the second waits on the first's row locks and then finds the
 *    rows moved (or inserted): exactly one succeeds;
 * 4. in one statement, record the item, grow the document's `codeCount`
 *    and move the held-code counts.
 */
export function moveCodes(
  scope: StatementScope,
  tenantId: string,
  item: StockDocumentItem,
  expectedHolder: string | null | undefined,
  newHolder: string | null,
): Promise<CodeMove> {
  const { packageId, fromSerial, toSerial } = item.range;
  const count = toSerial - fromSerial + 1;
  if (!Number.isInteger(fromSerial) || fromSerial < 1 || count < 1 || count > MAX_RANGE) {
    throw new RangeError(
      `range ${fromSerial}..${toSerial} of package ${packageId} must be 1 to ${MAX_RANGE} serials from 1 up`,
    );
  }
  return scope.atomic(async (db): Promise<CodeMove> => {
    const open = await db
      .selectFrom("onecode_stock_documents")
      .select("status")
      .where("tenant_id", "=", tenantId)
      .where("id", "=", item.documentId)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (open?.status !== "open") return { outcome: "document_not_open" };

    const holders = [expectedHolder, newHolder].filter(
      (id, index, all): id is string => typeof id === "string" && all.indexOf(id) === index,
    );
    await lockHolders(db, tenantId, holders.sort());

    const moved =
      expectedHolder === undefined
        ? await enterCirculation(db, tenantId, item, newHolder)
        : await changeHolder(db, tenantId, item, expectedHolder, newHolder);
    if (moved !== count) {
      throw new RollBack<CodeMove>({ outcome: "holder_mismatch", mismatched: count - moved });
    }

    const document = await recordItem(db, tenantId, item, count, expectedHolder, newHolder);
    return { outcome: "moved", count, document: stockDocumentFromRow(document) };
  });
}

async function lockHolders(db: Db, tenantId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom("onecode_enterprises")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("id", "in", ids)
    .orderBy("id")
    .forNoKeyUpdate()
    .execute();
  if (rows.length !== ids.length) {
    const found = new Set(rows.map((row) => row.id));
    const missing = ids.filter((id) => !found.has(id));
    throw new Error(`stock move names enterprises that do not exist: ${missing.join(", ")}`);
  }
}

/** Inserts a holding for every serial of the range; returns how many were new. */
async function enterCirculation(
  db: Db,
  tenantId: string,
  item: StockDocumentItem,
  newHolder: string | null,
): Promise<number> {
  const { packageId, fromSerial, toSerial } = item.range;
  const result = await sql`
    INSERT INTO onecode_code_holdings (since, serial, tenant_id, package_id, holder_id, document_id)
    SELECT ${item.scannedAt}::timestamptz, s, ${tenantId}::text, ${packageId}::text,
      ${newHolder}::text, ${item.documentId}::text
    FROM generate_series(${fromSerial}::int, ${toSerial}::int) AS s
    ON CONFLICT (tenant_id, package_id, serial) DO NOTHING
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Moves every holding of the range held by `expected`; returns how many it moved. */
async function changeHolder(
  db: Db,
  tenantId: string,
  item: StockDocumentItem,
  expected: string | null,
  newHolder: string | null,
): Promise<number> {
  const { packageId, fromSerial, toSerial } = item.range;
  // A range scan of the primary key, in serial order: concurrent moves lock rows in the same order.
  const result = await sql`
    UPDATE onecode_code_holdings
    SET holder_id = ${newHolder}::text, document_id = ${item.documentId}::text,
      since = ${item.scannedAt}::timestamptz
    WHERE tenant_id = ${tenantId} AND package_id = ${packageId}
      AND serial BETWEEN ${fromSerial}::int AND ${toSerial}::int
      AND holder_id IS NOT DISTINCT FROM ${expected}::text
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** One statement: the item, the document's count and time, the held-code counts. */
async function recordItem(
  db: Db,
  tenantId: string,
  item: StockDocumentItem,
  count: number,
  expectedHolder: string | null | undefined,
  newHolder: string | null,
): Promise<Selectable<StockDocumentsTable>> {
  const { packageId, fromSerial, toSerial } = item.range;
  const from = typeof expectedHolder === "string" ? expectedHolder : null;
  const { rows } = await sql<Selectable<StockDocumentsTable>>`
    WITH item AS (
      INSERT INTO onecode_stock_document_items (
        tenant_id, document_id, package_id, from_serial, to_serial, code, scanned_by, scanned_at
      ) VALUES (
        ${tenantId}, ${item.documentId}, ${packageId}, ${fromSerial}::int, ${toSerial}::int,
        ${item.code}, ${item.scannedBy}, ${item.scannedAt}::timestamptz
      )
      RETURNING 1
    ), held AS (
      UPDATE onecode_enterprises
      SET held_code_count = held_code_count
        + CASE WHEN id = ${newHolder}::text THEN ${count}::bigint ELSE 0 END
        - CASE WHEN id = ${from}::text THEN ${count}::bigint ELSE 0 END
      WHERE tenant_id = ${tenantId} AND id IN (${newHolder}::text, ${from}::text)
      RETURNING 1
    )
    UPDATE onecode_stock_documents
    SET code_count = code_count + ${count}::bigint, updated_at = ${item.scannedAt}::timestamptz
    WHERE tenant_id = ${tenantId} AND id = ${item.documentId}
    RETURNING *
  `.execute(db);
  const row = rows[0];
  if (!row) throw new Error(`stock document ${item.documentId} vanished while locked`);
  return row;
}
