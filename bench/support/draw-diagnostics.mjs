// Where a draw's time goes, as the draw benchmark prints it: the round trips
// the server made to PostgreSQL and Redis per draw, and the draws' latency.
import { Redis } from "ioredis";
import { withClient } from "./bench-database.mjs";

/**
 * Transactions committed and rolled back in database `name` so far, and rows
 * read and inserted, from pg_stat_database through `adminUrl`. Backends
 * report at most once a second, so read it a second after the load stops.
 */
export function databaseActivity(adminUrl, name) {
  return withClient(adminUrl, async (client) => {
    const { rows } = await client.query(
      `SELECT xact_commit + xact_rollback AS transactions, tup_returned + tup_fetched AS read,
              tup_inserted AS inserted
         FROM pg_stat_database WHERE datname = $1`,
      [name],
    );
    const row = rows[0] ?? {};
    return {
      transactions: Number(row.transactions ?? 0),
      read: Number(row.read ?? 0),
      inserted: Number(row.inserted ?? 0),
    };
  });
}

/**
 * Commands Redis at `url` has run so far, by command (INFO commandstats),
 * the whole server's (other clients' too); an empty map when unreachable.
 */
export async function redisCommandCalls(url) {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const calls = new Map();
  try {
    await redis.connect();
    const info = await redis.info("commandstats");
    for (const match of info.matchAll(/^cmdstat_(\S+?):calls=(\d+)/gm)) {
      calls.set(match[1], Number(match[2]));
    }
  } catch (error) {
    console.error(`could not read Redis commandstats: ${error.message}`);
  } finally {
    redis.disconnect();
  }
  return calls;
}

/** `after - before` of two redisCommandCalls maps, the commands that ran, busiest first. */
export function commandsSince(before, after) {
  return [...after]
    .map(([command, calls]) => [command, calls - (before.get(command) ?? 0)])
    .filter(([, calls]) => calls > 0)
    .sort((a, b) => b[1] - a[1]);
}

/** The `q` quantile (0-1) of `values` (ms), rounded to 0.1 ms. */
export function quantile(values, q) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, at)] * 10) / 10;
}
