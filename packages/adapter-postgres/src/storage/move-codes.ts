import type { CodeMove, MoveConditions, StockDocumentItem } from "@onecode/core";
import { type Selectable, sql } from "kysely";
import type { StockDocumentsTable } from "../trace-tables.js";
import { bumpStatusVersion } from "./code-lifecycle-repository.js";
import { stockDocumentFromRow } from "./distribution-row-mapping.js";
import { packageLock } from "./package-lock-key.js";
import { RollBack, type StatementScope } from "./statement-scope.js";

type Db = StatementScope["db"];

/** A run of serials of the moved package. */
interface Segment {
  readonly fromSerial: number;
  readonly toSerial: number;
}

/** The most codes one move may cover: a generation job's maximum (domain §1.4). */
const MAX_RANGE = 1_000_000;

function checkedSegments(item: StockDocumentItem, conditions: MoveConditions): readonly Segment[] {
  const segments = conditions.segments ?? [item.range];
  let count = 0;
  let previous = 0;
  for (const { fromSerial, toSerial } of segments) {
    if (!Number.isInteger(fromSerial) || fromSerial <= previous || toSerial < fromSerial) {
      throw new RangeError(
        `segments of package ${item.range.packageId} must be ascending, disjoint ranges from serial 1 up`,
      );
    }
    count += toSerial - fromSerial + 1;
    previous = toSerial;
  }
  if (count > MAX_RANGE) {
    throw new RangeError(`a move covers at most ${MAX_RANGE} codes, not ${count}`);
  }
  return segments;
}

/**
 * Moves serial segments of one package (`conditions.segments`, else the
 * item's range) from `expectedHolder` to `newHolder`, all or nothing, in
 * one short transaction (a savepoint inside the caller's):
 *
 * 1. lock the document (`document_not_open` unless it exists and is open)
 *    and take the package's aggregation lock shared: an unpack or re-pack
 *    of the package (which takes it exclusive) runs entirely before or
 *    after this move;
 * 2. check the conditions: the package's aggregation version
 *    (`aggregation_changed`) and active void or recall entries over the
 *    segments (`voided`), read after the lock;
 * 3. lock the enterprises whose held-code counts change, in id order;
 * 4. write the holdings, a segment at a time in serial order: codes entering
 *    circulation are inserted with `ON CONFLICT DO NOTHING` and every one
 *    must be inserted; codes already in circulation are updated `WHERE
 *    holder = expected` and every one must be updated. Otherwise the
 *    transaction is rolled back and `holder_mismatch` says how many did not
 *    match. Of two moves of one code, the second waits on the first's row
 *    locks and then finds the rows moved (or inserted): exactly one succeeds;
 * 5. in one statement, record an item per segment, grow the document's
 *    `codeCount` and move the held-code counts; for a destruction, record
 *    a destroyed entry per segment and raise the package's status version.
 */
export function moveCodes(
  scope: StatementScope,
  tenantId: string,
  item: StockDocumentItem,
  expectedHolder: string | null | undefined,
  newHolder: string | null,
  conditions: MoveConditions = {},
): Promise<CodeMove> {
  const segments = checkedSegments(item, conditions);
  const { packageId } = item.range;
  const count = segments.reduce((sum, s) => sum + s.toSerial - s.fromSerial + 1, 0);
  return scope.atomic(async (db): Promise<CodeMove> => {
    const open = await db
      .selectFrom("onecode_stock_documents")
      .select(["status", packageLock("shared", tenantId, packageId).as("package_lock")])
      .where("tenant_id", "=", tenantId)
      .where("id", "=", item.documentId)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (open?.status !== "open") return { outcome: "document_not_open" };

    const refused = await checkConditions(db, tenantId, packageId, segments, conditions);
    if (refused) return refused;

    const holders = [expectedHolder, newHolder].filter(
      (id, index, all): id is string => typeof id === "string" && all.indexOf(id) === index,
    );
    await lockHolders(db, tenantId, holders.sort());

    let moved = 0;
    for (const segment of segments) {
      moved +=
        expectedHolder === undefined
          ? await enterCirculation(db, tenantId, item, segment, newHolder)
          : await changeHolder(db, tenantId, item, segment, expectedHolder, newHolder);
    }
    if (moved !== count) {
      throw new RollBack<CodeMove>({ outcome: "holder_mismatch", mismatched: count - moved });
    }

    const document = await recordItems(
      db,
      tenantId,
      item,
      segments,
      count,
      expectedHolder,
      newHolder,
    );
    if (conditions.destroys) {
      await recordDestruction(db, tenantId, item, segments, conditions.destroys.entryIds);
    }
    return { outcome: "moved", count, document: stockDocumentFromRow(document) };
  });
}

/** `aggregation_changed` or `voided` when a condition fails, else `null`; one statement. */
async function checkConditions(
  db: Db,
  tenantId: string,
  packageId: string,
  segments: readonly Segment[],
  conditions: MoveConditions,
): Promise<CodeMove | null> {
  const { aggregationVersion, refuseVoided } = conditions;
  if (aggregationVersion === undefined && !refuseVoided) return null;
  const { rows } = await sql<{ version: string | number | null; voided: string | null }>`
    SELECT
      (SELECT aggregation_version FROM onecode_code_package_versions
        WHERE tenant_id = ${tenantId} AND package_id = ${packageId}) AS version,
      CASE WHEN ${refuseVoided === true} THEN (
        SELECT e.id FROM onecode_code_lifecycle_entries e
        JOIN unnest(${segments.map((s) => s.fromSerial)}::int[], ${segments.map((s) => s.toSerial)}::int[])
          AS seg(f, t) ON e.from_serial <= seg.t AND e.to_serial >= seg.f
        WHERE e.tenant_id = ${tenantId} AND e.package_id = ${packageId}
          AND e.restored_at IS NULL AND e.kind <> 'destroyed'
        ORDER BY e.id DESC LIMIT 1
      ) END AS voided
  `.execute(db);
  const version = Number(rows[0]?.version ?? 0);
  if (aggregationVersion !== undefined && version !== aggregationVersion) {
    return { outcome: "aggregation_changed", version };
  }
  const voided = rows[0]?.voided ?? null;
  return voided === null ? null : { outcome: "voided", entryId: voided };
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

/** Inserts a holding for every serial of the segment; returns how many were new. */
async function enterCirculation(
  db: Db,
  tenantId: string,
  item: StockDocumentItem,
  { fromSerial, toSerial }: Segment,
  newHolder: string | null,
): Promise<number> {
  const result = await sql`
    INSERT INTO onecode_code_holdings (since, serial, tenant_id, package_id, holder_id, document_id)
    SELECT ${item.scannedAt}::timestamptz, s, ${tenantId}::text, ${item.range.packageId}::text,
      ${newHolder}::text, ${item.documentId}::text
    FROM generate_series(${fromSerial}::int, ${toSerial}::int) AS s
    ON CONFLICT (tenant_id, package_id, serial) DO NOTHING
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Moves every holding of the segment held by `expected`; returns how many it moved. */
async function changeHolder(
  db: Db,
  tenantId: string,
  item: StockDocumentItem,
  { fromSerial, toSerial }: Segment,
  expected: string | null,
  newHolder: string | null,
): Promise<number> {
  // A range scan of the primary key, in serial order: concurrent moves lock rows in the same order.
  const result = await sql`
    UPDATE onecode_code_holdings
    SET holder_id = ${newHolder}::text, document_id = ${item.documentId}::text,
      since = ${item.scannedAt}::timestamptz
    WHERE tenant_id = ${tenantId} AND package_id = ${item.range.packageId}
      AND serial BETWEEN ${fromSerial}::int AND ${toSerial}::int
      AND holder_id IS NOT DISTINCT FROM ${expected}::text
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** One statement: an item per segment (in order), the document's count and time, the held-code counts. */
async function recordItems(
  db: Db,
  tenantId: string,
  item: StockDocumentItem,
  segments: readonly Segment[],
  count: number,
  expectedHolder: string | null | undefined,
  newHolder: string | null,
): Promise<Selectable<StockDocumentsTable>> {
  const from = typeof expectedHolder === "string" ? expectedHolder : null;
  const { rows } = await sql<Selectable<StockDocumentsTable>>`
    WITH item AS (
      INSERT INTO onecode_stock_document_items (
        tenant_id, document_id, package_id, from_serial, to_serial, code, scanned_by, scanned_at
      )
      SELECT ${tenantId}, ${item.documentId}, ${item.range.packageId}, seg.f, seg.t,
        ${item.code}, ${item.scannedBy}, ${item.scannedAt}::timestamptz
      FROM unnest(${segments.map((s) => s.fromSerial)}::int[], ${segments.map((s) => s.toSerial)}::int[])
        WITH ORDINALITY AS seg(f, t, n)
      ORDER BY seg.n
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

/** A destroyed entry per segment, and the package's status version raised. */
async function recordDestruction(
  db: Db,
  tenantId: string,
  item: StockDocumentItem,
  segments: readonly Segment[],
  entryIds: readonly string[],
): Promise<void> {
  if (entryIds.length !== segments.length) {
    throw new RangeError(`a destruction needs one entry id per segment (${segments.length})`);
  }
  await sql`
    INSERT INTO onecode_code_lifecycle_entries (
      tenant_id, id, kind, reason, note, consumer_message, package_id, from_serial, to_serial,
      code, document_id, created_by, created_at
    )
    SELECT ${tenantId}, seg.id, 'destroyed', NULL, '', NULL, ${item.range.packageId}, seg.f, seg.t,
      ${item.code}, ${item.documentId}, ${item.scannedBy}, ${item.scannedAt}::timestamptz
    FROM unnest(${[...entryIds]}::text[], ${segments.map((s) => s.fromSerial)}::int[],
      ${segments.map((s) => s.toSerial)}::int[]) AS seg(id, f, t)
  `.execute(db);
  await bumpStatusVersion(db, tenantId, item.range.packageId);
}
