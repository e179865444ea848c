import {
  type Clock,
  cryptoRandom,
  type HotState,
  type RandomSource,
  systemClock,
} from "@onecode/core";
import { checkedHotState } from "@onecode/core/adapter-kit";
import { reportUnavailable } from "./connection-failures.js";
import { type AnyKysely, oneCodeDb } from "./database.js";
import { postgresCache } from "./hot-state/cache.js";
import { postgresCounters } from "./hot-state/counters.js";
import { GateUndoWriter } from "./hot-state/gate-undo-writer.js";
import { GateWriter } from "./hot-state/gate-writer.js";
import { postgresGates } from "./hot-state/gates.js";
import type { HotStateContext } from "./hot-state/hot-state-context.js";
import { postgresIdempotency } from "./hot-state/idempotency.js";
import { postgresLocks } from "./hot-state/locks.js";
import { postgresRateLimiter } from "./hot-state/rate-limiter.js";

/** Options of {@link postgresHotState}. */
export interface PostgresHotStateOptions {
  /** A Kysely instance over a database that {@link migrate} brought up to date. */
  readonly db: AnyKysely;
  /**
   * The only source of time (expiry, leases, rate limits); SQL `now()` is
   * never used. Default: the system clock. Application instances sharing one
   * database should run with synchronised clocks: skew between them shifts
   * expiry by the same amount.
   */
  readonly clock?: Clock;
  /** Source of lock tokens. Default: the platform CSPRNG. */
  readonly random?: RandomSource;
  /** When `true`, `close()` destroys `db`. Default `false`: the host owns an injected instance. */
  readonly ownsDb?: boolean;
}

/**
 * The hot-state port on PostgreSQL or PGlite: gates, counters, token-bucket rate limiter,
 * cache, leased locks and idempotency keys in `onecode_hot_*` tables. Every
 * decision is one atomic statement (an `INSERT ... ON CONFLICT DO UPDATE ...
 * WHERE ...` upsert, or for gates one function call deciding a batch of
 * concurrent gates in one transaction), correct across any number of
 * connections and application instances; refusals write nothing. Remove expired rows with
 * {@link purgeExpiredHotState}. Tenant ids, keys and values are PostgreSQL
 * `text`, which cannot hold the NUL character (`\u0000`).
 *
 * @example
 * ```ts
 * const db = createPostgresDb({ connectionString: process.env.DATABASE_URL! });
 * await migrate(db);
 * const onecode = createOneCode({ hotState: postgresHotState({ db }) });
 * ```
 */
export function postgresHotState(options: PostgresHotStateOptions): HotState {
  const context: HotStateContext = {
    db: oneCodeDb(options.db),
    clock: options.clock ?? systemClock,
    random: options.random ?? cryptoRandom,
  };
  const gateWriter = new GateWriter(context);
  const gateUndos = new GateUndoWriter(context);
  let closed = false;
  // A lost or unreachable database is SERVICE_UNAVAILABLE naming the hot state, the port that failed.
  const hot = <T extends object>(part: T) => reportUnavailable(part, "hot_state");
  return checkedHotState({
    gates: hot(postgresGates(context, gateWriter, gateUndos)),
    counters: hot(postgresCounters(context)),
    rateLimiter: hot(postgresRateLimiter(context)),
    cache: hot(postgresCache(context)),
    locks: hot(postgresLocks(context)),
    idempotency: hot(postgresIdempotency(context)),
    async close() {
      if (closed) return;
      closed = true;
      // Gates already queued are still decided (and abandoned batches settled) before the pool goes.
      await Promise.all([gateWriter.close(), gateUndos.close()]);
      if (!options.ownsDb) return;
      await context.db.destroy();
    },
  });
}
