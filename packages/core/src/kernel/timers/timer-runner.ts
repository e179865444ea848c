import type { Clock } from "../clock.js";
import { formatErrorForLog } from "../error-log.js";
import type { IdGenerator } from "../ids.js";
import { InputCheck } from "../input-check.js";
import { tenantContext } from "../tenant.js";
import type { Timer, TimerClaim, TimerRepositories } from "./ports.js";
import { nextOccurrence } from "./timer-recurrence.js";
import { backoffMsAfter, type TimerRegistry } from "./timer-registry.js";
import type { RunDueOptions, RunDueResult } from "./timers.js";

/** What the runner needs: storage, clock, ids, and each tenant's time zone. */
export interface TimerRunnerPorts {
  readonly storage: TimerRepositories;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly timeZoneOf: (tenantId: string) => Promise<string>;
}

type Outcome = "completed" | "retried" | "parked" | "superseded" | "unrecorded";

const MAX_ERROR_LENGTH = 500;

/** The first line of the log form of `error`: no stack, no driver text, no SQL values. */
export function safeErrorSummary(error: unknown): string {
  const headline = formatErrorForLog(error).split("\n")[0] ?? "error";
  return headline.length > MAX_ERROR_LENGTH
    ? `${headline.slice(0, MAX_ERROR_LENGTH - 1)}…`
    : headline;
}

function checkRunDue(options: RunDueOptions) {
  const check = new InputCheck();
  const { limit = 100, leaseMs = 300_000, concurrency = 4 } = options;
  const range = (field: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      check.fail(field, "range", `${field} must be a whole number from ${min} to ${max}`);
    }
  };
  range("limit", limit, 1, 1000);
  range("leaseMs", leaseMs, 1_000, 86_400_000);
  range("concurrency", concurrency, 1, 64);
  check.done();
  return { limit, leaseMs, concurrency };
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
async function forEachLimited<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

/**
 * One runner tick (see `TimersService.runDue`): claim, run each handler,
 * store each outcome under the claim's token so a late outcome of a lapsed
 * claim changes nothing.
 */
export async function runDueTimers(
  ports: TimerRunnerPorts,
  registry: TimerRegistry,
  options: RunDueOptions = {},
): Promise<RunDueResult> {
  const { limit, leaseMs, concurrency } = checkRunDue(options);
  const counts: Record<Outcome, number> = {
    completed: 0,
    retried: 0,
    parked: 0,
    superseded: 0,
    unrecorded: 0,
  };
  const kinds = registry.kinds();
  if (kinds.length === 0) return { claimed: 0, ...counts };
  const claimedAt = ports.clock.nowMs();
  const token = ports.ids.newId("tmc");
  const claimed = await ports.storage.timers.claimDue({
    kinds,
    now: new Date(claimedAt).toISOString(),
    limit,
    token,
    leaseUntil: new Date(claimedAt + leaseMs).toISOString(),
  });
  await forEachLimited(claimed, concurrency, async (timer) => {
    counts[await runOne(ports, registry, timer, token)]++;
  });
  return { claimed: claimed.length, ...counts };
}

async function runOne(
  ports: TimerRunnerPorts,
  registry: TimerRegistry,
  timer: Timer,
  token: string,
): Promise<Outcome> {
  const registration = registry.get(timer.kind);
  if (!registration) return "unrecorded"; // claimDue returned only registered kinds
  const claim: TimerClaim = { tenantId: timer.tenantId, id: timer.id, token };
  const fail = async (error: string, retry: boolean): Promise<Outcome> => {
    const now = ports.clock.nowMs();
    const retryAt = retry
      ? new Date(now + backoffMsAfter(registration, timer.attempts)).toISOString()
      : null;
    const stored = await ports.storage.timers.fail(claim, {
      error,
      retryAt,
      at: new Date(now).toISOString(),
    });
    return stored ? (retry ? "retried" : "parked") : "superseded";
  };
  try {
    // More claims than allowed runs: earlier runners died holding it (a crash loop), so stop.
    if (timer.attempts > registration.maxAttempts) {
      return await fail(
        `lease ran out: ${timer.attempts - 1} runs started and none finished`,
        false,
      );
    }
    try {
      await registration.handler(timer, tenantContext(timer.tenantId));
    } catch (error) {
      return await fail(safeErrorSummary(error), timer.attempts < registration.maxAttempts);
    }
    const now = ports.clock.nowMs();
    let nextDueAt: string | null = null;
    if (registration.recurrence) {
      const zone = await ports.timeZoneOf(timer.tenantId);
      const due = Date.parse(timer.dueAt);
      nextDueAt = new Date(
        nextOccurrence(registration.recurrence, due, Math.max(now, due), zone),
      ).toISOString();
    }
    const stored = await ports.storage.timers.complete(
      claim,
      nextDueAt,
      new Date(now).toISOString(),
    );
    return stored ? "completed" : "superseded";
  } catch {
    // Storage failed while recording the outcome: the claim lapses and the timer runs again.
    return "unrecorded";
  }
}
