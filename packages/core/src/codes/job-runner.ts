import { isTransientFailure } from "../kernel/errors.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { CodePackage } from "./code-package.js";
import { type CodesRuntime, isFinalStatus, requirePackage } from "./codes-runtime.js";
import { pauseJob, retryDelayMs } from "./job-backoff.js";
import { recordFailure } from "./job-failure.js";
import { generateStretch } from "./job-generation.js";
import { jobLocks } from "./job-lock.js";
import { resumeJobs } from "./job-resume.js";
import { waitForChange } from "./package-watch.js";

/** Runs generation jobs: one runner per job at a time, through a hot-state lock. */
export interface JobRunner {
  /** Runs or resumes the job, or waits for whoever runs it, until it is final. */
  runJob(ctx: TenantContext, id: string): Promise<CodePackage>;
  /** Works on every unfinished job of every tenant that nobody else runs; returns how many it worked on. */
  resumeUnfinished(options?: { limit?: number }): Promise<number>;
  /** Starts the job in the background; errors go to `onJobError`, never unhandled. */
  start(tenantId: string, id: string): void;
}

/** What one turn at a job did; `null` when another runner holds the job (or jobs are stopping). */
export type JobTurn = {
  readonly pkg: CodePackage;
  /** True when this turn generated or failed the job (it was not already final). */
  readonly ran: boolean;
  /** True when the turn ended because its chunk budget ran out with codes still to write. */
  readonly yielded: boolean;
} | null;

/** Builds the job runner. */
export function jobRunner(runtime: CodesRuntime): JobRunner {
  const locks = jobLocks(runtime);

  /**
   * Records the failure; when that fails too, an outage is thrown to be
   * waited out (the same error then fails the job on the next try) and
   * anything else gives way to the original error.
   */
  const failOrRethrow = async (pkg: CodePackage, error: unknown) => {
    try {
      return await recordFailure(runtime, pkg, error);
    } catch (recording) {
      throw isTransientFailure(recording) ? recording : error;
    }
  };

  /**
   * Takes the job's lock and generates up to `budget` chunks. An outage
   * (`SERVICE_UNAVAILABLE` from storage or hot state, the lock's calls
   * included) never fails the job: the turn waits (backing off on the clock
   * port) and carries on from storage's checkpoint, for as long as the
   * outage lasts, keeping its lock token to renew. Any other error fails
   * the job with a reason naming the cause. Stopping ends the wait at once.
   */
  const takeTurn = async (tenantId: string, id: string, budget?: number): Promise<JobTurn> => {
    let token: string | null = null;
    let failures = 0;
    let lastDone = -1;
    let ran = false;
    try {
      for (;;) {
        if (runtime.jobs.stopping) return null;
        try {
          if (token === null || !(await locks.renew(tenantId, id, token))) {
            token = await locks.acquire(tenantId, id);
          }
          if (token === null) return null;
          const pkg = await requirePackage(runtime, tenantId, id);
          if (pkg.source !== "generated" || isFinalStatus(pkg.status)) {
            return { pkg, ran, yielded: false };
          }
          if (pkg.done > lastDone) {
            // Progress since the last failure: the next outage starts its backoff afresh.
            failures = 0;
            lastDone = pkg.done;
          }
          ran = true;
          const held = token;
          const renew = () => locks.renew(tenantId, id, held);
          try {
            const stretch = await generateStretch(runtime, pkg, renew, budget);
            return { pkg: stretch.pkg, ran, yielded: stretch.yielded };
          } catch (error) {
            if (isTransientFailure(error)) throw error;
            return { pkg: await failOrRethrow(pkg, error), ran, yielded: false };
          }
        } catch (error) {
          if (!isTransientFailure(error)) throw error;
          failures++;
          if (failures === 1) runtime.options.onJobError(error, { tenantId, packageId: id });
          if (!(await pauseJob(runtime, retryDelayMs(runtime, failures)))) return null;
        }
      }
    } finally {
      if (token !== null) await locks.release(tenantId, id, token).catch(() => undefined);
    }
  };

  /** The package, retrying through an outage as a turn does (at once when stopping). */
  const readWaitingOutOutages = async (tenantId: string, id: string): Promise<CodePackage> => {
    for (let failures = 1; ; failures++) {
      try {
        return await requirePackage(runtime, tenantId, id);
      } catch (error) {
        if (!isTransientFailure(error) || runtime.jobs.stopping) throw error;
        await pauseJob(runtime, retryDelayMs(runtime, failures));
      }
    }
  };

  const track = (tenantId: string, id: string, budget?: number) =>
    runtime.jobs.track(takeTurn(tenantId, id, budget));

  return {
    async runJob(ctx, id) {
      requireCapability(ctx, "codes.manage");
      for (;;) {
        const turn = runtime.jobs.stopping ? null : await track(ctx.tenantId, id);
        if (turn && (isFinalStatus(turn.pkg.status) || turn.pkg.source !== "generated")) {
          return turn.pkg;
        }
        const pkg = await readWaitingOutOutages(ctx.tenantId, id);
        if (runtime.jobs.stopping || isFinalStatus(pkg.status)) return pkg;
        // Another runner holds the job (or took it over): wait for it, or for its lease to run out.
        if (!turn) await waitForChange(runtime, ctx.tenantId, id, runtime.options.pollMs);
      }
    },
    resumeUnfinished: (options) => resumeJobs(runtime, track, options),
    start(tenantId, id) {
      if (runtime.jobs.stopping) return;
      track(tenantId, id).catch((error: unknown) =>
        runtime.options.onJobError(error, { tenantId, packageId: id }),
      );
    },
  };
}
