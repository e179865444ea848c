// Scan-to-win draws under concurrency, over HTTP on the reference server
// (PostgreSQL + Redis): a wheel of 6 slots whose allocations total 5,000,
// --codes codes in one package of its activity batch, --accounts consumer
// accounts, and --clients clients drawing at once until every code has
// played; then whether any slot gave beyond its allocation, any account
// beyond its limit, or any code played twice.
//
//   npm run bench -- draw [--codes 20000] [--accounts 2000] [--clients 200]
//                         [--redraw 500] [--keep]
//
// Set-up goes through the public HTTP API with an admin token: a merchant,
// a product, a rule, a package of --codes codes; one prize per slot (points
// or physical, stock = the slot's allocation); the wheel
// (support/draw-setup.mjs: probabilities 39 % in all, more than every
// slot's allocation can give, so each runs out under load; per-account
// limits of 1-3 wins a day, which many accounts reach), published; an
// activity batch with the package bound, activated. Then the database is
// analyzed, as autovacuum would soon do.
//
// The drawing phase: --clients workers share one queue of the codes; each
// takes the next code and draws it (POST /v1/my/draws) with the token of a
// random one of the --accounts consumers (all in the token file before the
// server starts, kind=consumer), over keep-alive sockets (one per client).
// draws_per_s = codes / wall time of this phase only; the phase's lines
// also give the draws' latency, the CPU per draw of the server, of every
// postgres process on the machine and of this load generator, and, as hints
// of where the time goes, PostgreSQL transactions and rows per draw
// (pg_stat_database of the bench database) and Redis commands per draw
// (INFO commandstats: the whole Redis server's, and the commands a Lua
// script runs count too, so EVALSHA alone is the gate's round trips). Afterwards --redraw
// codes picked at random are drawn again by random accounts: each must be
// refused with 409 CODE_ALREADY_PLAYED.
//
// Violations are counted from the answers (support/draw-checks.mjs) and,
// independently, from the server (GET /v1/campaigns/{id}/statistics and the
// whole winners list, GET /v1/campaign-winners); each figure of the last
// line is the larger of the two:
//   over_allocated: Σ over slots of max(0, wins of the slot - allocation);
//   double_played: codes that drew twice (answers 201 twice, listed twice
//     among the winners, or statistics counting more draws than codes exist);
//   over_limit: accounts that won a slot more often in one day of the
//     tenant's calendar (Asia/Shanghai) than the slot's limit.
// The run fails (exit 1) on any violation, won > allocated, any unexpected
// answer, or when the server's figures disagree with the answers.
//
// The reference server runs examples/server/dist/main.js on a fresh
// database (DATABASE_URL's server, default
// postgres://postgres@127.0.0.1:5432/test, needs CREATEDB) and Redis
// (REDIS_URL, default redis://127.0.0.1:6379) under a key prefix of its own;
// all is removed at the end unless --keep (the database is then named in
// the output). BENCH_SERVER_ARGS adds node flags to the server's command
// line, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
//
// Last line, JSON: draws (answered 201 in the drawing phase), draws_per_s,
// won (wins), allocated (the slots' allocations), over_allocated,
// double_played, over_limit.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createBenchDatabase, dropBenchDatabase, withClient } from "./support/bench-database.mjs";
import { flagOption, numberOption } from "./support/bench-options.mjs";
import { startReferenceServer, stopProcess } from "./support/child-process.mjs";
import {
  allWinners,
  disagreements,
  responseFigures,
  serverFigures,
} from "./support/draw-checks.mjs";
import {
  commandsSince,
  databaseActivity,
  quantile,
  redisCommandCalls,
} from "./support/draw-diagnostics.mjs";
import { drawAll, redrawSample } from "./support/draw-load.mjs";
import { createDrawCampaign, DRAW_SLOTS, TIME_ZONE } from "./support/draw-setup.mjs";
import { describeAnswer, jsonClient } from "./support/json-client.mjs";
import { adminApi, createCodePackage } from "./support/onecode-setup.mjs";
import { cpuSeconds, machineCpu, postgresCpu, postgresCpuSince } from "./support/process-cpu.mjs";
import { removeRedisKeys } from "./support/redis-keys.mjs";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const CODES = numberOption("--codes", 20_000);
const ACCOUNTS = numberOption("--accounts", 2000);
const CLIENTS = numberOption("--clients", 200);
const REDRAW = numberOption("--redraw", 500);
const KEEP = flagOption("--keep");

const fmt = (n) => Math.round(n).toLocaleString("en-US");
const suffix = randomBytes(4).toString("hex");
const tenantId = `bench-draw-${suffix}`;
const databaseName = `onecode_bench_draw_${suffix}`;
const benchUrl = (() => {
  const url = new URL(DATABASE_URL);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
const redisPrefix = `onecode-bench-draw-${suffix}:`;
const newToken = () => `oc_${randomBytes(24).toString("base64url")}`;
const allocated = DRAW_SLOTS.reduce((total, slot) => total + slot.allocation, 0);

/** Prints up to three unexpected answers of `step`; returns how many there were. */
function reportErrors(step, results) {
  const errors = results.filter((result) => result.outcome === "error");
  if (errors.length === 0) return 0;
  console.error(`  ${errors.length} unexpected answer(s) in ${step}, e.g.:`);
  for (const error of errors.slice(0, 3)) console.error(`    ${describeAnswer(error.answer)}`);
  return errors.length;
}

/** `{ slot: figure }` pairs of a per-slot array, for the progress lines. */
const perSlot = (figures) => figures.map((figure, slot) => `${slot}:${figure}`).join(" ");

let server;
let workDir;
let databaseCreated = false;
let failed = false;

try {
  workDir = await mkdtemp(join(tmpdir(), "onecode-draw-bench-"));
  // Set first: dropping a database that was never created does nothing (IF EXISTS).
  databaseCreated = true;
  const version = await createBenchDatabase(DATABASE_URL, databaseName);
  console.log(
    `PostgreSQL ${version.version} (synchronous_commit=${version.sync}), database ${databaseName}; Redis prefix ${redisPrefix}; tenant ${tenantId}`,
  );

  // --- the token file: one admin, --accounts consumers, before the server starts ---
  const staffToken = newToken();
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
    id: `player-${i + 1}`,
    token: newToken(),
  }));
  let base;
  ({ server, base } = await startReferenceServer({
    workDir,
    tokenLines: [
      `ONECODE_TOKEN_BENCH_ADMIN=${staffToken};tenant=${tenantId};roles=admin`,
      ...accounts.map(
        (account, i) =>
          `ONECODE_TOKEN_PLAYER_${i + 1}=${account.token};tenant=${tenantId};kind=consumer;actor=${account.id}`,
      ),
    ],
    databaseUrl: benchUrl,
    redisUrl: REDIS_URL,
    redisPrefix,
  }));

  // --- set-up over HTTP ---
  const setupStarted = Date.now();
  const api = adminApi(base, staffToken);
  const { merchant, product, pkg, codes } = await createCodePackage(api, CODES);
  console.log(
    `set-up: package ${pkg.id} of ${fmt(CODES)} codes in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`,
  );
  const { campaign, batch } = await createDrawCampaign(api, { merchant, product, pkg, suffix });
  await withClient(benchUrl, (client) => client.query("ANALYZE"));
  console.log(
    `set-up: wheel ${campaign.id} published, activity batch ${batch.id} active, database analyzed; slots (allocation, probability, wins an account may have a day): ${DRAW_SLOTS.map((s, i) => `${i}: ${s.allocation} ${s.probability}% ${s.times}`).join(", ")}; ${fmt(allocated)} allocated`,
  );

  // --- the drawing phase, measured ---
  const client = jsonClient(base, { connections: CLIENTS });
  const activityBefore = await databaseActivity(DATABASE_URL, databaseName);
  const redisBefore = await redisCommandCalls(REDIS_URL);
  const before = {
    server: cpuSeconds(server.child.pid),
    postgres: postgresCpu(),
    machine: machineCpu(),
    bench: process.cpuUsage(),
  };
  const phaseStarted = performance.now();
  const progressEvery = Math.max(1, Math.round(CODES / 10));
  const run = await drawAll({
    client,
    codes,
    accounts,
    clients: CLIENTS,
    progressEvery,
    onProgress: (done) => {
      const seconds = (performance.now() - phaseStarted) / 1000;
      console.log(
        `  ${fmt(done)} draws answered in ${seconds.toFixed(2)} s (${fmt(done / seconds)}/s)`,
      );
    },
  });
  const machine = machineCpu();
  const serverCpu = cpuSeconds(server.child.pid) - before.server;
  const postgresCpuUsed = postgresCpuSince(before.postgres);
  const benchCpu = process.cpuUsage(before.bench);
  const busy =
    1 - (machine.idle - before.machine.idle) / (machine.total - before.machine.total || 1);
  const drawsPerSecond = CODES / run.seconds;
  const latencies = run.results.map((result) => result.ms);
  console.log(
    `drawing: ${fmt(CODES)} codes by ${CLIENTS} clients in ${run.seconds.toFixed(2)} s = ${fmt(drawsPerSecond)} draws/s; latency p50 ${quantile(latencies, 0.5)} ms, p99 ${quantile(latencies, 0.99)} ms; CPU per draw: server ${fmt((serverCpu * 1e6) / CODES)} µs, PostgreSQL ${fmt((postgresCpuUsed * 1e6) / CODES)} µs, this load generator ${fmt((benchCpu.user + benchCpu.system) / CODES)} µs; machine ${Math.round(busy * 100)}% busy, load average ${loadavg()[0].toFixed(1)}`,
  );
  // Backends report their statistics at most once a second.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const activity = await databaseActivity(DATABASE_URL, databaseName);
  const redisCommands = commandsSince(redisBefore, await redisCommandCalls(REDIS_URL));
  const perDraw = (n) => (n / CODES).toFixed(2);
  console.log(
    `  per draw: PostgreSQL ${perDraw(activity.transactions - activityBefore.transactions)} transactions, ${perDraw(activity.read - activityBefore.read)} rows read, ${perDraw(activity.inserted - activityBefore.inserted)} inserted; Redis (whole server; the commands scripts run count too, so EVALSHA is the round trips) ${redisCommands.map(([command, calls]) => `${command} ${perDraw(calls)}`).join(", ") || "no commands"}`,
  );
  let errors = reportErrors("the drawing phase", run.results);
  const refusedInPhase = run.results.filter((result) => result.outcome === "played").length;
  if (refusedInPhase > 0) {
    console.error(`  ${refusedInPhase} code(s) refused as already played in the drawing phase`);
    errors += refusedInPhase;
  }

  // --- the re-draw: every code played must be refused ---
  const redraw = await redrawSample({ client, codes, accounts, count: REDRAW, clients: CLIENTS });
  client.close();
  const redrawn = redraw.results.filter((result) => result.outcome === "drawn").length;
  const refused = redraw.results.filter((result) => result.outcome === "played").length;
  console.log(
    `re-draw: ${fmt(redraw.results.length)} played codes drawn again: ${refused} refused (CODE_ALREADY_PLAYED), ${redrawn} drawn again`,
  );
  errors += reportErrors("the re-draw", redraw.results);

  // --- the checks, from the answers and from the server ---
  const answers = responseFigures([...run.results, ...redraw.results], DRAW_SLOTS, TIME_ZONE);
  const statistics = await api("GET", `/v1/campaigns/${campaign.id}/statistics`);
  const winners = await allWinners(api, campaign.id);
  const stored = serverFigures({
    statistics,
    winners,
    slots: DRAW_SLOTS,
    codeCount: CODES,
    timeZone: TIME_ZONE,
  });
  const reasons = Object.entries(answers.reasons)
    .map(([reason, count]) => `${reason} ${fmt(count)}`)
    .join(", ");
  console.log(
    `answers: ${fmt(answers.draws)} draws, ${fmt(answers.wins)} wins (by slot ${perSlot(answers.won)}); no prize: ${reasons || "none"}; over_allocated ${answers.over_allocated}, double_played ${answers.double_played}, over_limit ${answers.over_limit}`,
  );
  console.log(
    `server: ${fmt(stored.draws)} draws, ${fmt(stored.wins)} wins (statistics by slot ${perSlot(stored.won)}; winners list ${fmt(stored.listed_wins)}, by slot ${perSlot(stored.listed_won)}); over_allocated ${stored.over_allocated}, double_played ${stored.double_played}, over_limit ${stored.over_limit}`,
  );
  const disagree = disagreements(answers, stored);
  for (const sentence of disagree) console.error(`  DISAGREE: ${sentence}`);

  const drawnInPhase = run.results.filter((result) => result.outcome === "drawn").length;
  const result = {
    draws: drawnInPhase,
    draws_per_s: Math.round(drawsPerSecond),
    won: answers.wins,
    allocated,
    over_allocated: Math.max(answers.over_allocated, stored.over_allocated),
    double_played: Math.max(answers.double_played, stored.double_played),
    over_limit: Math.max(answers.over_limit, stored.over_limit),
  };
  console.log(JSON.stringify(result));
  if (
    result.over_allocated > 0 ||
    result.double_played > 0 ||
    result.over_limit > 0 ||
    result.won > result.allocated ||
    result.draws !== CODES ||
    errors > 0 ||
    disagree.length > 0
  ) {
    failed = true;
    const log = server.stderr().trim().split("\n").slice(-40).join("\n");
    if (log) console.error(`reference server's last log lines:\n${log}`);
  }
} catch (error) {
  failed = true;
  console.error(error);
  if (server) console.error(server.stderr());
} finally {
  await stopProcess(server);
  if (databaseCreated && KEEP) {
    console.error(`kept database ${databaseName} (tenant ${tenantId})`);
  } else if (databaseCreated) {
    await dropBenchDatabase(DATABASE_URL, databaseName).catch((error) =>
      console.error(`could not drop database ${databaseName}: ${error.message}`),
    );
  }
  await removeRedisKeys(REDIS_URL, redisPrefix);
  if (workDir) await rm(workDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
