// Gates (HotState.gates) in process, on Redis and on PostgreSQL in the same
// run under the same load: --callers concurrent callers, each gate three
// steps (a shared stock counter with a limit of --stock, a per-account daily
// counter, a once-only code drawn so some attempts repeat one), until the
// stock is exhausted and then --after more attempts.
//
//   npm run bench -- gate [--stock 20000] [--callers 200] [--after 10000]
//
// PostgreSQL: postgresHotState on DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test) in a fresh schema dropped at the
// end; its gate writer sends the gates waiting at any moment as one call.
// Redis: redisHotState on REDIS_URL (default redis://127.0.0.1:6379) under a
// key prefix of its own, removed at the end. Both run on the system clock.
//
// After each load the store is read back: over_limit counts counters past
// their limit, claimed_twice codes held by two passed gates; then every tenth
// passed gate is undone through its receipt (twice: the second must change
// nothing) and undo_exact says the counters equal passes minus undos and the
// undone codes are free again (support/gate-load.mjs).
//
// Last line, JSON: gates (attempts per adapter), redis_per_s, postgres_per_s
// (attempts per second of the load; null when that adapter failed),
// over_limit, claimed_twice (sums over both), undo_exact (both), and per
// adapter its passed gates, seconds, CPU per gate in µs of this process
// (node_us) and of every postgres process on the machine (postgres_us, other
// sessions' too: steadier than the rate on a busy machine, but only as clean
// as the machine), and its error. Exits 1 when an adapter failed or a check
// did not hold.
import { randomBytes } from "node:crypto";
import { createPostgresDb, migrate, postgresHotState } from "@onecode/adapter-postgres";
import { redisHotState } from "@onecode/adapter-redis";
import { systemClock } from "@onecode/core";
import { Redis } from "ioredis";
import pg from "pg";
import { numberOption } from "./support/bench-options.mjs";
import { checkGateStore, gatePlan, runGateLoad } from "./support/gate-load.mjs";
import { postgresCpu, postgresCpuSince } from "./support/process-cpu.mjs";
import { removeRedisKeys } from "./support/redis-keys.mjs";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const plan = gatePlan({
  stock: numberOption("--stock", 20_000),
  callers: numberOption("--callers", 200),
  after: numberOption("--after", 10_000),
});
const tenant = "bench";

console.log(
  `gates: ${plan.callers} callers, stock ${plan.stock}, ${plan.accounts} accounts x ${plan.perAccount} wins/day, codes from ${plan.codes}, then ${plan.after} more attempts`,
);

/** Runs the load and the checks on one adapter; never throws. */
async function measure(name, open) {
  let subject;
  try {
    let mark = performance.now();
    const since = () => {
      const seconds = (performance.now() - mark) / 1000;
      mark = performance.now();
      return seconds.toFixed(1);
    };
    subject = await open();
    console.log(`${name}: ready in ${since()} s`);
    const nowMs = systemClock.nowMs();
    const nodeBefore = process.cpuUsage();
    const postgresBefore = postgresCpu();
    const { attempts, seconds } = await runGateLoad(subject.hotState, tenant, plan, nowMs);
    const nodeCpu = process.cpuUsage(nodeBefore);
    const perGate = (cpuSeconds) => Math.round((cpuSeconds * 1e6) / attempts.length);
    const cpu = {
      node_us: perGate((nodeCpu.user + nodeCpu.system) / 1e6),
      postgres_us: perGate(postgresCpuSince(postgresBefore)),
    };
    since();
    const checks = await checkGateStore(subject.hotState, tenant, plan, attempts, nowMs);
    console.log(`${name}: store read back and undone in ${since()} s`);
    const perSecond = Math.round(attempts.length / seconds);
    console.log(
      `${name}: ${attempts.length} gates in ${seconds.toFixed(2)} s = ${perSecond}/s (CPU per gate: node ${cpu.node_us} µs, postgres ${cpu.postgres_us} µs); passed ${checks.passed}, stock ${checks.stock}; over limit ${checks.overLimit}, claimed twice ${checks.claimedTwice}; undid ${checks.undone}, exact ${checks.undoExact}`,
    );
    return { gates: attempts.length, perSecond, seconds, ...cpu, ...checks, error: null };
  } catch (error) {
    console.error(`${name} failed: ${error?.stack ?? error}`);
    return { gates: null, perSecond: null, error: String(error?.message ?? error) };
  } finally {
    await subject?.close().catch(() => {});
  }
}

const schema = `onecode_bench_${randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: DATABASE_URL });
await admin.connect();
await admin.query(`CREATE SCHEMA "${schema}"`);
const prefix = `onecode-bench-gate-${randomBytes(4).toString("hex")}:`;

const redis = await measure("redis", async () => {
  const client = new Redis(REDIS_URL);
  const hotState = redisHotState({ client, keyPrefix: prefix, ownsClient: true });
  return { hotState, close: () => hotState.close() };
});
const postgres = await measure("postgres", async () => {
  const db = createPostgresDb({ connectionString: DATABASE_URL, schema });
  await migrate(db);
  const hotState = postgresHotState({ db, ownsDb: true });
  return { hotState, close: () => hotState.close() };
});

await removeRedisKeys(REDIS_URL, prefix);
await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch((error) => {
  console.error(`could not drop schema ${schema}: ${error.message}`);
});
await admin.end();

const both = [redis, postgres];
const summary = (run) => ({
  passed: run.passed ?? null,
  seconds: run.seconds ?? null,
  node_us: run.node_us ?? null,
  postgres_us: run.postgres_us ?? null,
  error: run.error,
});
const result = {
  gates: postgres.gates ?? redis.gates,
  redis_per_s: redis.perSecond,
  postgres_per_s: postgres.perSecond,
  over_limit: both.reduce((sum, run) => sum + (run.overLimit ?? 0), 0),
  claimed_twice: both.reduce((sum, run) => sum + (run.claimedTwice ?? 0), 0),
  undo_exact: both.every((run) => run.undoExact === true),
  redis: summary(redis),
  postgres: summary(postgres),
};
console.log(JSON.stringify(result));
const ok =
  redis.error === null &&
  postgres.error === null &&
  result.over_limit === 0 &&
  result.claimed_twice === 0 &&
  result.undo_exact;
process.exit(ok ? 0 : 1);
