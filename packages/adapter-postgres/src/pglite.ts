/**
 * `@onecode/adapter-postgres/pglite`: OneCode on embedded PGlite (PostgreSQL
 * compiled to WebAssembly), for tests, demos and single-process apps. A
 * separate entry so the main one never loads PGlite.
 *
 * @module @onecode/adapter-postgres/pglite
 * @packageDocumentation
 */
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import type { OneCodeDatabase } from "./database.js";

/** Options of {@link createPgliteDb}. */
export interface PgliteOptions {
  /**
   * Directory holding the database files; created when missing, with any
   * missing parent folders. Omit it for an in-memory database that is gone
   * once closed. PGlite's own URL forms (`memory://`, `file://...`) are
   * passed on as they are.
   */
  readonly dataDir?: string;
}

/** The folder a `dataDir` names on disk, or `undefined` for a URL PGlite resolves itself. */
function filesystemPath(dataDir: string): string | undefined {
  if (dataDir.startsWith("file://")) return dataDir.slice("file://".length);
  return dataDir.includes("://") ? undefined : dataDir;
}

/**
 * A Kysely instance over an embedded PGlite database, for `postgresStorage`,
 * `postgresHotState` and `migrate` from `@onecode/adapter-postgres`. PGlite
 * serves one query at a time, so concurrent calls queue rather than run in
 * parallel; inside `storage.transaction(work)` use only the handle `work`
 * receives, as core requires: a call on the outer storage would wait for the
 * transaction forever. `db.destroy()` closes the database (flushing a
 * `dataDir` to disk).
 *
 * @example
 * ```ts
 * import { migrate, postgresStorage } from "@onecode/adapter-postgres";
 * import { createPgliteDb } from "@onecode/adapter-postgres/pglite";
 *
 * const db = await createPgliteDb({ dataDir: "./.onecode-data" });
 * await migrate(db);
 * const storage = postgresStorage({ db, ownsDb: true });
 * ```
 */
export async function createPgliteDb(
  options: PgliteOptions = {},
): Promise<Kysely<OneCodeDatabase>> {
  const folder = options.dataDir === undefined ? undefined : filesystemPath(options.dataDir);
  // PGlite creates the last folder only; a nested path would fail on its parents.
  if (folder !== undefined) await mkdir(folder, { recursive: true });
  const pglite = await PGlite.create(
    options.dataDir === undefined ? undefined : { dataDir: options.dataDir },
  );
  return new Kysely<OneCodeDatabase>({ dialect: new PGliteDialect(pglite) });
}
