import type { OneCode } from "@onecode/core";
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
 * Starts the reference server's periodic work with node-cron: every minute,
 * resume generation jobs that are queued or were interrupted (a restart, a
 * crashed instance); every five minutes, purge expired hot state. Resuming
 * also runs once right away. Job locks in hot state make this safe when
 * several instances run the same schedule.
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
  const tasks: ScheduledTask[] = [
    cron.schedule("* * * * *", resume, { name: "resume-generation-jobs", noOverlap: true }),
    cron.schedule("*/5 * * * *", purge, { name: "purge-expired-hot-state", noOverlap: true }),
  ];
  void resume();
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}
