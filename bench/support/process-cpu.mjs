// CPU accounting for the benchmarks, from Linux's /proc (zeros elsewhere).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** user + system CPU seconds a process has used so far (0 when unknown). */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which may hold spaces and ends with ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by each process named `postgres` (the server and its backends), by pid. */
export function postgresCpu() {
  const byPid = new Map();
  let pids = [];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return byPid;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) === "postgres") {
        byPid.set(pid, cpuSeconds(pid));
      }
    } catch {
      // The process ended meanwhile.
    }
  }
  return byPid;
}

/**
 * CPU seconds PostgreSQL used since `before` (from postgresCpu): what each
 * running process used since then, all of it for processes started since.
 * Processes that ended meanwhile count nothing, rather than taking their
 * whole life's CPU off the figure (other sessions' connections come and go).
 */
export function postgresCpuSince(before) {
  let total = 0;
  for (const [pid, seconds] of postgresCpu()) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** Cumulative idle and total CPU time of the machine, in ticks. */
export function machineCpu() {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0];
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { idle, total: values.reduce((a, b) => a + b, 0) };
  } catch {
    return { idle: 0, total: 1 };
  }
}
