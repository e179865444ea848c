import type { AnyKysely } from "../database.js";
import type { PostgresPool } from "./copy-pool.js";

/**
 * Session settings of the hot lane's connections (see {@link HotLane}). With
 * a generic plan a prepared statement is planned once per connection instead
 * of at every execution, which took more database time than executing the
 * scan path's batched look-ups did (measured: 0.34 ms of planning against
 * 0.02 ms of execution for a holdings look-up of 8 keys). A generic plan
 * does not see the current size of the tables, and one made while a table
 * is empty could read it whole on every execution later; with sequential
 * scans disabled, and each statement probing its table per key through a
 * `LATERAL` subquery the planner cannot flatten into a hash join, the only
 * plan left is the index probe, whatever the statistics say.
 */
export const HOT_LANE_SETTINGS = {
  plan_cache_mode: "force_generic_plan",
  enable_seqscan: "off",
} as const;

/**
 * Connections of the hot lane: one per group-commit write lane and the rest
 * for the batched look-ups, which each take a connection for one statement.
 */
export const HOT_LANE_CONNECTIONS = 4;

/** The `-c name=value` startup options that apply {@link HOT_LANE_SETTINGS}. */
export function hotLaneStartupOptions(): string[] {
  return Object.entries(HOT_LANE_SETTINGS).map(([name, value]) => `-c ${name}=${value}`);
}

/**
 * A pool of its own for the consumer scan path's fixed statements (the
 * batched look-ups and the group-commit write), on the same database as
 * the main pool, whose connections start with {@link HOT_LANE_SETTINGS}.
 * Those settings would change the plans of every other query, so they stay
 * off the main pool, which the host may share.
 */
export interface HotLane extends PostgresPool {
  end(): Promise<void>;
}

const lanes = new WeakMap<AnyKysely, () => HotLane>();

/** Records how `db` (made by `createPostgresDb`) opens its hot lane. */
export function rememberHotLane(db: AnyKysely, lane: () => HotLane): void {
  lanes.set(db, lane);
}

/** The hot lane of a `db` made by `createPostgresDb`; `undefined` for any other instance. */
export function rememberedHotLane(db: AnyKysely): HotLane | undefined {
  return lanes.get(db)?.();
}
