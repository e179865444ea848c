import { isConnectionFailure } from "../connection-failures.js";
import type { AnyKysely } from "../database.js";
import { sqlErrorOf } from "./sql-errors.js";

/** A named statement: node-postgres prepares it once per connection and reuses its plan. */
export interface NamedQuery {
  readonly name: string;
  readonly text: string;
  readonly values: readonly unknown[];
}

/**
 * The part of a node-postgres `PoolClient` the adapter's fast paths use:
 * plain and named (prepared) queries and a `COPY ... FROM STDIN` stream
 * (pg-copy-streams) on the same connection. Declared here so the adapter's
 * types do not depend on `pg`'s.
 */
export interface PostgresPoolClient {
  query<T extends { submit(connection: never): void }>(stream: T): T;
  // biome-ignore lint/suspicious/noExplicitAny: matches node-postgres's own row type
  query(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
  // biome-ignore lint/suspicious/noExplicitAny: matches node-postgres's own row type
  query(config: NamedQuery): Promise<{ rows: any[]; rowCount: number | null }>;
  /** Returns the connection to the pool; with an error (or `true`) closes it instead. */
  release(destroy?: Error | boolean): void;
  /** node-postgres clients are event emitters: a lost connection emits `error`. */
  on?(event: "error", listener: (error: Error) => void): unknown;
}

/**
 * A node-postgres `Pool` (or anything that hands out such clients), for the
 * `COPY` path of bulk code writes and the prepared statements of the scan
 * path.
 */
export interface PostgresPool {
  connect(): Promise<PostgresPoolClient>;
}

/** The event-emitter side of a node-postgres `Pool`. */
interface PoolEvents {
  on(event: "error", listener: (error: Error) => void): unknown;
  listenerCount(event: "error"): number;
}

/**
 * The default reaction to a pooled connection failing while idle (e.g. the
 * server restarted): one warning line with the error's SQLSTATE or system
 * code; the driver's text is for a debugger, not a log line. The pool has
 * already dropped the connection and opens a fresh one when needed.
 */
export function warnIdleConnectionLost(error: Error): void {
  const code = (error as { code?: unknown }).code;
  console.warn(
    `[onecode] an idle PostgreSQL connection was lost (${typeof code === "string" ? code : "no code"}); the pool opens a new one when needed`,
  );
}

/**
 * Makes sure a host's pool has an `error` listener: node-postgres emits
 * `error` on the pool when an idle connection fails, and with nobody
 * listening that crashes the process. A pool that already has a listener
 * is left as it is.
 */
export function guardPool(pool: PostgresPool): void {
  const events = pool as Partial<PoolEvents>;
  if (typeof events.on !== "function" || typeof events.listenerCount !== "function") return;
  if (events.listenerCount("error") === 0) events.on("error", warnIdleConnectionLost);
}

const pools = new WeakMap<AnyKysely, PostgresPool>();

const guardedClients = new WeakSet<object>();

/**
 * Gives a checked-out connection a listener for its `error` event. pg-pool
 * listens only while a connection sits idle in the pool; a backend
 * terminated while the connection is checked out (inside a transaction,
 * mid-`COPY`) would otherwise emit `error` with nobody listening, which
 * crashes the process. The failure still reaches the caller, through the
 * statement it was running or the next one it sends.
 */
export function guardClient<C extends PostgresPoolClient>(client: C): C {
  if (typeof client.on === "function" && !guardedClients.has(client)) {
    guardedClients.add(client);
    client.on("error", () => {});
  }
  return client;
}

/** A connection from `pool`, guarded by {@link guardClient}. */
export async function connectGuarded(pool: PostgresPool): Promise<PostgresPoolClient> {
  return guardClient(await pool.connect());
}

/** Registers the pool `createPostgresDb` made behind `db`. */
export function registerCreatedPool(db: AnyKysely, pool: PostgresPool): void {
  pools.set(db, pool);
}

/** The pool behind `db` when `createPostgresDb` made it; `undefined` otherwise. */
export function createdPoolOf(db: AnyKysely): PostgresPool | undefined {
  return pools.get(db);
}

/**
 * Runs a named statement on a pooled connection: parsed once per
 * connection, planned as the connection's session settings say. Only the
 * scan statement pool runs these; a host's connections get no prepared
 * statements left behind. A connection that failed with anything but a
 * database error, or whose backend went away, is closed rather than reused.
 */
export async function queryNamed<R>(pool: PostgresPool, query: NamedQuery): Promise<R[]> {
  const client = await connectGuarded(pool);
  let failure: Error | undefined;
  try {
    return (await client.query(query)).rows as R[];
  } catch (error) {
    if (sqlErrorOf(error) === null || isConnectionFailure(error)) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    throw error;
  } finally {
    client.release(failure);
  }
}
