import type { CodeUploadRepository, StagedCode, StagingResult, UploadCommit } from "@onecode/core";
import { sql } from "kysely";
import { CODES_PRIMARY_KEY } from "./code-chunk-write.js";
import { UNIQUE_VIOLATION } from "./sql-errors.js";
import type { StatementScope } from "./statement-scope.js";

/** How often a commit is retried after a code inserted concurrently made its import fail. */
const COMMIT_ATTEMPTS = 3;

/**
 * Uploads staged in `onecode_code_upload_staging`, then imported into
 * `onecode_codes` by one statement; every statement is scoped by tenant.
 */
export function codeUploadRepository(scope: StatementScope): CodeUploadRepository {
  const { db } = scope;
  return {
    stage: (tenantId, packageId, rows) => stageRows(db, tenantId, packageId, rows),

    async commit(tenantId, packageId, at, limit) {
      for (let attempt = 1; ; attempt++) {
        const result = await scope.tolerate(
          (db) => commitStaged(db, tenantId, packageId, at, limit),
          [UNIQUE_VIOLATION],
        );
        if (result.ok) return result.value;
        if (result.error.constraint !== CODES_PRIMARY_KEY) {
          throw new Error(
            `upload ${packageId}: unexpected unique violation on ${result.error.constraint}`,
          );
        }
        if (attempt === COMMIT_ATTEMPTS) {
          throw new Error(
            `upload ${packageId} could not be committed: its codes kept being inserted concurrently`,
          );
        }
      }
    },

    async findConflicts(tenantId, packageId, limit) {
      const { rows } = await sql<{ count: number; lines: Array<{ line: number; code: string }> }>`
        WITH conflicts AS (${stagedConflicts(tenantId, packageId)})
        SELECT
          (SELECT count(*) FROM conflicts)::int AS count,
          (${conflictLines(limit)}) AS lines
      `.execute(db);
      return { count: rows[0]?.count ?? 0, lines: rows[0]?.lines ?? [] };
    },

    async discard(tenantId, packageId) {
      await db
        .deleteFrom("onecode_code_upload_staging")
        .where("tenant_id", "=", tenantId)
        .where("package_id", "=", packageId)
        .execute();
    },
  };
}

/**
 * One insert, lowest line first, that skips codes already staged for the
 * package (by an earlier call or an earlier line of this one); a follow-up
 * read finds the line that holds each skipped code, only when there is one.
 */
async function stageRows(
  db: StatementScope["db"],
  tenantId: string,
  packageId: string,
  rows: readonly StagedCode[],
): Promise<StagingResult> {
  const lines = rows.map((row) => row.line);
  const { rows: result } = await sql<{ found: boolean; staged: number[] }>`
    WITH target AS (
      SELECT id FROM onecode_code_packages WHERE tenant_id = ${tenantId} AND id = ${packageId}
    ), inserted AS (
      INSERT INTO onecode_code_upload_staging (tenant_id, package_id, line, code, url)
      SELECT ${tenantId}::text, ${packageId}::text, r.line, r.code, r.url
      FROM unnest(
        ${lines}::int[], ${rows.map((row) => row.code)}::text[], ${rows.map((row) => row.url)}::text[]
      ) AS r(line, code, url)
      WHERE EXISTS (SELECT 1 FROM target)
      ORDER BY r.line
      ON CONFLICT (tenant_id, package_id, code) DO NOTHING
      RETURNING line
    )
    SELECT
      EXISTS (SELECT 1 FROM target) AS found,
      coalesce((SELECT array_agg(line) FROM inserted), '{}') AS staged
  `.execute(db);
  if (!result[0]?.found) {
    throw new Error(`upload package ${packageId} does not exist in tenant ${tenantId}`);
  }
  if (result[0].staged.length === rows.length) return { duplicates: [] };
  const stagedLines = new Set(result[0].staged);
  const skipped = rows.filter((row) => !stagedLines.has(row.line));
  const holders = await db
    .selectFrom("onecode_code_upload_staging")
    .select(["code", "line"])
    .where("tenant_id", "=", tenantId)
    .where("package_id", "=", packageId)
    .where(
      "code",
      "in",
      skipped.map((row) => row.code),
    )
    .execute();
  const firstLine = new Map(holders.map((row) => [row.code, row.line]));
  const duplicates = skipped
    .map((row) => ({
      line: row.line,
      firstLine: firstLine.get(row.code) ?? row.line,
      code: row.code,
    }))
    .sort((a, b) => a.line - b.line);
  return { duplicates };
}

/** The staged rows of a package whose code already exists in the tenant (`line`, `code`). */
function stagedConflicts(tenantId: string, packageId: string) {
  return sql`
    SELECT s.line, s.code FROM onecode_code_upload_staging s
    WHERE s.tenant_id = ${tenantId} AND s.package_id = ${packageId}
      AND EXISTS (
        SELECT 1 FROM onecode_codes c WHERE c.tenant_id = ${tenantId} AND c.code = s.code
      )
  `;
}

/** The first `limit` rows of a `conflicts` CTE by line, as one JSON array of `{ line, code }`. */
function conflictLines(limit: number) {
  return sql`
    SELECT coalesce(json_agg(json_build_object('line', c.line, 'code', c.code) ORDER BY c.line), '[]')
    FROM (SELECT line, code FROM conflicts ORDER BY line LIMIT ${limit}::int) c
  `;
}

/**
 * One statement: lock the `validating` package; if no staged code exists in
 * the tenant yet, insert every staged code with serials 1..n in line order,
 * mark the package succeeded with `quantity = total = done = n` and clear its staging
 * rows; otherwise change nothing and report the first `limit` conflicting
 * lines. A code committed by someone else after this statement's snapshot
 * fails the insert with a unique violation; the caller retries, and the
 * retry reports it as a conflict.
 */
async function commitStaged(
  db: StatementScope["db"],
  tenantId: string,
  packageId: string,
  at: string,
  limit: number,
): Promise<UploadCommit> {
  const { rows } = await sql<{
    found: number;
    conflict_count: number;
    total: number | null;
    lines: Array<{ line: number; code: string }>;
  }>`
    WITH target AS (
      SELECT id FROM onecode_code_packages
      WHERE tenant_id = ${tenantId} AND id = ${packageId} AND status = 'validating'
      FOR UPDATE
    ), conflicts AS (${stagedConflicts(tenantId, packageId)}), inserted AS (
      INSERT INTO onecode_codes (serial, parent_serial, level, tenant_id, code, package_id, url)
      SELECT row_number() OVER (ORDER BY s.line)::int, NULL, 0, s.tenant_id, s.code, s.package_id, s.url
      FROM onecode_code_upload_staging s
      WHERE s.tenant_id = ${tenantId} AND s.package_id = ${packageId}
        AND EXISTS (SELECT 1 FROM target) AND NOT EXISTS (SELECT 1 FROM conflicts)
      RETURNING 1
    ), imported AS (
      SELECT count(*)::int AS n FROM inserted
    ), finished AS (
      UPDATE onecode_code_packages p
      SET status = 'succeeded', quantity = imported.n, total = imported.n, done = imported.n,
        updated_at = ${at}::timestamptz, finished_at = ${at}::timestamptz
      FROM target, imported
      WHERE p.tenant_id = ${tenantId} AND p.id = target.id AND NOT EXISTS (SELECT 1 FROM conflicts)
      RETURNING p.total
    ), cleared AS (
      DELETE FROM onecode_code_upload_staging s
      WHERE s.tenant_id = ${tenantId} AND s.package_id = ${packageId}
        AND EXISTS (SELECT 1 FROM finished)
    )
    SELECT
      (SELECT count(*) FROM target)::int AS found,
      (SELECT count(*) FROM conflicts)::int AS conflict_count,
      (SELECT total FROM finished) AS total,
      (${conflictLines(limit)}) AS lines
  `.execute(db);
  const row = rows[0];
  if (!row?.found) return { outcome: "not_found" };
  if (row.conflict_count > 0) {
    return { outcome: "conflicts", lines: row.lines, count: row.conflict_count };
  }
  return { outcome: "committed", total: row.total ?? 0 };
}
