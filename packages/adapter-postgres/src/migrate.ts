import { type Kysely, sql } from "kysely";
import { type AnyKysely, type OneCodeDatabase, oneCodeDb } from "./database.js";
import { loadMigrationFiles, type MigrationFile } from "./migration/migration-files.js";
import { splitSqlStatements } from "./migration/sql-statements.js";

/**
 * The migrations shipped with this package. Resolved from this module, which
 * sits one level below the package root both as source (`src/`) and when
 * bundled (`dist/`).
 */
const PACKAGED_MIGRATIONS = new URL("../migrations/", import.meta.url);

/** What {@link migrate} did. */
export interface MigrationResult {
  /** Migrations applied by this call, in order, e.g. `["0001_catalog"]`; empty when up to date. */
  readonly applied: readonly string[];
}

/**
 * Brings the database (the schema first on the connection's `search_path`)
 * up to the migrations shipped in this package's `migrations/` folder.
 *
 * Each pending migration runs in its own transaction together with its row
 * in `onecode_migrations(version, name, checksum, applied_at)`, so a failed
 * migration leaves nothing behind. Safe to call on every start-up and from
 * many processes at once: a transaction-scoped advisory lock per schema lets
 * one caller apply a migration while the others wait and then find it done.
 * Throws, changing nothing, when a migration that was already applied no
 * longer matches its file (someone edited it): add a new migration instead.
 *
 * Hosts with their own migration tool can apply the same `.sql` files
 * themselves, in version order.
 *
 * @example
 * ```ts
 * const db = createPostgresDb({ connectionString: process.env.DATABASE_URL! });
 * await migrate(db);
 * const storage = postgresStorage({ db });
 * ```
 */
export async function migrate(db: AnyKysely): Promise<MigrationResult> {
  return applyMigrations(oneCodeDb(db), await loadMigrationFiles(PACKAGED_MIGRATIONS));
}

/** Applies `files` (ordered by version) that are not recorded yet; see {@link migrate}. */
export async function applyMigrations(
  db: Kysely<OneCodeDatabase>,
  files: readonly MigrationFile[],
): Promise<MigrationResult> {
  const applied: string[] = [];
  for (;;) {
    const label = await db.transaction().execute(async (tx) => {
      await lockMigrations(tx);
      const recorded = await tx
        .selectFrom("onecode_migrations")
        .select(["version", "name", "checksum"])
        .execute();
      checkUnchanged(recorded, files);
      const done = new Set(recorded.map((row) => row.version));
      const next = files.find((file) => !done.has(file.version));
      if (!next) return null;
      for (const statement of splitSqlStatements(next.sql)) await sql.raw(statement).execute(tx);
      await tx
        .insertInto("onecode_migrations")
        .values({ version: next.version, name: next.name, checksum: next.checksum })
        .execute();
      return migrationLabel(next);
    });
    if (label === null) return { applied };
    applied.push(label);
  }
}

/**
 * Takes the per-schema migration lock (released at commit) and makes sure the
 * bookkeeping table exists. Creating it under the lock matters: concurrent
 * `CREATE TABLE IF NOT EXISTS` can still fail on a duplicate catalog entry.
 */
async function lockMigrations(tx: Kysely<OneCodeDatabase>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('onecode_migrations:' || coalesce(current_schema(), '')))`.execute(
    tx,
  );
  await sql`
    CREATE TABLE IF NOT EXISTS onecode_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`.execute(tx);
}

function checkUnchanged(
  recorded: ReadonlyArray<{ version: number; name: string; checksum: string }>,
  files: readonly MigrationFile[],
): void {
  for (const row of recorded) {
    const file = files.find((candidate) => candidate.version === row.version);
    // A version without a file was applied by a newer release; running older code against it is the host's call.
    if (file && file.checksum !== row.checksum) {
      throw new Error(
        `Migration ${migrationLabel(row)} was changed after it was applied to this database ` +
          `(recorded checksum ${row.checksum.slice(0, 12)}…, file now ${file.checksum.slice(0, 12)}…). ` +
          "Applied migrations must never be edited: restore the file and add a new migration instead.",
      );
    }
  }
}

function migrationLabel(migration: { version: number; name: string }): string {
  return `${String(migration.version).padStart(4, "0")}_${migration.name}`;
}
