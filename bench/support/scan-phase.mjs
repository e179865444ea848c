// One phase of the scan benchmark: the load generator against one server,
// with the CPU that the server, PostgreSQL and the machine spent meanwhile.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { cpuSeconds, machineCpu, postgresCpu, postgresCpuSince } from "./process-cpu.mjs";

const LOAD_GENERATOR = fileURLToPath(new URL("scan-load.mjs", import.meta.url));
const fmt = (n) => Math.round(n).toLocaleString("en-US");

/**
 * Runs the load generator (scan-load.mjs, in a process of its own) with
 * `options` ({ url, connections, seconds, tenantId, codesFile, tag, idsFile?,
 * rate? }) and resolves with autocannon's result.
 */
export async function runLoad(options) {
  const child = spawn(process.execPath, [LOAD_GENERATOR, JSON.stringify(options)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const chunks = [];
  child.stdout.on("data", (chunk) => chunks.push(chunk));
  const [code] = await once(child, "exit");
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  const lines = Buffer.concat(chunks).toString().trim().split("\n");
  return JSON.parse(lines.at(-1));
}

/**
 * Runs `load` (resolving with autocannon's result) while sampling the CPU of
 * process `serverPid`, of PostgreSQL and of the machine; prints the phase's
 * figures under `label` and resolves with them: requests/s, answers, latency,
 * errors (transport errors + timeouts + non-2xx answers), CPU per request in µs.
 */
export async function measuredPhase(label, serverPid, load) {
  const before = {
    server: cpuSeconds(serverPid),
    postgres: postgresCpu(),
    machine: machineCpu(),
  };
  const result = await load();
  const machine = machineCpu();
  const seconds = result.duration;
  const busy = 1 - (machine.idle - before.machine.idle) / (machine.total - before.machine.total);
  const cores = {
    server: (cpuSeconds(serverPid) - before.server) / seconds,
    postgres: postgresCpuSince(before.postgres) / seconds,
    generator: result.loadCpuSeconds / seconds,
  };
  const rps = result.requests.average;
  const perRequest = (used) => (rps > 0 ? (used * 1e6) / rps : 0);
  const errors = result.errors + result.timeouts + result.non2xx;
  console.log(
    `${label}: ${fmt(rps)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ${fmt(result.requests.total)} answered, ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
  );
  console.log(
    `  CPU (cores of ${cpus().length}): server ${cores.server.toFixed(2)}, PostgreSQL ${cores.postgres.toFixed(2)}, load generator ${cores.generator.toFixed(2)}; machine ${(busy * 100).toFixed(0)}% busy, load average ${loadavg()[0].toFixed(2)}`,
  );
  console.log(
    `  CPU per request: server ${fmt(perRequest(cores.server))} µs, PostgreSQL ${fmt(perRequest(cores.postgres))} µs, load generator ${fmt(perRequest(cores.generator))} µs`,
  );
  return {
    rps,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    serverUs: perRequest(cores.server),
    postgresUs: perRequest(cores.postgres),
    machineBusy: busy,
  };
}

/**
 * The order of the measured phases: `rounds` rounds of bare, OneCode and
 * the hand-written server at `rate` (0: full load), then `rounds` rounds of
 * the two at `fixedRate`. Which of the two goes first is drawn once, so
 * their phases alternate and slow drift of the machine falls on both.
 */
export function phasePlan(rounds, rate, fixedRate) {
  const pair = Math.random() < 0.5 ? ["onecode", "handwritten"] : ["handwritten", "onecode"];
  const plan = [];
  for (let round = 1; round <= rounds; round += 1) {
    plan.push(...["bare", ...pair].map((name) => ({ name, round, kind: "full", rate })));
  }
  for (let round = 1; round <= rounds; round += 1) {
    plan.push(...pair.map((name) => ({ name, round, kind: "fixed", rate: fixedRate })));
  }
  return plan;
}
