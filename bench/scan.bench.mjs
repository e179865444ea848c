// Public scan throughput of the reference server on PostgreSQL + Redis,
// against two baselines under the same load from the same load generator:
// a bare node:http server answering a fixed 1 KB JSON (the ceiling), and a
// hand-written scan server (support/handwritten-server.mjs: node:http, a pg
// pool of 16, ioredis; per scan an INCR + PEXPIRE rate-limit key and one
// statement that looks the code up, records the scan and upserts its count).
//
//   npm run bench -- scan [--seconds 20] [--connections 64] [--codes 100000]
//                         [--warmup 3] [--rounds 2] [--fixed-rate 1500] [--rate N]
//
// --seconds (alias --duration): length of every measured phase.
// --connections: load-generator connections in every phase.
// --codes: codes in the package; each request scans a random one of them.
// --warmup: seconds of unmeasured load on each server before the phases.
// --rounds: how often each phase runs. A round is bare, then OneCode and the
//   hand-written server at full load, in an order drawn at random once and
//   kept, so their phases alternate (O H O H or H O H O) and the machine's
//   drift falls on both; then the same alternation at --fixed-rate.
// --fixed-rate: requests/s offered in the fixed-rate phases (latency at a
//   load both servers can carry), evenly spaced over the connections, each
//   request's latency counted from when it was due (support/paced-load.mjs).
// --rate N: the full-load phases offer N requests/s instead of as many as
//   the connections can make: throughput and ratios then say nothing, but
//   CPU per request (server_us, postgres_us) compares builds on a noisy
//   machine better than throughput does.
//
// Set-up goes through OneCode's public HTTP API: a merchant, a product, a
// rule, one package of --codes codes, a trace batch, bind, activate. The
// baseline gets the same product, batch and codes in tables of its own
// (schema `handwritten`) in the same database; then the database is
// analyzed, as autovacuum would soon do. Both servers get the same rate
// limit (50,000,000 scans per 1,000 ms per client address, so nothing is
// refused). Every request carries a userId of its own; after each phase,
// every userId answered 2xx must be exactly one row of its server's scans
// table, and no phase may have errors or non-2xx answers (else exit 1). The
// reference server runs examples/server/dist/main.js on a fresh database
// (DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/test,
// needs CREATEDB) and Redis (REDIS_URL, default redis://127.0.0.1:6379)
// under a key prefix of its own; all is removed at the end. Durability stays
// as configured on the server. BENCH_SERVER_ARGS adds node flags to the
// reference server's command line, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof",
// BENCH_HANDWRITTEN_ARGS to the hand-written server's.
// PostgreSQL CPU is what every `postgres` process on the machine used during
// the phase (other sessions' too). A phase that served less than 95% of the
// rate it was offered is named in a note: its latency compares nothing.
//
// Last line, JSON (figures are medians over the rounds; rates in requests/s,
// latencies in ms, CPU in µs per request):
//   scan_rps, bare_rps, handwritten_rps; ratio (scan/bare),
//   ratio_vs_handwritten (scan/handwritten); p99_ms, handwritten_p99_ms at
//   full load; p99_ms_at_<R>, handwritten_p99_ms_at_<R> at --fixed-rate R;
//   server_us, postgres_us, handwritten_server_us, handwritten_postgres_us
//   at full load; errors (all phases); requests (scans answered 2xx, both
//   servers, all phases) and recorded (of those, found in the database);
//   offered_rps with --rate; rounds; phases: every measured phase in order,
//   { server, round, offered_rps (null at full load), rps, p50_ms, p99_ms,
//   errors, requests, recorded, server_us, postgres_us }.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createBenchDatabase, dropBenchDatabase, withClient } from "./support/bench-database.mjs";
import { numberOption } from "./support/bench-options.mjs";
import { startProcess, startReferenceServer, stopProcess } from "./support/child-process.mjs";
import { createHandwrittenData, HANDWRITTEN_SCHEMA } from "./support/handwritten-schema.mjs";
import { adminApi, createScanData } from "./support/onecode-setup.mjs";
import { recordedExactlyOnce, recordedScans } from "./support/recorded-scans.mjs";
import { removeRedisKeys } from "./support/redis-keys.mjs";
import { measuredPhase, phasePlan, runLoad } from "./support/scan-phase.mjs";
import { scanReport } from "./support/scan-report.mjs";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const SECONDS = numberOption("--seconds", numberOption("--duration", 20));
const CONNECTIONS = numberOption("--connections", 64);
const CODES = numberOption("--codes", 100_000);
const WARMUP = numberOption("--warmup", 3);
const ROUNDS = numberOption("--rounds", 2);
const FIXED_RATE = numberOption("--fixed-rate", 1500);
const RATE = numberOption("--rate", 0);
const SCAN_RATE_LIMIT = "50000000/1000";
const TENANT = "bench";
const here = fileURLToPath(new URL(".", import.meta.url));

const fmt = (n) => Math.round(n).toLocaleString("en-US");
const suffix = randomBytes(4).toString("hex");
const databaseName = `onecode_bench_${suffix}`;
const benchUrl = (() => {
  const url = new URL(DATABASE_URL);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
const redisPrefix = `onecode-bench-${suffix}:`;

/** Node flags from environment variable `name`, split at spaces (none when unset). */
const nodeFlags = (name) => process.env[name]?.split(" ").filter(Boolean) ?? [];

/** Throws unless a public scan of `code` at `base` answers with verdict `expected`. */
async function probe(base, code, expected) {
  const response = await fetch(`${base}/v1/public/scans`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenantId: TENANT, code }),
  });
  const body = await response.json();
  if (body.verdict !== expected) {
    throw new Error(`probe scan at ${base} answered ${response.status} ${JSON.stringify(body)}`);
  }
}

const running = [];
let workDir;
let databaseCreated = false;
let failed = false;

try {
  workDir = await mkdtemp(join(tmpdir(), "onecode-scan-bench-"));
  // Set first: dropping a database that was never created does nothing (IF EXISTS).
  databaseCreated = true;
  const version = await createBenchDatabase(DATABASE_URL, databaseName);
  console.log(
    `PostgreSQL ${version.version} (synchronous_commit=${version.sync}), database ${databaseName}; Redis prefix ${redisPrefix}`,
  );

  // --- the reference server, on its own fresh database ---
  const token = `oc_${randomBytes(24).toString("base64url")}`;
  const { server, base } = await startReferenceServer({
    workDir,
    tokenLines: [`ONECODE_TOKEN_BENCH_ADMIN=${token};tenant=${TENANT};roles=admin`],
    databaseUrl: benchUrl,
    redisUrl: REDIS_URL,
    redisPrefix,
    env: { ONECODE_SCAN_RATE_LIMIT: SCAN_RATE_LIMIT },
  });
  running.push(server);

  // --- the same data for both servers ---
  const setupStarted = Date.now();
  const { codes, product, batch } = await createScanData(adminApi(base, token), CODES, suffix);
  await probe(base, codes[0], "genuine");
  await withClient(benchUrl, async (client) => {
    await createHandwrittenData(client, { tenantId: TENANT, product, batch, codes });
    await client.query("ANALYZE");
  });
  const codesFile = join(workDir, "codes.txt");
  await writeFile(codesFile, codes.join("\n"));
  console.log(
    `set-up: merchant, product, rule, package of ${fmt(CODES)} codes, batch ${batch.id} bound and active, copied to schema ${HANDWRITTEN_SCHEMA}, analyzed in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`,
  );

  // --- the baselines ---
  const handwritten = await startProcess(
    [...nodeFlags("BENCH_HANDWRITTEN_ARGS"), join(here, "support", "handwritten-server.mjs")],
    {
      DATABASE_URL: benchUrl,
      REDIS_URL,
      REDIS_PREFIX: `${redisPrefix}handwritten:`,
      SCAN_RATE_LIMIT,
      SCHEMA: HANDWRITTEN_SCHEMA,
    },
    /listening (\d+)/,
    "hand-written server",
  );
  running.push(handwritten);
  const handwrittenUrl = `http://127.0.0.1:${handwritten.match[1]}`;
  await probe(handwrittenUrl, codes[0], "genuine");
  await probe(handwrittenUrl, `${codes[0]}x`, "unknown_code");
  const bare = await startProcess(
    [join(here, "support", "bare-server.mjs")],
    {},
    /listening (\d+)/,
    "bare server",
  );
  running.push(bare);
  console.log(
    `hand-written server ${handwrittenUrl} (pid ${handwritten.child.pid}), bare server on port ${bare.match[1]} (pid ${bare.child.pid})`,
  );

  const targets = {
    onecode: { url: base, pid: server.child.pid, tag: "o", table: "onecode_scans" },
    handwritten: {
      url: handwrittenUrl,
      pid: handwritten.child.pid,
      tag: "h",
      table: `${HANDWRITTEN_SCHEMA}.scans`,
    },
    bare: { url: `http://127.0.0.1:${bare.match[1]}`, pid: bare.child.pid, tag: "b" },
  };
  const load = (target, seconds, tag, extra = {}) =>
    runLoad({
      url: target.url,
      connections: CONNECTIONS,
      seconds,
      tenantId: TENANT,
      codesFile,
      tag,
      ...extra,
    });

  // --- warm-up (not measured), then the phases ---
  if (WARMUP > 0) {
    for (const target of Object.values(targets)) await load(target, WARMUP, "w-");
  }
  const plan = phasePlan(ROUNDS, RATE, FIXED_RATE);
  console.log(`phases: ${plan.map((p) => `${p.name}${p.rate ? ` ${p.rate}/s` : ""}`).join(", ")}`);
  const phases = [];
  for (const phase of plan) {
    const target = targets[phase.name];
    const tag = `${target.tag}${phase.kind === "fixed" ? "f" : ""}${phase.round}-`;
    const idsFile = target.table && join(workDir, `${tag}ids.txt`);
    const offered = phase.rate > 0 ? `${fmt(phase.rate)}/s offered` : `${CONNECTIONS} connections`;
    const figures = await measuredPhase(
      `${phase.name.padEnd(11)} round ${phase.round}, ${offered}, ${SECONDS} s`,
      target.pid,
      () => load(target, SECONDS, tag, { idsFile, rate: phase.rate }),
    );
    let check = { answered: figures.total, recorded: figures.total, rows: figures.total };
    if (target.table) {
      check = await withClient(benchUrl, (client) =>
        recordedScans(client, target.table, TENANT, idsFile),
      );
      console.log(
        `  recorded: ${fmt(check.recorded)} of ${fmt(check.answered)} answered scans, ${fmt(check.rows)} rows`,
      );
    }
    phases.push({ ...phase, figures, check });
  }
  const report = scanReport(phases, { rounds: ROUNDS, rate: RATE, fixedRate: FIXED_RATE });
  console.log(JSON.stringify(report));
  const allRecorded = phases.every((p) => p.name === "bare" || recordedExactlyOnce(p.check));
  if (report.errors > 0 || !allRecorded) failed = true;
} catch (error) {
  failed = true;
  console.error(error);
  for (const child of running) console.error(child.stderr());
} finally {
  for (const child of running) await stopProcess(child);
  if (databaseCreated) {
    await dropBenchDatabase(DATABASE_URL, databaseName).catch((error) =>
      console.error(`could not drop database ${databaseName}: ${error.message}`),
    );
  }
  await removeRedisKeys(REDIS_URL, redisPrefix);
  if (workDir) await rm(workDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
