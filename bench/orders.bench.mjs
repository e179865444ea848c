// Orders under contention, over HTTP on the reference server (PostgreSQL +
// Redis): one SKU of --stock units under each stock policy in turn, bought
// by consumers all at once, and whether any unit was sold twice.
//
//   npm run bench -- orders [--stock 100] [--attempts 1000] [--consumers 100]
//                           [--connections N] [--timeouts] [--keep]
//
// Per policy (reserve_on_create, then reserve_on_pay; one product with one
// SKU each):
//   1. --attempts order attempts start at once, one unit each, by
//      --consumers buyers in turn (POST /v1/my/orders with a consumer
//      token); under reserve_on_pay each created order is paid at once
//      (POST /v1/my/orders/{id}/payments, the server's fake payment port,
//      which succeeds), which is when its unit is taken;
//   2. half of the successful orders are given back, all at once: under
//      reserve_on_create the buyer cancels the unpaid order (POST
//      /v1/my/orders/{id}/cancel), under reserve_on_pay staff close the paid
//      order with a refund (POST /v1/orders/{id}/close), which returns its
//      unshipped stock. With --timeouts the tenant's payment timeout is set
//      to 1 minute (PATCH /v1/order-settings) and, under reserve_on_create,
//      the other half is paid while this half is left to the timeout: the
//      server's timer tick closes it (the run waits about a minute longer);
//   3. --attempts more attempts, as in 1.
// Then the database is read directly (support/sku-stock-figures.mjs): sold =
// units of every reservation ever taken for the SKU (held, committed or
// released), returned = units of released reservations, stock_left =
// onecode_skus.stock; oversold = max(0, sold - returned - stock) plus any
// negative stock; conserved = sold + stock_left == stock + returned. The
// same figures counted from the HTTP answers (orders created or paid, orders
// closed) must agree with the database (matches_http).
//
// --connections caps the sockets the attempts share (default: one each, so
// all --attempts are in flight together). The reference server runs
// examples/server/dist/main.js on a fresh database (DATABASE_URL's server,
// default postgres://postgres@127.0.0.1:5432/test, needs CREATEDB), a fresh
// tenant and Redis (REDIS_URL, default redis://127.0.0.1:6379) under a key
// prefix of its own; all is removed at the end unless --keep (the database
// is then named in the output). Its token file holds one admin token and
// --consumers consumer tokens (kind=consumer). BENCH_SERVER_ARGS adds node
// flags to the server's command line.
//
// Last line, JSON: attempts (order attempts per policy), policies: per
// policy { policy, sold, returned, stock_left, oversold, conserved,
// matches_http, created (orders created), refused (409 STOCK_EXHAUSTED at
// creation), closed_at_payment (paid after the stock ran out: closed and
// refunded), errors (any other answer), seconds (the two attempt waves),
// server_us and postgres_us (CPU per attempt in µs during the waves: of the
// server process, and of every postgres process on the machine, other
// sessions' too; steadier than the rate on a busy machine, but only as clean
// as the machine), orders_per_s (attempts / seconds) }, oversold (sum),
// conserved (both), errors (sum), orders_per_s (attempts of both policies
// over the seconds of their waves: order creation over HTTP, mixed with the
// payments under reserve_on_pay). Exits 1 when a check failed or any answer
// was unexpected.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createBenchDatabase, dropBenchDatabase, withClient } from "./support/bench-database.mjs";
import { flagOption, numberOption } from "./support/bench-options.mjs";
import { startReferenceServer, stopProcess } from "./support/child-process.mjs";
import { describeAnswer, jsonClient } from "./support/json-client.mjs";
import { adminApi } from "./support/onecode-setup.mjs";
import { orderWave, outcomeCounts, returnHalf } from "./support/order-attempts.mjs";
import { createOrderCatalog } from "./support/orders-setup.mjs";
import { cpuSeconds, machineCpu, postgresCpu, postgresCpuSince } from "./support/process-cpu.mjs";
import { removeRedisKeys } from "./support/redis-keys.mjs";
import { skuStockFigures, stockChecks } from "./support/sku-stock-figures.mjs";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const STOCK = numberOption("--stock", 100);
const ATTEMPTS = numberOption("--attempts", 1000);
const CONSUMERS = numberOption("--consumers", 100);
const CONNECTIONS = numberOption("--connections", ATTEMPTS);
const KEEP = flagOption("--keep");
const TIMEOUTS = flagOption("--timeouts");
const POLICIES = ["reserve_on_create", "reserve_on_pay"];

const suffix = randomBytes(4).toString("hex");
const tenantId = `bench-orders-${suffix}`;
const databaseName = `onecode_bench_orders_${suffix}`;
const benchUrl = (() => {
  const url = new URL(DATABASE_URL);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
const redisPrefix = `onecode-bench-orders-${suffix}:`;
const newToken = () => `oc_${randomBytes(24).toString("base64url")}`;

/** Prints up to three unexpected answers of `step`. */
function reportErrors(step, answers) {
  if (answers.length === 0) return;
  console.error(`  ${answers.length} unexpected answer(s) in ${step}, e.g.:`);
  for (const answer of answers.slice(0, 3)) console.error(`    ${describeAnswer(answer)}`);
}

/**
 * Runs `step` with a client of its own on `base` (sockets left idle between
 * steps would meet the server's keep-alive timeout) and closes it after.
 */
async function withHttp(base, step) {
  const client = jsonClient(base, { connections: CONNECTIONS });
  try {
    return await step(client);
  } finally {
    client.close();
  }
}

/** Steps 1-3 of the header on one policy's SKU, then the read-back; returns its figures. */
async function runPolicy({ base, serverPid, consumerTokens, staffToken, skuId, policy }) {
  const pay = policy === "reserve_on_pay";
  const cpu = { server: 0, postgres: 0 };
  const wave = async (label) => {
    const before = {
      server: cpuSeconds(serverPid),
      postgres: postgresCpu(),
      machine: machineCpu(),
    };
    const run = await withHttp(base, (client) =>
      orderWave({ client, tokens: consumerTokens, skuId, count: ATTEMPTS, pay }),
    );
    const machine = machineCpu();
    cpu.server += cpuSeconds(serverPid) - before.server;
    cpu.postgres += postgresCpuSince(before.postgres);
    const busy =
      1 - (machine.idle - before.machine.idle) / (machine.total - before.machine.total || 1);
    const counts = outcomeCounts(run.results);
    console.log(
      `${policy}: ${label}: ${ATTEMPTS} attempts in ${run.seconds.toFixed(2)} s = ${Math.round(ATTEMPTS / run.seconds)}/s; sold ${counts.sold}, refused ${counts.refused}, closed at payment ${counts.closed_at_payment}, errors ${counts.error}; machine ${Math.round(busy * 100)}% busy, load average ${loadavg()[0].toFixed(1)}`,
    );
    reportErrors(
      `${policy} ${label}`,
      run.results.filter((r) => r.outcome === "error").map((r) => r.answer),
    );
    return { ...run, counts };
  };

  const first = await wave("wave 1");
  const sold = first.results.filter((result) => result.outcome === "sold");
  const started = performance.now();
  const back = await withHttp(base, (client) =>
    returnHalf({ client, staffToken, sold, policy, timeouts: TIMEOUTS }),
  );
  console.log(
    `${policy}: gave back ${back.returned} of ${sold.length} sold orders (${back.how}) in ${((performance.now() - started) / 1000).toFixed(2)} s`,
  );
  reportErrors(`${policy} give-back`, back.errors);
  const second = await wave("wave 2");

  const figures = await withClient(benchUrl, (db) => skuStockFigures(db, tenantId, skuId));
  const checks = stockChecks(figures, STOCK);
  const both = [first, second];
  const sum = (key) => both.reduce((total, run) => total + run.counts[key], 0);
  const created = both.reduce(
    (total, run) => total + run.results.filter((r) => r.orderId !== null).length,
    0,
  );
  const seconds = first.seconds + second.seconds;
  const matchesHttp = figures.sold === sum("sold") && figures.returned === back.returned;
  console.log(
    `${policy}: database: sold ${figures.sold} (${figures.reservations} reservations), returned ${figures.returned}, stock left ${figures.stock_left}; oversold ${checks.oversold}, conserved ${checks.conserved}; HTTP answers say sold ${sum("sold")}, returned ${back.returned}: ${matchesHttp ? "agree" : "DISAGREE"}`,
  );
  return {
    policy,
    sold: figures.sold,
    returned: figures.returned,
    stock_left: figures.stock_left,
    oversold: checks.oversold,
    conserved: checks.conserved,
    matches_http: matchesHttp,
    created,
    refused: sum("refused"),
    closed_at_payment: sum("closed_at_payment"),
    errors: sum("error") + back.errors.length,
    seconds: Math.round(seconds * 100) / 100,
    server_us: Math.round((cpu.server * 1e6) / (2 * ATTEMPTS)),
    postgres_us: Math.round((cpu.postgres * 1e6) / (2 * ATTEMPTS)),
    orders_per_s: Math.round((2 * ATTEMPTS) / seconds),
  };
}

let server;
let workDir;
let databaseCreated = false;
let failed = false;

try {
  workDir = await mkdtemp(join(tmpdir(), "onecode-orders-bench-"));
  // Set first: dropping a database that was never created does nothing (IF EXISTS).
  databaseCreated = true;
  const version = await createBenchDatabase(DATABASE_URL, databaseName);
  console.log(
    `PostgreSQL ${version.version} (synchronous_commit=${version.sync}), database ${databaseName}; Redis prefix ${redisPrefix}; tenant ${tenantId}`,
  );

  const staffToken = newToken();
  const consumerTokens = Array.from({ length: CONSUMERS }, newToken);
  let base;
  ({ server, base } = await startReferenceServer({
    workDir,
    tokenLines: [
      `ONECODE_TOKEN_BENCH_ADMIN=${staffToken};tenant=${tenantId};roles=admin`,
      ...consumerTokens.map(
        (token, i) =>
          `ONECODE_TOKEN_BUYER_${i + 1}=${token};tenant=${tenantId};kind=consumer;actor=buyer-${i + 1}`,
      ),
    ],
    databaseUrl: benchUrl,
    redisUrl: REDIS_URL,
    redisPrefix,
  }));

  const api = adminApi(base, staffToken);
  const skus = await createOrderCatalog(api, POLICIES, STOCK, suffix);
  if (TIMEOUTS) await api("PATCH", "/v1/order-settings", { closeUnpaidAfterMinutes: 1 });
  console.log(
    `set-up: one SKU of ${STOCK} units per policy (${POLICIES.map((p) => `${p} ${skus[p]}`).join(", ")}); ${CONSUMERS} consumers, ${CONNECTIONS} connections${TIMEOUTS ? "; unpaid orders close after 1 minute" : ""}`,
  );

  const policies = [];
  for (const policy of POLICIES) {
    policies.push(
      await runPolicy({
        base,
        serverPid: server.child.pid,
        consumerTokens,
        staffToken,
        skuId: skus[policy],
        policy,
      }),
    );
  }

  const seconds = policies.reduce((total, run) => total + run.seconds, 0);
  const result = {
    attempts: 2 * ATTEMPTS,
    policies,
    oversold: policies.reduce((total, run) => total + run.oversold, 0),
    conserved: policies.every((run) => run.conserved),
    errors: policies.reduce((total, run) => total + run.errors, 0),
    orders_per_s: Math.round((policies.length * 2 * ATTEMPTS) / seconds),
  };
  console.log(JSON.stringify(result));
  if (
    result.oversold > 0 ||
    !result.conserved ||
    result.errors > 0 ||
    !policies.every((run) => run.matches_http)
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
