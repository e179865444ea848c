import { join } from "node:path";
import {
  createPostgresDb,
  migrate,
  postgresHotState,
  postgresStorage,
  purgeExpiredHotState as purgeExpiredRows,
} from "@onecode/adapter-postgres";
import { createPgliteDb } from "@onecode/adapter-postgres/pglite";
import { redisHotState } from "@onecode/adapter-redis";
import { type HotState, type Storage, systemClock } from "@onecode/core";
import { Redis } from "ioredis";
import type { ServerConfig } from "./config.js";

/** The storage and hot state the server runs on, with a line describing each. */
export interface Backends {
  readonly storage: Storage;
  readonly hotState: HotState;
  readonly description: { readonly storage: string; readonly hotState: string };
  /** Deletes expired hot-state rows when hot state lives in the database; Redis expires keys itself. */
  purgeExpiredHotState(): Promise<void>;
  close(): Promise<void>;
}

/** Hides the password of a connection URL before it is printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

/** A short reason for a start-up failure: the error's code and message. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code } = error as { code?: unknown };
  if (typeof code !== "string") return error.message || error.name;
  // Node reports a refused connection to each address of a name as an AggregateError without text.
  return !error.message || error.message.includes(code)
    ? error.message || code
    : `${code}: ${error.message}`;
}

/** The start-up error for a service the server cannot reach, naming the variable that points at it. */
function unreachable(variable: string, service: string, url: string, cause: unknown): Error {
  return new Error(
    `${variable}: cannot reach ${service} at ${redactUrl(url)} (${reasonOf(cause)}); check that it runs and that ${variable} points at it`,
    { cause },
  );
}

/**
 * Opens PostgreSQL when `DATABASE_URL` is set, else PGlite in
 * `<dataDir>/pglite`; migrates the schema; puts hot state in Redis when
 * `REDIS_URL` is set, else in the same database. A server that cannot be
 * reached stops the start with a message naming `DATABASE_URL` or
 * `REDIS_URL` (passwords hidden).
 */
export async function openBackends(config: ServerConfig): Promise<Backends> {
  const pgliteDir = join(config.dataDir, "pglite");
  const db = config.databaseUrl
    ? createPostgresDb({ connectionString: config.databaseUrl })
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

  let redis: Redis | undefined;
  let hotState: HotState;
  if (config.redisUrl) {
    // Auto-pipelining sends the commands of concurrent requests issued in one
    // event-loop turn as one write: under load it divides the socket writes
    // (the dearest part of a Redis call here) by the number of requests.
    redis = new Redis(config.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      enableAutoPipelining: true,
    });
    // The first failure says why (refused, unknown host); connect() itself only says "closed".
    let firstError: unknown;
    const noteFirstError = (error: unknown) => {
      firstError ??= error;
    };
    redis.on("error", noteFirstError);
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      await db.destroy().catch(() => undefined);
      throw unreachable("REDIS_URL", "Redis", config.redisUrl, firstError ?? error);
    } finally {
      redis.off("error", noteFirstError);
    }
    hotState = redisHotState({
      client: redis,
      ...(config.redisKeyPrefix !== undefined && { keyPrefix: config.redisKeyPrefix }),
    });
  } else {
    hotState = postgresHotState({ db, clock: systemClock });
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
      if (!redis) await purgeExpiredRows(db, Date.now());
    },
    async close() {
      await hotState.close();
      await redis?.quit();
      await storage.close();
      await db.destroy();
    },
  };
}
