import { Kysely, PostgresDialect } from "kysely";
import { Pool } from "pg";
import type { OneCodeDatabase } from "./database.js";
import { guardClient, registerCreatedPool, warnIdleConnectionLost } from "./storage/copy-pool.js";
import {
  registerScanStatementPool,
  SCAN_STATEMENT_POOL_CONNECTIONS,
  scanStatementPoolStartupOptions,
} from "./storage/scan-statement-pool.js";

/** Options of the scan statement pool, {@link PostgresConnectionOptions.scanPool}. */
export interface ScanPoolOptions {
  /** Most connections the scan statement pool opens; default 4. */
  readonly max?: number;
}

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
   * Default: a one-line warning with the error's SQLSTATE or system code.
   */
  readonly onIdleError?: (error: Error) => void;
  /**
   * Opens a second pool, for the consumer scan path only: `true` for up to
   * 4 connections, or `{ max }`. Default: no second pool; every statement
   * runs on the pool above, unnamed and planned at each execution, and no
   * connection's session settings are changed.
   *
   * With it, {@link postgresStorage} runs the scan path's fixed statements
   * (the batched code, holder and stock look-ups and the group-commit scan
   * write) on connections of their own, opened on the first scan, whose
   * sessions start with `plan_cache_mode = force_generic_plan` and
   * `enable_seqscan = off`: each statement is prepared and planned once per
   * connection instead of at every call, which lowers the database time per
   * scan under load (see the adapters guide). The settings stay on those
   * connections; `db.destroy()` ends them with the main pool.
   */
  readonly scanPool?: boolean | ScanPoolOptions;
}

const SCHEMA_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * A Kysely instance over a node-postgres pool, for {@link postgresStorage},
 * {@link postgresHotState} and {@link migrate}. Connections open lazily; end
 * them with `db.destroy()` (or let an adapter created with `ownsDb: true` do
 * it). {@link postgresStorage} recognises the instance: it writes generated
 * codes with `COPY` on the same pool, and runs the consumer scan path's
 * statements on a small pool of its own (up to 4 more connections, opened on
 * the first scan), whose sessions plan those statements once and only ever
 * probe indexes (`plan_cache_mode = force_generic_plan`,
 * `enable_seqscan = off`), settings kept off the pool other queries use.
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
  // Quoted, so a mixed-case schema name is used as written.
  const searchPath = options.schema === undefined ? [] : [`-c search_path="${options.schema}"`];
  const startup = (settings: readonly string[]) =>
    settings.length === 0 ? {} : { options: settings.join(" ") };
  const onIdleError = options.onIdleError ?? warnIdleConnectionLost;
  const pool = new Pool({
    connectionString: options.connectionString,
    ...(options.max !== undefined && { max: options.max }),
    ...startup(searchPath),
  });
  // Without a listener, an idle connection's error would crash the process.
  pool.on("error", onIdleError);
  const scanPoolMax =
    options.scanPool === undefined || options.scanPool === false
      ? undefined
      : options.scanPool === true
        ? SCAN_STATEMENT_POOL_CONNECTIONS
        : (options.scanPool.max ?? SCAN_STATEMENT_POOL_CONNECTIONS);
  if (scanPoolMax !== undefined && !(Number.isSafeInteger(scanPoolMax) && scanPoolMax >= 1)) {
    throw new RangeError("scanPool.max must be a whole number of connections, at least 1");
  }
  let scanPool: Pool | undefined;
  const openScanPool = () => {
    if (!scanPool) {
      scanPool = new Pool({
        connectionString: options.connectionString,
        max: scanPoolMax,
        // Its idle connections do not keep a process alive that never closed the db.
        allowExitOnIdle: true,
        ...startup([...searchPath, ...scanStatementPoolStartupOptions()]),
      });
      scanPool.on("error", onIdleError);
    }
    return scanPool;
  };
  // Kysely ends this on db.destroy(): the scan pool (if it was opened) goes with the pool.
  // Its connections are guarded: one lost inside a transaction must not crash the process.
  const dialectPool = {
    connect: async () => guardClient(await pool.connect()),
    async end() {
      await Promise.all([pool.end(), scanPool?.end()]);
    },
  };
  const db = new Kysely<OneCodeDatabase>({ dialect: new PostgresDialect({ pool: dialectPool }) });
  // postgresStorage finds the pool here and writes generated codes with COPY on it.
  registerCreatedPool(db, pool);
  if (scanPoolMax !== undefined) registerScanStatementPool(db, openScanPool);
  return db;
}
