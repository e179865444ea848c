import { CompiledQuery, type Kysely } from "kysely";
import type { OneCodeDatabase } from "../database.js";
import { queryNamed } from "./copy-pool.js";
import type { ScanStatementPool } from "./scan-statement-pool.js";

/**
 * Runs a statement of fixed SQL text with `parameters` and returns its rows.
 * `name` identifies the text: on the scan statement pool the statement is
 * prepared once per connection under that name, which spares the scan
 * path's statements a parse and a plan on every call. The text is a constant string
 * (not a Kysely builder compiled per call), so a call costs no query
 * building either.
 */
export type StatementRunner = <R>(
  name: string,
  text: string,
  parameters: readonly unknown[],
) => Promise<R[]>;

/**
 * Runs statements through Kysely as unnamed statements (PGlite, a host's
 * instance, the main pool, a transaction): planned for their values at each
 * execution, leaving nothing behind on the connection.
 */
export function kyselyRunner(db: Kysely<OneCodeDatabase>): StatementRunner {
  return async <R>(_name: string, text: string, parameters: readonly unknown[]) =>
    (await db.executeQuery<R>(CompiledQuery.raw(text, [...parameters]))).rows as R[];
}

/** Runs statements as named, prepared statements on the scan statement pool, with its generic plans. */
export function preparedRunner(pool: ScanStatementPool): StatementRunner {
  return <R>(name: string, text: string, values: readonly unknown[]) =>
    queryNamed<R>(pool, { name, text, values });
}
