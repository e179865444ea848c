import { isOneCodeError, type OneCode } from "@onecode/core";
import cron, { type ScheduledTask } from "node-cron";
import type { ServerLog } from "./console-log.js";

/** What the scheduler drives; core defines the jobs, the server only times them. */
export interface SchedulerTargets {
  readonly onecode: OneCode;
  /** Reclaims space of expired hot-state rows (a no-op when hot state lives in Redis). */
  readonly purgeExpiredHotState: () => Promise<void>;
  readonly log: ServerLog;
}

/** The running schedule. */
export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Logs what core tells about background generation jobs: an outage once
 * per job as one line without the driver's text (the job waits it out by
 * itself), anything else with the error, for the operator.
 */
export function jobErrorLogger(
  log: (message: string, error?: unknown) => void,
): (error: unknown, job: { tenantId: string; packageId: string }) => void {
  return (error, { tenantId, packageId }) => {
    const job = `generation job ${packageId} of tenant ${tenantId}`;
    if (isOneCodeError(error, "SERVICE_UNAVAILABLE")) {
      const service = error.details.service === "hot_state" ? "hot state" : "storage";
      log(`[onecode] ${job} waits for ${service} to be reachable again; it continues by itself`);
    } else {
      log(`[onecode] ${job} stopped on an unexpected error`, error);
    }
  };
}

/**
 * One tick of core's durable timers (`onecode.timers.runDue`), logging only
 * what an operator acts on: timers parked after their last attempt (listed
 * by `GET /v1/timers/failed`) and outcomes storage did not take.
 */
export function timerTick(
  onecode: OneCode,
  log: (message: string, error?: unknown) => void,
): () => Promise<void> {
  return async () => {
    try {
      const { parked, unrecorded } = await onecode.timers.runDue();
      if (parked > 0) log(`[onecode] ${parked} timer(s) failed their last attempt and were parked`);
      if (unrecorded > 0)
        log(`[onecode] ${unrecorded} timer outcome(s) not stored; they run again`);
    } catch (error) {
      log("[onecode] running due timers failed", error);
    }
  };
}

/**
 * Logs each failure of an outbox handler with the whole error (the event
 * keeps only a safe summary as `lastError`); the dispatcher retries it.
 */
export function outboxErrorLogger(
  log: (message: string, error?: unknown) => void,
): (
  error: unknown,
  event: { id: string; type: string; tenantId: string },
  handler: string,
) => void {
  return (error, event, handler) =>
    log(
      `[onecode] outbox handler ${handler} failed on ${event.type} ${event.id} of tenant ${event.tenantId}; it will be retried`,
      error,
    );
}

/**
 * Starts the reference server's periodic work with node-cron: ticking the
 * outbox dispatcher every 5 seconds (events recorded since, and retries
 * that came due; a tick that is still running is not overlapped) and
 * purging its events settled over a week ago every hour, resuming
 * generation jobs that are queued or were interrupted (a restart, a crashed
 * instance) at once on start and then every minute, purging expired hot
 * state every five minutes, ticking durable timers ({@link timerTick})
 * every five seconds, and asking the payment provider about payments
 * pending for over five minutes every minute. Resuming works on every unfinished job, a few at a
 * time in turns (core's `resumeUnfinished`); jobs this server was running
 * when it crashed are taken over at once (its instance id). Job locks in hot
 * state, and the leases of timer claims, make this safe when several
 * instances run the same schedule.
 */
export function startScheduler({
  onecode,
  purgeExpiredHotState,
  log,
}: SchedulerTargets): Scheduler {
  const resume = async () => {
    try {
      const resumed = await onecode.codePackages.resumeUnfinished();
      if (resumed > 0) log(`[onecode] resumed ${resumed} generation job(s)`);
    } catch (error) {
      log("[onecode] resuming generation jobs failed", error);
    }
  };
  const purge = async () => {
    try {
      await purgeExpiredHotState();
    } catch (error) {
      log("[onecode] purging expired hot state failed", error);
    }
  };
  const runTimers = timerTick(onecode, log);
  const dispatch = async () => {
    try {
      const { parked } = await onecode.outbox.dispatch({ limit: 500 });
      if (parked > 0)
        log(`[onecode] ${parked} outbox event(s) parked as dead; see GET /v1/outbox/dead`);
    } catch (error) {
      log("[onecode] the outbox dispatcher tick failed", error);
    }
  };
  const purgeOutbox = async () => {
    try {
      await onecode.outbox.purgeSettled();
    } catch (error) {
      log("[onecode] purging settled outbox events failed", error);
    }
  };
  const reconcilePayments = async () => {
    try {
      const { decided, unanswered } = await onecode.payments.reconcilePending();
      if (decided > 0) log(`[onecode] ${decided} long-pending payment(s) decided by the provider`);
      if (unanswered > 0)
        log(`[onecode] the payment provider did not answer for ${unanswered} payment(s)`);
    } catch (error) {
      log("[onecode] reconciling pending payments failed", error);
    }
  };
  const tasks: ScheduledTask[] = [
    cron.schedule("17 * * * *", purgeOutbox, { name: "purge-outbox", noOverlap: true }),
    cron.schedule("*/5 * * * * *", dispatch, { name: "dispatch-outbox", noOverlap: true }),
    cron.schedule("* * * * *", resume, { name: "resume-generation-jobs", noOverlap: true }),
    // Seconds field: every 5 s. noOverlap skips a tick while the previous one still runs.
    cron.schedule("*/5 * * * * *", runTimers, { name: "run-due-timers", noOverlap: true }),
    cron.schedule("*/5 * * * *", purge, { name: "purge-expired-hot-state", noOverlap: true }),
    cron.schedule("* * * * *", reconcilePayments, { name: "reconcile-payments", noOverlap: true }),
  ];
  void resume();
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}
