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
}

/**
 * A node-postgres `Pool` (or anything that hands out such clients), for the
 * `COPY` path of bulk code writes and the prepared statements of the scan
 * path.
 */
export interface PostgresPool {
  connect(): Promise<PostgresPoolClient>;
}

const pools = new WeakMap<AnyKysely, PostgresPool>();

/** Records the pool behind a Kysely instance made by `createPostgresDb`. */
export function rememberPool(db: AnyKysely, pool: PostgresPool): void {
  pools.set(db, pool);
}

/** The pool behind `db` when `createPostgresDb` made it; `undefined` otherwise. */
export function rememberedPool(db: AnyKysely): PostgresPool | undefined {
  return pools.get(db);
}

/**
 * Connections already switched to custom plans. A cached generic plan is not
 * made again when a table grows (only ANALYZE or DDL invalidate it), so a
 * statement first planned on an empty table (the scan statistics of a new
 * database) would read the whole table on every execution until autovacuum
 * next analyzes it. With `plan_cache_mode = force_custom_plan` a named
 * statement is still parsed once per connection, but planned at each
 * execution with its actual values and the table's current size. The
 * setting only changes how named statements are planned, so other queries on
 * the same connection behave as before.
 *
 * Why not generic plans: they save ~0.3 ms of planning per statement, but
 * only settings that would also reach the host's queries on this shared pool
 * (`enable_seqscan`, join methods, a generic `plan_cache_mode` that also
 * applies to unnamed statements) could rule out a sequential or full-index
 * scan planned from an empty table's statistics. The scan path instead
 * batches: a group-commit write carries ~15 scans and a look-up ~8 keys
 * under load, so planning costs a few tens of microseconds per scan.
 */
const customPlans = new WeakSet<PostgresPoolClient>();

/**
 * Runs a named statement on a pooled connection: parsed once per connection
 * and planned for its actual values at each execution. A connection that
 * failed with anything but a database error is closed rather than reused.
 */
export async function queryNamed<R>(pool: PostgresPool, query: NamedQuery): Promise<R[]> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    if (!customPlans.has(client)) {
      await client.query("SET plan_cache_mode = force_custom_plan");
      customPlans.add(client);
    }
    return (await client.query(query)).rows as R[];
  } catch (error) {
    if (sqlErrorOf(error) === null) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    throw error;
  } finally {
    client.release(failure);
  }
}
