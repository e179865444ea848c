import { type Kysely, sql } from "kysely";
import type { OneCodeDatabase } from "../database.js";
import { type SqlError, sqlErrorOf } from "./sql-errors.js";

/** A statement's value, or the expected database error it failed with. */
export type Tolerated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: SqlError };

/**
 * Where repository statements run: on the pool (every statement its own
 * transaction) or inside one open transaction.
 */
export interface StatementScope {
  readonly db: Kysely<OneCodeDatabase>;
  /**
   * Runs `statement`; when it fails with one of the `expected` SQLSTATEs,
   * returns the error instead of throwing. Inside a transaction the statement
   * runs under a savepoint that is rolled back on failure: a failed statement
   * would otherwise abort the caller's whole transaction.
   */
  tolerate<T>(
    statement: (db: Kysely<OneCodeDatabase>) => Promise<T>,
    expected: readonly string[],
  ): Promise<Tolerated<T>>;
  /**
   * Runs `work` (several statements) all or nothing: in a transaction of its
   * own on the pool, under a savepoint inside an open transaction. `work` may
   * throw {@link RollBack} to undo its statements and still return a value.
   */
  atomic<T>(work: (db: Kysely<OneCodeDatabase>) => Promise<T>): Promise<T>;
}

/**
 * Thrown inside {@link StatementScope.atomic} to roll its statements back and
 * make `atomic` resolve with `value` (an outcome such as a refusal).
 */
export class RollBack<T> extends Error {
  constructor(readonly value: T) {
    super("rolled back");
  }
}

function rolledBack<T>(error: unknown): { value: T } | null {
  return error instanceof RollBack ? { value: error.value as T } : null;
}

function expectedError(error: unknown, expected: readonly string[]): SqlError | null {
  const sqlError = sqlErrorOf(error);
  return sqlError && expected.includes(sqlError.code) ? sqlError : null;
}

/** Statements on the pool: a failed statement rolls back only itself. */
export function poolScope(db: Kysely<OneCodeDatabase>): StatementScope {
  return {
    db,
    async tolerate<T>(
      statement: (db: Kysely<OneCodeDatabase>) => Promise<T>,
      expected: readonly string[],
    ): Promise<Tolerated<T>> {
      try {
        return { ok: true, value: await statement(db) };
      } catch (error) {
        const sqlError = expectedError(error, expected);
        if (!sqlError) throw error;
        return { ok: false, error: sqlError };
      }
    },
    async atomic<T>(work: (db: Kysely<OneCodeDatabase>) => Promise<T>): Promise<T> {
      try {
        return await db.transaction().execute(work);
      } catch (error) {
        const undone = rolledBack<T>(error);
        if (!undone) throw error;
        return undone.value;
      }
    },
  };
}

/**
 * Statements inside a transaction. Callers must run one operation at a time
 * on it (see `SerialQueue`), so the fixed savepoint name never nests.
 */
export function transactionScope(tx: Kysely<OneCodeDatabase>): StatementScope {
  return {
    db: tx,
    async tolerate<T>(
      statement: (db: Kysely<OneCodeDatabase>) => Promise<T>,
      expected: readonly string[],
    ): Promise<Tolerated<T>> {
      await sql`SAVEPOINT onecode_statement`.execute(tx);
      let value: T;
      try {
        value = await statement(tx);
      } catch (error) {
        await sql`ROLLBACK TO SAVEPOINT onecode_statement`.execute(tx);
        await sql`RELEASE SAVEPOINT onecode_statement`.execute(tx);
        const sqlError = expectedError(error, expected);
        if (!sqlError) throw error;
        return { ok: false, error: sqlError };
      }
      await sql`RELEASE SAVEPOINT onecode_statement`.execute(tx);
      return { ok: true, value };
    },
    async atomic<T>(work: (db: Kysely<OneCodeDatabase>) => Promise<T>): Promise<T> {
      // A name of its own: `work` may use tolerate(), whose savepoint nests inside this one.
      await sql`SAVEPOINT onecode_unit`.execute(tx);
      try {
        const value = await work(tx);
        await sql`RELEASE SAVEPOINT onecode_unit`.execute(tx);
        return value;
      } catch (error) {
        await sql`ROLLBACK TO SAVEPOINT onecode_unit`.execute(tx);
        await sql`RELEASE SAVEPOINT onecode_unit`.execute(tx);
        const undone = rolledBack<T>(error);
        if (!undone) throw error;
        return undone.value;
      }
    },
  };
}
