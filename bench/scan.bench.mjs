// Public scan throughput against the reference server on PostgreSQL + Redis,
// compared with a bare node:http server answering a fixed 1 KB JSON under the
// same load from the same load generator.
//
//   npm run bench -- scan [--seconds 20] [--connections 64] [--codes 100000] [--warmup 3] [--rate N]
//
// Set-up goes through the public HTTP API: a merchant, a product, a rule, one
// package of --codes codes, a trace batch, bind, activate. Then autocannon
// (in a process of its own) POSTs /v1/public/scans of random known codes for
// --seconds at --connections, each request with a userId of its own; every
// 2xx answer's scan must be in onecode_scans, and there must be no errors and
// no non-2xx answers. The server runs examples/server/dist/main.js on a fresh
// database (DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/test,
// needs CREATEDB) and Redis (REDIS_URL, default redis://127.0.0.1:6379) under a
// key prefix of its own; both are removed at the end. Durability stays as
// configured on the server. BENCH_SERVER_ARGS adds node flags to the server's
// command line, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
// --rate N offers N requests/s in both measured phases instead of as many as
// the connections can make: throughput and ratio then say nothing, but CPU
// per request (the server_us and postgres_us figures) compares builds on a
// noisy machine better than throughput does.
// Last line: JSON.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import pg from "pg";
import { BENCH_RULE, numberOption } from "./support/bench-options.mjs";
import { cpuSeconds, machineCpu, postgresCpuSeconds } from "./support/process-cpu.mjs";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const SECONDS = numberOption("--seconds", 20);
const CONNECTIONS = numberOption("--connections", 64);
const CODES = numberOption("--codes", 100_000);
const WARMUP = numberOption("--warmup", 3);
const RATE = numberOption("--rate", 0);
const TENANT = "bench";
const here = fileURLToPath(new URL(".", import.meta.url));
const SERVER_MAIN = join(here, "..", "examples", "server", "dist", "main.js");

const round = (value, digits = 2) => Number(value.toFixed(digits));
const fmt = (n) => Math.round(n).toLocaleString("en-US");
const suffix = randomBytes(4).toString("hex");
const databaseName = `onecode_bench_${suffix}`;
const benchUrl = (() => {
  const url = new URL(DATABASE_URL);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
const redisPrefix = `onecode-bench-${suffix}:`;

/** A plain client on DATABASE_URL (admin) or the bench database, for set-up and checks. */
async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Starts a node process, resolving once a stdout line matches `ready` (with its match). */
async function startProcess(args, env, ready, label) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderr = [];
  child.stderr.on("data", (chunk) => stderr.push(chunk));
  const lines = createInterface({ input: child.stdout });
  const match = await new Promise((resolve, reject) => {
    child.once("exit", (code) =>
      reject(new Error(`${label} exited with ${code}: ${Buffer.concat(stderr).toString()}`)),
    );
    lines.on("line", (line) => {
      const found = ready.exec(line);
      if (found) resolve(found);
    });
  });
  return { child, match, stderr: () => Buffer.concat(stderr).toString() };
}

async function stopProcess(running) {
  if (!running || running.child.exitCode !== null) return;
  running.child.kill("SIGTERM");
  await Promise.race([once(running.child, "exit"), new Promise((r) => setTimeout(r, 5000))]);
  if (running.child.exitCode === null) running.child.kill("SIGKILL");
}

/** Runs the load generator for `seconds` against `url` (at most `rate` requests/s when given); resolves with autocannon's result. */
async function load(url, seconds, codesFile, tag, { idsFile, rate = 0 } = {}) {
  const options = {
    url,
    connections: CONNECTIONS,
    seconds,
    tenantId: TENANT,
    codesFile,
    tag,
    ...(idsFile && { idsFile }),
    ...(rate > 0 && { rate }),
  };
  const child = spawn(
    process.execPath,
    [join(here, "support", "scan-load.mjs"), JSON.stringify(options)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const chunks = [];
  child.stdout.on("data", (chunk) => chunks.push(chunk));
  const [code] = await once(child, "exit");
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  const lines = Buffer.concat(chunks).toString().trim().split("\n");
  return JSON.parse(lines.at(-1));
}

/** Runs a measured phase while sampling CPU of the server, PostgreSQL and the machine. */
async function measured(label, serverPid, run) {
  const before = {
    server: cpuSeconds(serverPid),
    postgres: postgresCpuSeconds(),
    machine: machineCpu(),
  };
  const result = await run();
  const machine = machineCpu();
  const seconds = result.duration;
  const busy = 1 - (machine.idle - before.machine.idle) / (machine.total - before.machine.total);
  const load = {
    server: (cpuSeconds(serverPid) - before.server) / seconds,
    postgres: (postgresCpuSeconds() - before.postgres) / seconds,
    generator: result.loadCpuSeconds / seconds,
    machineBusy: busy,
    loadavg: loadavg()[0],
  };
  const errors = result.errors + result.timeouts + result.non2xx;
  console.log(
    `${label}: ${fmt(result.requests.average)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ${fmt(result.requests.total)} answered, ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
  );
  console.log(
    `  CPU (cores of ${cpus().length}): server ${load.server.toFixed(2)}, PostgreSQL ${load.postgres.toFixed(2)}, load generator ${load.generator.toFixed(2)}; machine ${(busy * 100).toFixed(0)}% busy, load average ${load.loadavg.toFixed(2)}`,
  );
  const perRequest = (cores) => (cores * 1e6) / result.requests.average;
  console.log(
    `  CPU per request: server ${fmt(perRequest(load.server))} µs, PostgreSQL ${fmt(perRequest(load.postgres))} µs, load generator ${fmt(perRequest(load.generator))} µs`,
  );
  load.serverUs = perRequest(load.server);
  load.postgresUs = perRequest(load.postgres);
  return { result, errors, load };
}

let server;
let bare;
let workDir;
let databaseCreated = false;
let failed = false;

try {
  workDir = await mkdtemp(join(tmpdir(), "onecode-scan-bench-"));
  const version = await withClient(DATABASE_URL, async (client) => {
    await client.query(`CREATE DATABASE "${databaseName}"`);
    databaseCreated = true;
    const { rows } = await client.query(
      "SELECT current_setting('server_version') AS version, current_setting('synchronous_commit') AS sync",
    );
    return rows[0];
  });
  console.log(
    `PostgreSQL ${version.version} (synchronous_commit=${version.sync}), database ${databaseName}; Redis prefix ${redisPrefix}`,
  );

  // --- the reference server, on its own fresh database ---
  const token = `oc_${randomBytes(24).toString("base64url")}`;
  const tokensFile = join(workDir, "tokens.env");
  await writeFile(tokensFile, `ONECODE_TOKEN_BENCH_ADMIN=${token};tenant=${TENANT};roles=admin\n`, {
    mode: 0o600,
  });
  server = await startProcess(
    [
      ...(process.env.BENCH_SERVER_ARGS ? process.env.BENCH_SERVER_ARGS.split(" ") : []),
      SERVER_MAIN,
    ],
    {
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: benchUrl,
      REDIS_URL,
      ONECODE_REDIS_PREFIX: redisPrefix,
      ONECODE_SCAN_RATE_LIMIT: "50000000/1000",
      ONECODE_DATA_DIR: workDir,
      ONECODE_TOKENS_FILE: tokensFile,
    },
    /listening on (http:\/\/\S+)/,
    "reference server",
  );
  const base = server.match[1];
  console.log(`reference server ${base} (pid ${server.child.pid})`);

  const api = async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return path.endsWith(".csv") ? response.text() : response.json();
  };

  // --- set-up through the public API ---
  const setupStarted = Date.now();
  const merchant = await api("POST", "/v1/merchants", {
    name: "Bench Merchant",
    codeSource: "platform",
    urlPrefixes: ["https://t.example.com/c/"],
  });
  const product = await api("POST", "/v1/products", {
    merchantId: merchant.id,
    name: "龙井 Bench 250g",
  });
  const rule = await api("POST", "/v1/code-rules", {
    mode: "custom",
    merchantId: merchant.id,
    name: BENCH_RULE.name,
    length: BENCH_RULE.length,
    segments: BENCH_RULE.segments,
    serials: BENCH_RULE.serials,
  });
  let pkg = await api("POST", "/v1/code-packages", {
    merchantId: merchant.id,
    productId: product.id,
    codeType: "single",
    rules: { item: rule.id },
    quantity: CODES,
  });
  while (pkg.status !== "succeeded") {
    if (pkg.status === "failed") throw new Error(`generation failed: ${pkg.failureReason}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    pkg = await api("GET", `/v1/code-packages/${pkg.id}`);
  }
  const csv = await api("GET", `/v1/code-packages/${pkg.id}/codes.csv`);
  const codes = csv
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(",")[2]);
  if (codes.length !== CODES) throw new Error(`expected ${CODES} codes, got ${codes.length}`);
  const batch = await api("POST", "/v1/trace-batches", {
    batchNumber: `BENCH-${suffix}`,
    productId: product.id,
    productionDate: "2026-05-01",
    shelfLifeDays: 365,
    customFields: [{ title: "产地", type: "text", content: "杭州", showOnScan: true }],
  });
  await api("POST", `/v1/trace-batches/${batch.id}/packages`, { packageId: pkg.id });
  await api("POST", `/v1/trace-batches/${batch.id}/status`, { status: "active" });
  const probe = await api("POST", "/v1/public/scans", { tenantId: TENANT, code: codes[0] });
  if (probe.verdict !== "genuine") throw new Error(`probe scan answered ${probe.verdict}`);
  const codesFile = join(workDir, "codes.txt");
  await writeFile(codesFile, codes.join("\n"));
  console.log(
    `set-up: merchant, product, rule, package of ${fmt(CODES)} codes, batch ${batch.id} bound and active in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`,
  );

  // --- scans: warm-up (not measured), then the measured run ---
  if (WARMUP > 0) await load(base, WARMUP, codesFile, "w");
  const idsFile = join(workDir, "answered.txt");
  const scan = await measured(
    `scan   ${CONNECTIONS} connections, ${SECONDS} s`,
    server.child.pid,
    () => load(base, SECONDS, codesFile, "m", { idsFile, rate: RATE }),
  );

  // Every answered scan must be recorded: look each one up by its userId.
  const answered = (await readFile(idsFile, "utf8")).split("\n").filter(Boolean);
  const stored = await withClient(benchUrl, async (client) => {
    const { rows } = await client.query(
      "SELECT user_id FROM onecode_scans WHERE tenant_id = $1 AND user_id LIKE 'm%'",
      [TENANT],
    );
    return new Set(rows.map((row) => row.user_id));
  });
  const recorded = answered.filter((id) => stored.has(id)).length;
  console.log(
    `recorded: ${fmt(recorded)} of ${fmt(answered.length)} answered scans (${fmt(stored.size)} rows incl. requests cut off when the run stopped)`,
  );
  await stopProcess(server);

  // --- the baseline: the same load on a bare node:http server ---
  bare = await startProcess(
    [join(here, "support", "bare-server.mjs")],
    {},
    /listening (\d+)/,
    "bare server",
  );
  const bareUrl = `http://127.0.0.1:${bare.match[1]}`;
  if (WARMUP > 0) await load(bareUrl, WARMUP, codesFile, "w");
  const baseline = await measured(
    `bare   ${CONNECTIONS} connections, ${SECONDS} s`,
    bare.child.pid,
    () => load(bareUrl, SECONDS, codesFile, "b", { rate: RATE }),
  );

  const scanRps = scan.result.requests.average;
  const bareRps = baseline.result.requests.average;
  const ratio = scanRps / bareRps;
  const errors = scan.errors + baseline.errors;
  console.log(
    `ratio ${ratio.toFixed(2)} (target ≥ 0.4, aim 0.6); scan p99 ${scan.result.latency.p99} ms (target ≤ 20); errors ${errors}; every answered scan recorded: ${recorded === answered.length}`,
  );
  if (errors > 0 || recorded !== answered.length || answered.length === 0) failed = true;
  console.log(
    JSON.stringify({
      scan_rps: round(scanRps, 0),
      bare_rps: round(bareRps, 0),
      ratio: round(ratio, 3),
      p99_ms: scan.result.latency.p99,
      errors,
      recorded,
      requests: answered.length,
      server_us: round(scan.load.serverUs, 0),
      postgres_us: round(scan.load.postgresUs, 0),
      ...(RATE > 0 && { offered_rps: RATE }),
    }),
  );
} catch (error) {
  failed = true;
  console.error(error);
  if (server) console.error(server.stderr());
} finally {
  await stopProcess(server);
  await stopProcess(bare);
  if (databaseCreated) {
    await withClient(DATABASE_URL, (client) =>
      client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`),
    ).catch((error) => console.error(`could not drop database ${databaseName}: ${error.message}`));
  }
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${redisPrefix}*`, "COUNT", 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } catch (error) {
    console.error(`could not remove Redis keys ${redisPrefix}*: ${error.message}`);
  } finally {
    redis.disconnect();
  }
  if (workDir) await rm(workDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
