// The scan benchmark's durability check: every scan answered 2xx must be a
// row of its server's scans table, exactly once.
import { readFile } from "node:fs/promises";

/**
 * Looks up the userIds in `idsFile` (one per line, each request's own) in
 * `table` (OneCode's onecode_scans or the baseline's scans: both have
 * tenant_id and user_id) with `client`. Resolves with how many were answered,
 * how many of them have a row, and how many rows they have in all.
 */
export async function recordedScans(client, table, tenantId, idsFile) {
  const answered = (await readFile(idsFile, "utf8")).split("\n").filter(Boolean);
  const { rows } = await client.query(
    `SELECT count(DISTINCT user_id)::int AS recorded, count(*)::int AS rows
     FROM ${table} WHERE tenant_id = $1 AND user_id = ANY($2::text[])`,
    [tenantId, answered],
  );
  return { answered: answered.length, recorded: rows[0].recorded, rows: rows[0].rows };
}

/** Whether a phase's check (from recordedScans) found each of its answered scans exactly once. */
export function recordedExactlyOnce(check) {
  return check.answered > 0 && check.recorded === check.answered && check.rows === check.answered;
}
