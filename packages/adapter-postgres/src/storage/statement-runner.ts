import type { CompiledQuery, Kysely } from "kysely";
import type { OneCodeDatabase } from "../database.js";
import { type PostgresPool, queryNamed } from "./copy-pool.js";

/**
 * Runs a compiled statement of fixed SQL text and returns its rows. `name`
 * identifies the text: on a node-postgres pool the statement is prepared
 * once per connection under that name and its plan reused, which spares the
 * parse and plan of the scan path's statements on every call.
 */
export type StatementRunner = <R>(name: string, query: CompiledQuery) => Promise<R[]>;

/** Runs statements through Kysely (PGlite, a host's instance, a transaction). */
export function kyselyRunner(db: Kysely<OneCodeDatabase>): StatementRunner {
  return async <R>(_name: string, query: CompiledQuery) =>
    (await db.executeQuery<R>(query)).rows as R[];
}

/** Runs statements as named, prepared statements on the pool. */
export function poolRunner(pool: PostgresPool): StatementRunner {
  return <R>(name: string, query: CompiledQuery) =>
    queryNamed<R>(pool, { name, text: query.sql, values: query.parameters });
}
