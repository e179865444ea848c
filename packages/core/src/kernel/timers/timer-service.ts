import { invalidField, notFound } from "../errors.js";
import { InputCheck } from "../input-check.js";
import { paginate } from "../pagination.js";
import { requireCapability } from "../permissions/access-check.js";
import { requireStaff } from "../tenant.js";
import type { TimerRepositories } from "./ports.js";
import { checkInstant, checkTimerKey, checkTimerKind, checkTimerPayload } from "./timer-check.js";
import { nextOccurrence } from "./timer-recurrence.js";
import { TimerRegistry } from "./timer-registry.js";
import { runDueTimers, type TimerRunnerPorts } from "./timer-runner.js";
import type { ScheduleTimerInput, TimersService } from "./timers.js";

const DEFAULT_RECURRING_KEY = "default";

/** Checks a {@link ScheduleTimerInput} against `nowMs`; every broken rule at once. */
function checkSchedule(input: ScheduleTimerInput, nowMs: number) {
  const check = new InputCheck();
  const given = (input ?? {}) as ScheduleTimerInput;
  const kind = checkTimerKind(check, given.kind);
  const key = checkTimerKey(check, given.key);
  const payload = checkTimerPayload(check, given.payload);
  let dueMs: number | null = null;
  if ((given.at === undefined) === (given.afterMs === undefined)) {
    check.fail("at", "one_of_at_after", "give exactly one of at and afterMs");
  } else if (given.at !== undefined) {
    dueMs = checkInstant(check, "at", given.at);
  } else if (
    typeof given.afterMs !== "number" ||
    !Number.isInteger(given.afterMs) ||
    given.afterMs < 0 ||
    given.afterMs > 10 * 366 * 86_400_000
  ) {
    check.fail(
      "afterMs",
      "range",
      "afterMs must be a whole number of milliseconds from 0 to 10 years",
    );
  } else {
    dueMs = nowMs + given.afterMs;
  }
  check.done();
  return { kind, key, payload, dueAt: new Date(dueMs as number).toISOString() };
}

/**
 * The timers service over `ports`, with this process's handler registry:
 * each `createOneCode` instance has its own, so each process registers the
 * kinds it runs.
 */
export function timersService(ports: TimerRunnerPorts): TimersService {
  const registry = new TimerRegistry();
  const repositoryOf = (tx?: TimerRepositories) => (tx ?? ports.storage).timers;
  const nowIso = () => new Date(ports.clock.nowMs()).toISOString();
  return {
    register(kind, handler, options) {
      registry.add(kind, handler, options);
    },
    async schedule(ctx, input, options = {}) {
      requireStaff(ctx);
      const checked = checkSchedule(input, ports.clock.nowMs());
      return repositoryOf(options.tx).schedule({
        id: ports.ids.newId("tmr"),
        tenantId: ctx.tenantId,
        ...checked,
        at: nowIso(),
      });
    },
    async cancel(ctx, kind, key, options = {}) {
      requireStaff(ctx);
      const check = new InputCheck();
      checkTimerKind(check, kind);
      checkTimerKey(check, key);
      check.done();
      return repositoryOf(options.tx).cancel(ctx.tenantId, kind, key);
    },
    async get(ctx, kind, key) {
      requireStaff(ctx);
      const check = new InputCheck();
      checkTimerKind(check, kind);
      checkTimerKey(check, key);
      check.done();
      return ports.storage.timers.get(ctx.tenantId, kind, key);
    },
    async startRecurring(ctx, kind, input = {}) {
      requireStaff(ctx);
      const check = new InputCheck();
      checkTimerKind(check, kind);
      const key = input.key === undefined ? DEFAULT_RECURRING_KEY : checkTimerKey(check, input.key);
      const payload = checkTimerPayload(check, input.payload);
      check.done();
      const recurrence = registry.get(kind)?.recurrence;
      if (!recurrence) {
        throw invalidField(
          "kind",
          "recurring_kind",
          `kind ${kind} must be registered in this process with a recurrence`,
        );
      }
      const now = ports.clock.nowMs();
      const zone = await ports.timeZoneOf(ctx.tenantId);
      return ports.storage.timers.schedule({
        id: ports.ids.newId("tmr"),
        tenantId: ctx.tenantId,
        kind,
        key,
        payload,
        dueAt: new Date(nextOccurrence(recurrence, now, now, zone)).toISOString(),
        at: new Date(now).toISOString(),
        onExisting: "keep",
      });
    },
    runDue(options) {
      return runDueTimers(ports, registry, options);
    },
    async listFailed(ctx, page) {
      requireCapability(ctx, "timers.operate");
      return paginate(page, (query) => ports.storage.timers.listFailed(ctx.tenantId, query));
    },
    async retry(ctx, id) {
      requireCapability(ctx, "timers.operate");
      const check = new InputCheck();
      check.text("id", id, { max: 64 });
      check.done();
      const at = nowIso();
      const timer = await ports.storage.timers.retry(ctx.tenantId, id, at, at);
      if (!timer) throw notFound("timer", id);
      return timer;
    },
  };
}
