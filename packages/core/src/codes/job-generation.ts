import { countChanges, fieldChanges } from "../kernel/audit/audit-summary.js";
import { auditRecorder, systemContext } from "../kernel/audit/record-audit.js";
import { isoNow } from "../kernel/clock.js";
import { notFound } from "../kernel/errors.js";
import { writeChunkWithRetries } from "./chunk-writer.js";
import type { CodePackage } from "./code-package.js";
import type { CodeRule } from "./code-rule.js";
import {
  type CodesRuntime,
  publishProgress,
  requirePackage,
  yieldToEventLoop,
} from "./codes-runtime.js";
import { generationMoment } from "./generation-moment.js";
import { buildChunk, chunkEnd, jobPlan, ruleNoLongerExists } from "./job-chunk.js";

/** Where a stretch of generation ended. */
export interface GenerationStretch {
  /** The package afterwards, as far as this runner knows it. */
  readonly pkg: CodePackage;
  /** True when it stopped because its chunk budget ran out with codes still to write. */
  readonly yielded: boolean;
}

async function loadRules(runtime: CodesRuntime, pkg: CodePackage) {
  const rules = new Map<string, CodeRule>();
  const ids = Object.values(pkg.rules ?? {}).filter((id): id is string => typeof id === "string");
  for (const id of new Set(ids)) {
    const rule = await runtime.ports.storage.codeRules.get(pkg.tenantId, id);
    if (!rule) throw ruleNoLongerExists(id);
    rules.set(id, rule);
  }
  return rules;
}

/**
 * Generates chunks of a job from storage's checkpoint (its `done`), at most
 * `budget` of them, and marks it `succeeded` after the last. Returns early,
 * leaving the job `running` at its checkpoint, when jobs are stopping, when
 * the budget ran out, or when the lock was lost (`renewLock` answered
 * false). Errors propagate: the caller tells outages from failures.
 */
export async function generateStretch(
  runtime: CodesRuntime,
  start: CodePackage,
  renewLock: () => Promise<boolean>,
  budget = Number.POSITIVE_INFINITY,
): Promise<GenerationStretch> {
  const { storage, clock, random } = runtime.ports;
  const { chunkSize } = runtime.options;
  const { tenantId, id } = start;
  const timeZone = await runtime.timeZoneOf(tenantId);
  const running = await storage.codePackages.setStatus(tenantId, id, {
    from: ["queued", "running"],
    to: "running",
    updatedAt: isoNow(clock),
  });
  if (!running) throw notFound("code package", id);
  publishProgress(runtime, running);
  if (running.status !== "running") return { pkg: running, yielded: false };
  const plan = jobPlan(running, await loadRules(runtime, running), random);
  let pkg = running;
  let written = 0;
  while (pkg.done < pkg.total) {
    // Shutting down: leave the job running at its last checkpoint for the next process.
    if (runtime.jobs.stopping) return { pkg, yielded: false };
    if (written >= budget) return { pkg, yielded: true };
    const from = pkg.done + 1;
    const moment = generationMoment(clock.nowMs(), timeZone);
    const chunk = buildChunk(plan, from, chunkEnd(plan.layout, from, chunkSize), moment);
    const result = await writeChunkWithRetries(runtime, plan, chunk, moment);
    if (result.outcome === "not_found") throw notFound("code package", id);
    if (result.outcome === "out_of_order") {
      // Another writer moved the job on: continue from what storage holds.
      pkg = await requirePackage(runtime, tenantId, id);
      if (pkg.status !== "running") return { pkg, yielded: false };
      continue;
    }
    written++;
    pkg = { ...pkg, done: result.done, updatedAt: isoNow(clock) };
    publishProgress(runtime, pkg);
    if (!(await renewLock())) {
      // The lease ran out and another runner took the job over.
      return { pkg: await requirePackage(runtime, tenantId, id), yielded: false };
    }
    await yieldToEventLoop();
  }
  const now = isoNow(clock);
  const finished = await storage.transaction(async (tx) => {
    const moved = await tx.codePackages.setStatus(tenantId, id, {
      from: ["running"],
      to: "succeeded",
      failureReason: null,
      failureCode: null,
      updatedAt: now,
      finishedAt: now,
    });
    if (moved?.status === "succeeded" && moved.finishedAt === now) {
      // The job runner is the system, not the admin who queued the job.
      await auditRecorder(runtime.ports)(tx, systemContext(tenantId), {
        action: "codes.package.succeeded",
        target: { type: "code_package", id },
        changes: {
          ...fieldChanges({ status: { before: "running", after: "succeeded" } }),
          ...countChanges({ codeCount: moved.total }),
        },
      });
    }
    return moved;
  });
  if (!finished) throw notFound("code package", id);
  publishProgress(runtime, finished);
  return { pkg: finished, yielded: false };
}
