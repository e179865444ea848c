import type { AnyKysely } from "../database.js";
import type { PostgresPool } from "./copy-pool.js";

/**
 * Session settings of the scan statement pool's connections (see
 * {@link ScanStatementPool}). A generic plan lets a prepared statement be
 * planned once per connection rather than at every execution; for the scan
 * path's short batched look-ups planning had cost more than executing (see
 * the performance guide). A generic plan does not see the current size of
 * the tables, and one made while a table is empty could read it whole on
 * every later execution; with sequential scans disabled, and each statement
 * probing its table per key through a `LATERAL` subquery the planner cannot
 * flatten into a hash join, the only plan left is the index probe, whatever
 * the statistics say.
 */
export const SCAN_STATEMENT_POOL_SETTINGS = {
  plan_cache_mode: "force_generic_plan",
  enable_seqscan: "off",
} as const;

/**
 * Default size of the scan statement pool: one connection per group-commit
 * write lane and the rest for the batched look-ups, which each hold a
 * connection for one statement.
 */
export const SCAN_STATEMENT_POOL_CONNECTIONS = 4;

/** The `-c name=value` startup options that apply {@link SCAN_STATEMENT_POOL_SETTINGS}. */
export function scanStatementPoolStartupOptions(): string[] {
  return Object.entries(SCAN_STATEMENT_POOL_SETTINGS).map(([name, value]) => `-c ${name}=${value}`);
}

/**
 * A pool of its own for the consumer scan path's fixed statements (the
 * batched look-ups and the group-commit write) as prepared statements, on
 * the same database as the main pool, whose connections start with
 * {@link SCAN_STATEMENT_POOL_SETTINGS}. Opened only when the host asks for
 * it (`createPostgresDb({ scanPool })`): those settings would change the
 * plans of every other query, so they never reach the main pool.
 */
export interface ScanStatementPool extends PostgresPool {
  end(): Promise<void>;
}

const scanPools = new WeakMap<AnyKysely, () => ScanStatementPool>();

/** Registers how `db` (made by `createPostgresDb` with `scanPool`) opens its scan statement pool. */
export function registerScanStatementPool(db: AnyKysely, open: () => ScanStatementPool): void {
  scanPools.set(db, open);
}

/**
 * The scan statement pool of a `db` made by `createPostgresDb` with
 * `scanPool`, opened on this first call; `undefined` for any other instance.
 */
export function scanStatementPoolOf(db: AnyKysely): ScanStatementPool | undefined {
  return scanPools.get(db)?.();
}
