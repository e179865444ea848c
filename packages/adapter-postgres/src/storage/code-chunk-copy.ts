import type { ChunkWrite, CodeChunk } from "@onecode/core";
import { from as copyFrom } from "pg-copy-streams";
import { CODES_PRIMARY_KEY, conflictOutcome, refusalOutcome } from "./code-chunk-write.js";
import { connectGuarded, type PostgresPool, type PostgresPoolClient } from "./copy-pool.js";
import { CODES_COPY_COLUMNS, codesCopyText } from "./copy-text.js";
import { DEADLOCK_DETECTED, sqlErrorOf, UNIQUE_VIOLATION } from "./sql-errors.js";

const ADVANCE = `
  UPDATE onecode_code_packages
  SET done = $3, updated_at = $4
  WHERE tenant_id = $1 AND id = $2 AND done = $5 AND status = 'running' AND total >= $3
  RETURNING done`;
const CURRENT =
  "SELECT done, status, total FROM onecode_code_packages WHERE tenant_id = $1 AND id = $2";
const EXISTING = "SELECT code FROM onecode_codes WHERE tenant_id = $1 AND code = ANY($2::text[])";
const COPY = `COPY onecode_codes (${CODES_COPY_COLUMNS}) FROM STDIN`;

/**
 * The fast path of a chunk write, on one pooled node-postgres connection:
 * `BEGIN`; a conditional `UPDATE` that advances the package's progress only
 * if it stands at `fromSerial - 1` and the package is running (it also
 * row-locks the package, so a second writer of the same chunk waits and then
 * finds the progress moved); the rows streamed with `COPY ... FROM STDIN`;
 * `COMMIT`. A code that already exists fails the `COPY` with a unique
 * violation: the transaction is rolled back and the existing codes are
 * reported. Every refusal writes nothing.
 */
export async function copyChunk(
  pool: PostgresPool,
  tenantId: string,
  packageId: string,
  chunk: CodeChunk,
): Promise<ChunkWrite> {
  const client = await connectGuarded(pool);
  let healthy = false;
  try {
    const outcome = await writeInTransaction(client, tenantId, packageId, chunk);
    healthy = true;
    return outcome;
  } finally {
    // A connection that failed in an unknown state (mid-COPY, mid-transaction) is closed, not reused.
    client.release(!healthy);
  }
}

async function writeInTransaction(
  client: PostgresPoolClient,
  tenantId: string,
  packageId: string,
  chunk: CodeChunk,
): Promise<ChunkWrite> {
  const done = chunk.fromSerial - 1 + chunk.rows.length;
  // Both statements are queued on the connection at once, and the rows are
  // encoded while the server runs them.
  const statements = Promise.all([
    client.query("BEGIN"),
    client.query(ADVANCE, [tenantId, packageId, done, chunk.updatedAt, chunk.fromSerial - 1]),
  ]);
  statements.catch(() => undefined); // awaited below; this only keeps a throw in between from leaving it unhandled
  const body = chunk.rows.length > 0 ? codesCopyText(tenantId, packageId, chunk.rows) : null;
  const [, advanced] = await statements;
  if (advanced.rowCount === 0) {
    await client.query("ROLLBACK");
    const current = await client.query(CURRENT, [tenantId, packageId]);
    return refusalOutcome(packageId, chunk, current.rows[0]);
  }
  if (body !== null) {
    try {
      await copyRows(client, body);
    } catch (error) {
      const sqlError = sqlErrorOf(error);
      const conflict =
        (sqlError?.code === UNIQUE_VIOLATION && sqlError.constraint === CODES_PRIMARY_KEY) ||
        sqlError?.code === DEADLOCK_DETECTED;
      if (!conflict) throw error;
      await client.query("ROLLBACK");
      const existing = await client.query(EXISTING, [tenantId, chunk.rows.map((row) => row.code)]);
      return conflictOutcome(
        existing.rows.map((row: { code: string }) => row.code),
        chunk,
      );
    }
  }
  await client.query("COMMIT");
  return { outcome: "written", done };
}

/**
 * Streams `body` through `COPY ... FROM STDIN`; resolves once the server
 * accepted every row. The body goes out as one CopyData message on purpose:
 * the server reads a message whole before it can fail on a row, so the error
 * never arrives while pg-copy-streams still waits for the socket to drain
 * (it would then write to a connection it already dropped, brianc/node-pg-copy-streams#171).
 */
function copyRows(client: PostgresPoolClient, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(COPY));
    stream.on("error", reject);
    stream.on("finish", resolve);
    stream.end(body);
  });
}
