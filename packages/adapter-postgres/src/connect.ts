import { Kysely, PostgresDialect } from "kysely";
import { Pool } from "pg";
import type { OneCodeDatabase } from "./database.js";
import { rememberPool } from "./storage/copy-pool.js";

/** Options of {@link createPostgresDb}. */
export interface PostgresConnectionOptions {
  /** A libpq connection URI, e.g. `postgres://user@host:5432/db`. Never logged. */
  readonly connectionString: string;
  /** Most connections the pool opens; default 10 (node-postgres's default). */
  readonly max?: number;
  /**
   * Schema for OneCode's tables: every pooled connection starts with
   * `search_path` set to it alone. The schema must already exist. Letters,
   * digits and `_` only.
   */
  readonly schema?: string;
  /**
   * Called when an idle pooled connection fails (e.g. the server restarted);
   * the pool drops that connection and later queries open a fresh one.
   * Default: a one-line warning with the error message.
   */
  readonly onIdleError?: (error: Error) => void;
}

const SCHEMA_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * A Kysely instance over a node-postgres pool, for {@link postgresStorage},
 * {@link postgresHotState} and {@link migrate}. Connections open lazily; end
 * them with `db.destroy()` (or let an adapter created with `ownsDb: true` do
 * it). {@link postgresStorage} recognises the instance and writes generated
 * codes with `COPY` on the same pool.
 *
 * @example
 * ```ts
 * const db = createPostgresDb({ connectionString: process.env.DATABASE_URL!, schema: "onecode" });
 * await migrate(db);
 * ```
 */
export function createPostgresDb(options: PostgresConnectionOptions): Kysely<OneCodeDatabase> {
  if (options.schema !== undefined && !SCHEMA_PATTERN.test(options.schema)) {
    throw new RangeError("schema must be 1-63 letters, digits or '_', not starting with a digit");
  }
  const pool = new Pool({
    connectionString: options.connectionString,
    ...(options.max !== undefined && { max: options.max }),
    // Quoted, so a mixed-case schema name is used as written.
    ...(options.schema !== undefined && { options: `-c search_path="${options.schema}"` }),
  });
  const onIdleError =
    options.onIdleError ??
    ((error: Error) =>
      console.warn(`[onecode] idle PostgreSQL connection failed: ${error.message}`));
  // Without a listener, an idle connection's error would crash the process.
  pool.on("error", onIdleError);
  const db = new Kysely<OneCodeDatabase>({ dialect: new PostgresDialect({ pool }) });
  // postgresStorage finds the pool here and writes generated codes with COPY on it.
  rememberPool(db, pool);
  return db;
}
