import { isoNow } from "../kernel/clock.js";
import { isOneCodeError, notFound } from "../kernel/errors.js";
import { requireRole, type TenantContext } from "../kernel/tenant.js";
import { JobFailure, writeChunkWithRetries } from "./chunk-writer.js";
import type { CodePackage } from "./code-package.js";
import type { CodeRule } from "./code-rule.js";
import {
  type CodesRuntime,
  isFinalStatus,
  publishProgress,
  requirePackage,
  yieldToEventLoop,
} from "./codes-runtime.js";
import { generationMoment } from "./generation-moment.js";
import { buildChunk, chunkEnd, jobPlan } from "./job-chunk.js";
import { waitForChange } from "./package-watch.js";

/** Runs generation jobs: one runner per job at a time, through a hot-state lock. */
export interface JobRunner {
  /** Runs or resumes the job, or waits for whoever runs it, until it is final. */
  runJob(ctx: TenantContext, id: string): Promise<CodePackage>;
  /** Runs unfinished jobs of every tenant nobody else runs; returns how many it ran. */
  resumeUnfinished(options?: { limit?: number }): Promise<number>;
  /** Starts the job in the background; errors go to `onJobError`, never unhandled. */
  start(tenantId: string, id: string): void;
}

const lockKey = (id: string) => `codes:job:${id}`;

/** Builds the job runner. */
export function jobRunner(runtime: CodesRuntime): JobRunner {
  const { storage, hotState, clock, random } = runtime.ports;
  const { chunkSize, timeZone, jobLeaseMs } = runtime.options;

  const loadRules = async (pkg: CodePackage) => {
    const rules = new Map<string, CodeRule>();
    const ids = Object.values(pkg.rules ?? {}).filter((id): id is string => typeof id === "string");
    for (const id of new Set(ids)) {
      const rule = await storage.codeRules.get(pkg.tenantId, id);
      if (!rule) throw new JobFailure(`code rule ${id} no longer exists`);
      rules.set(id, rule);
    }
    return rules;
  };

  const fail = async (pkg: CodePackage, reason: string) => {
    const now = isoNow(clock);
    const failed = await storage.codePackages.setStatus(pkg.tenantId, pkg.id, {
      from: ["queued", "running"],
      to: "failed",
      failureReason: reason,
      updatedAt: now,
      finishedAt: now,
    });
    if (!failed) throw notFound("code package", pkg.id);
    publishProgress(runtime, failed);
    return failed;
  };

  /** Generates chunks from the package's `done` until it is final or the lock is lost. */
  const generate = async (start: CodePackage, token: string): Promise<CodePackage> => {
    const { tenantId, id } = start;
    const running = await storage.codePackages.setStatus(tenantId, id, {
      from: ["queued", "running"],
      to: "running",
      updatedAt: isoNow(clock),
    });
    if (!running) throw notFound("code package", id);
    publishProgress(runtime, running);
    if (running.status !== "running") return running;
    const plan = jobPlan(running, await loadRules(running), random);
    let pkg = running;
    while (pkg.done < pkg.total) {
      // Shutting down: leave the job running at its last checkpoint for the next process.
      if (runtime.jobs.stopping) return pkg;
      const from = pkg.done + 1;
      const moment = generationMoment(clock.nowMs(), timeZone);
      const chunk = buildChunk(plan, from, chunkEnd(plan.layout, from, chunkSize), moment);
      const result = await writeChunkWithRetries(runtime, plan, chunk, moment);
      if (result.outcome === "not_found") throw notFound("code package", id);
      if (result.outcome === "out_of_order") {
        // Another writer moved the job on: continue from what storage holds.
        pkg = await requirePackage(runtime, tenantId, id);
        if (pkg.status !== "running") return pkg;
        continue;
      }
      pkg = { ...pkg, done: result.done, updatedAt: isoNow(clock) };
      publishProgress(runtime, pkg);
      if (!(await hotState.locks.renew(tenantId, lockKey(id), token, jobLeaseMs))) {
        // The lease ran out and another runner took the job over.
        return requirePackage(runtime, tenantId, id);
      }
      await yieldToEventLoop();
    }
    const now = isoNow(clock);
    const finished = await storage.codePackages.setStatus(tenantId, id, {
      from: ["running"],
      to: "succeeded",
      failureReason: null,
      updatedAt: now,
      finishedAt: now,
    });
    if (!finished) throw notFound("code package", id);
    publishProgress(runtime, finished);
    return finished;
  };

  /**
   * Runs the job if its lock is free: `null` when another runner holds it,
   * else the package afterwards and whether this call did any work.
   */
  const tryRun = (tenantId: string, id: string) => runtime.jobs.track(runOnce(tenantId, id));

  const runOnce = async (tenantId: string, id: string) => {
    if (runtime.jobs.stopping) return null;
    const token = await hotState.locks.acquire(tenantId, lockKey(id), jobLeaseMs);
    if (token === null) return null;
    try {
      const pkg = await requirePackage(runtime, tenantId, id);
      if (pkg.source !== "generated" || isFinalStatus(pkg.status)) return { pkg, ran: false };
      try {
        return { pkg: await generate(pkg, token), ran: true };
      } catch (error) {
        // When marking the job failed fails too (storage gone), the original
        // error is thrown and the job stays running, to be resumed once the
        // lease runs out.
        const failed = await fail(pkg, failureReason(error)).catch(() => null);
        if (!failed) throw error;
        return { pkg: failed, ran: true };
      }
    } finally {
      await hotState.locks.release(tenantId, lockKey(id), token).catch(() => false);
    }
  };

  return {
    async runJob(ctx, id) {
      requireRole(ctx, "admin");
      for (;;) {
        const pkg = await requirePackage(runtime, ctx.tenantId, id);
        if (pkg.source !== "generated" || isFinalStatus(pkg.status)) return pkg;
        const outcome = await tryRun(ctx.tenantId, id);
        if (outcome) return outcome.pkg;
        if (runtime.jobs.stopping) return requirePackage(runtime, ctx.tenantId, id);
        await waitForChange(runtime, ctx.tenantId, id, runtime.options.pollMs);
      }
    },
    async resumeUnfinished(options = {}) {
      const limit = options.limit ?? 100;
      if (!Number.isSafeInteger(limit) || limit < 1) {
        throw new RangeError("resumeUnfinished needs a positive integer limit");
      }
      let ran = 0;
      for (const job of await storage.codePackages.listUnfinished(limit)) {
        try {
          if ((await tryRun(job.tenantId, job.id))?.ran) ran++;
        } catch (error) {
          runtime.options.onJobError(error, { tenantId: job.tenantId, packageId: job.id });
        }
      }
      return ran;
    },
    start(tenantId, id) {
      if (runtime.jobs.stopping) return;
      tryRun(tenantId, id).catch((error: unknown) =>
        runtime.options.onJobError(error, { tenantId, packageId: id }),
      );
    },
  };
}

/** The failure reason recorded on a job for an error. */
function failureReason(error: unknown): string {
  if (error instanceof JobFailure) return error.message;
  if (isOneCodeError(error)) return `${error.code}: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `internal error: ${message}`.slice(0, 500);
}
