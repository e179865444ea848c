import type { ChunkWrite, CodeChunk, CodePackageStatus } from "@onecode/core";
import { sql } from "kysely";
import { levelNumber } from "./codes-row-mapping.js";
import { DEADLOCK_DETECTED, UNIQUE_VIOLATION } from "./sql-errors.js";
import type { StatementScope } from "./statement-scope.js";

/** The primary key that makes codes unique per tenant (migration 0003). */
export const CODES_PRIMARY_KEY = "onecode_codes_pkey";

/**
 * Checks what `CodeChunk` promises: rows of this package with consecutive
 * serials from `fromSerial`. A broken chunk is a caller bug, so it throws
 * before anything is written.
 */
export function checkChunk(tenantId: string, packageId: string, chunk: CodeChunk): void {
  if (!Number.isSafeInteger(chunk.fromSerial) || chunk.fromSerial < 1) {
    throw new RangeError(`chunk of package ${packageId}: fromSerial must be a positive integer`);
  }
  const { rows, fromSerial } = chunk;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (
      row?.serial !== fromSerial + i ||
      row.tenantId !== tenantId ||
      row.packageId !== packageId
    ) {
      throw new RangeError(
        `chunk of package ${packageId}: row ${i} must have serial ${fromSerial + i} and belong to the package`,
      );
    }
  }
}

/**
 * The `conflict` outcome: the codes found in storage, plus any code the chunk
 * itself repeats (which the unique key also refuses), in chunk order.
 */
export function conflictOutcome(existing: readonly string[], chunk: CodeChunk): ChunkWrite {
  const conflicting = new Set(existing);
  const seen = new Set<string>();
  for (const row of chunk.rows) {
    if (seen.has(row.code)) conflicting.add(row.code);
    seen.add(row.code);
  }
  const codes = chunk.rows.map((row) => row.code).filter((code) => conflicting.delete(code));
  return { outcome: "conflict", codes };
}

/**
 * Why a chunk ending at serial `done` was refused without writing, from the
 * package's latest committed state. Progress is only advanced within
 * `total`, so a chunk refused by a running package at the right place runs
 * past the end: a caller bug, thrown.
 */
export function refusalOutcome(
  packageId: string,
  chunk: CodeChunk,
  row: { readonly done: number; readonly status: string; readonly total: number } | undefined,
): ChunkWrite {
  if (!row) return { outcome: "not_found" };
  const done = chunk.fromSerial - 1 + chunk.rows.length;
  if (row.status === "running" && row.done === chunk.fromSerial - 1 && done > row.total) {
    throw new RangeError(
      `chunk of package ${packageId} ends at serial ${done}, past its total ${row.total}`,
    );
  }
  return { outcome: "out_of_order", done: row.done, status: row.status as CodePackageStatus };
}

/** SQL errors after which a chunk is reported as a conflict (nothing was written). */
const CONFLICT_ERRORS = [UNIQUE_VIOLATION, DEADLOCK_DETECTED];

/**
 * The chunk write without `COPY` (PGlite, a host's own Kysely instance, or
 * inside a transaction): one statement advances the package's progress only
 * if it is at `fromSerial - 1` and running, and inserts the rows only if it
 * did, from arrays expanded by `unnest`. A code that already exists fails the
 * whole statement with a unique violation, so nothing is written; inside a
 * transaction the statement runs under a savepoint, which keeps the caller's
 * transaction usable.
 */
export async function unnestChunk(
  scope: StatementScope,
  tenantId: string,
  packageId: string,
  chunk: CodeChunk,
): Promise<ChunkWrite> {
  const { rows, fromSerial } = chunk;
  const codes: string[] = new Array(rows.length);
  const levels: number[] = new Array(rows.length);
  const parents: (number | null)[] = new Array(rows.length);
  const urls: (string | null)[] = new Array(rows.length);
  rows.forEach((row, i) => {
    codes[i] = row.code;
    levels[i] = levelNumber(row.level);
    parents[i] = row.parentSerial;
    urls[i] = row.url;
  });
  const done = fromSerial - 1 + rows.length;
  const result = await scope.tolerate(
    (db) =>
      sql<{ done: number | null }>`
        WITH progressed AS (
          UPDATE onecode_code_packages
          SET done = ${done}::int, updated_at = ${chunk.updatedAt}::timestamptz
          WHERE tenant_id = ${tenantId} AND id = ${packageId}
            AND done = ${fromSerial - 1}::int AND status = 'running' AND total >= ${done}::int
          RETURNING done
        ), inserted AS (
          INSERT INTO onecode_codes (serial, parent_serial, level, tenant_id, code, package_id, url)
          SELECT
            ${fromSerial - 1}::int + r.n::int, r.parent_serial, r.level, ${tenantId}::text, r.code,
            ${packageId}::text, r.url
          FROM unnest(
            ${codes}::text[], ${levels}::smallint[], ${parents}::int[], ${urls}::text[]
          ) WITH ORDINALITY AS r(code, level, parent_serial, url, n)
          WHERE EXISTS (SELECT 1 FROM progressed)
          RETURNING 1
        )
        SELECT (SELECT done FROM progressed) AS done, (SELECT count(*) FROM inserted) AS inserted
      `.execute(db),
    CONFLICT_ERRORS,
  );
  if (!result.ok) {
    if (result.error.code === UNIQUE_VIOLATION && result.error.constraint !== CODES_PRIMARY_KEY) {
      throw new Error(
        `chunk of package ${packageId}: unexpected unique violation on ${result.error.constraint}`,
      );
    }
    const existing = await sql<{ code: string }>`
      SELECT code FROM onecode_codes WHERE tenant_id = ${tenantId} AND code = ANY(${codes}::text[])
    `.execute(scope.db);
    return conflictOutcome(
      existing.rows.map((row) => row.code),
      chunk,
    );
  }
  const written = result.value.rows[0]?.done;
  if (written !== null && written !== undefined) return { outcome: "written", done: written };
  const current = await scope.db
    .selectFrom("onecode_code_packages")
    .select(["done", "status", "total"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", packageId)
    .executeTakeFirst();
  return refusalOutcome(packageId, chunk, current);
}
