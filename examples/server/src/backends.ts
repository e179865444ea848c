import { join } from "node:path";
import {
  createPostgresDb,
  migrate,
  postgresHotState,
  postgresStorage,
  purgeExpiredHotState as purgeExpiredRows,
} from "@onecode/adapter-postgres";
import { createPgliteDb } from "@onecode/adapter-postgres/pglite";
import { type HotState, type Storage, systemClock } from "@onecode/core";
import type { ServerConfig } from "./config.js";
import { openRedisHotState } from "./redis-hot-state.js";
import { reasonOf, redactUrl, unreachable } from "./unreachable-service.js";

/** The storage and hot state the server runs on, with a line describing each. */
export interface Backends {
  readonly storage: Storage;
  readonly hotState: HotState;
  readonly description: { readonly storage: string; readonly hotState: string };
  /** Deletes expired hot-state rows when hot state lives in the database; Redis expires keys itself. */
  purgeExpiredHotState(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens PostgreSQL when `DATABASE_URL` is set, else PGlite in
 * `<dataDir>/pglite`; migrates the schema; puts hot state in Redis when
 * `REDIS_URL` is set (behind a failover that keeps scans answering while
 * Redis is away, logging through `log`), else in the same database. A server
 * that cannot be reached stops the start with a message naming
 * `DATABASE_URL` or `REDIS_URL` (passwords hidden).
 */
export async function openBackends(
  config: ServerConfig,
  log: (message: string, error?: unknown) => void = console.error,
): Promise<Backends> {
  const pgliteDir = join(config.dataDir, "pglite");
  const db = config.databaseUrl
    ? // The server serves consumer scans at volume: their statements get a small pool of their own.
      createPostgresDb({ connectionString: config.databaseUrl, scanPool: true })
    : await createPgliteDb({ dataDir: pgliteDir });
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw config.databaseUrl
      ? unreachable("DATABASE_URL", "PostgreSQL", config.databaseUrl, error)
      : new Error(`could not open PGlite in ${pgliteDir}: ${reasonOf(error)}`, { cause: error });
  }
  const storage = postgresStorage({ db });

  let hotState: HotState;
  try {
    hotState = config.redisUrl
      ? await openRedisHotState({
          url: config.redisUrl,
          keyPrefix: config.redisKeyPrefix,
          log,
        })
      : postgresHotState({ db, clock: systemClock });
  } catch (error) {
    await storage.close();
    await db.destroy();
    throw error;
  }

  return {
    storage,
    hotState,
    description: {
      storage: config.databaseUrl
        ? `PostgreSQL ${redactUrl(config.databaseUrl)}`
        : `PGlite in ${pgliteDir}`,
      hotState: config.redisUrl
        ? `Redis ${redactUrl(config.redisUrl)}`
        : "database tables (set REDIS_URL for Redis)",
    },
    async purgeExpiredHotState() {
      if (!config.redisUrl) await purgeExpiredRows(db, Date.now());
    },
    async close() {
      await hotState.close();
      await storage.close();
      await db.destroy();
    },
  };
}
