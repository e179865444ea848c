import { CompiledQuery, type Kysely } from "kysely";
import type { OneCodeDatabase } from "../database.js";
import { type PostgresPool, queryNamed } from "./copy-pool.js";
import type { HotLane } from "./hot-lane.js";

/**
 * Runs a statement of fixed SQL text with `parameters` and returns its rows.
 * `name` identifies the text: on a node-postgres pool the statement is
 * prepared once per connection under that name, which spares the scan
 * path's statements a parse on every call. The text is a constant string
 * (not a Kysely builder compiled per call), so a call costs no query
 * building either.
 */
export type StatementRunner = <R>(
  name: string,
  text: string,
  parameters: readonly unknown[],
) => Promise<R[]>;

/** Runs statements through Kysely (PGlite, a host's instance, a transaction). */
export function kyselyRunner(db: Kysely<OneCodeDatabase>): StatementRunner {
  return async <R>(_name: string, text: string, parameters: readonly unknown[]) =>
    (await db.executeQuery<R>(CompiledQuery.raw(text, [...parameters]))).rows as R[];
}

/** Runs statements as named, prepared statements on a host's pool, planned at each execution. */
export function poolRunner(pool: PostgresPool): StatementRunner {
  return <R>(name: string, text: string, values: readonly unknown[]) =>
    queryNamed<R>(pool, { name, text, values });
}

/** Runs statements as named, prepared statements on the hot lane, with its generic plans. */
export function hotLaneRunner(lane: HotLane): StatementRunner {
  return <R>(name: string, text: string, values: readonly unknown[]) =>
    queryNamed<R>(lane, { name, text, values }, false);
}
