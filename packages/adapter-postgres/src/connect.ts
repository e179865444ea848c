import { Kysely, PostgresDialect } from "kysely";
import { Pool } from "pg";
import type { OneCodeDatabase } from "./database.js";
import { guardClient, rememberPool, warnIdleConnectionLost } from "./storage/copy-pool.js";
import {
  HOT_LANE_CONNECTIONS,
  hotLaneStartupOptions,
  rememberHotLane,
} from "./storage/hot-lane.js";

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
  let hotLane: Pool | undefined;
  const openHotLane = () => {
    if (!hotLane) {
      hotLane = new Pool({
        connectionString: options.connectionString,
        max: HOT_LANE_CONNECTIONS,
        // Idle lane connections do not keep a process alive that never closed the db.
        allowExitOnIdle: true,
        ...startup([...searchPath, ...hotLaneStartupOptions()]),
      });
      hotLane.on("error", onIdleError);
    }
    return hotLane;
  };
  // Kysely ends this on db.destroy(): the hot lane (if it was opened) goes with the pool.
  // Its connections are guarded: one lost inside a transaction must not crash the process.
  const dialectPool = {
    connect: async () => guardClient(await pool.connect()),
    async end() {
      await Promise.all([pool.end(), hotLane?.end()]);
    },
  };
  const db = new Kysely<OneCodeDatabase>({ dialect: new PostgresDialect({ pool: dialectPool }) });
  // postgresStorage finds the pool here and writes generated codes with COPY on it, and
  // runs the scan path's statements on the hot lane.
  rememberPool(db, pool);
  rememberHotLane(db, openHotLane);
  return db;
}
