import { invalidField } from "../kernel/errors.js";
import type { CodesRuntime } from "./codes-runtime.js";
import type { JobTurn } from "./job-runner.js";
import type { UnfinishedPackage } from "./ports.js";

/** Chunks a job writes in one turn of `resumeUnfinished` before the next job waiting gets its turn. */
export const RESUME_TURN_CHUNKS = 10;

/** Unfinished jobs read from storage per page. */
const LISTING_PAGE = 500;

/** Every unfinished job, oldest first, paging through storage; at most `limit`. */
async function listUnfinished(runtime: CodesRuntime, limit: number): Promise<UnfinishedPackage[]> {
  const jobs: UnfinishedPackage[] = [];
  let after: UnfinishedPackage | undefined;
  while (jobs.length < limit) {
    const size = Math.min(LISTING_PAGE, limit - jobs.length);
    const page = await runtime.ports.storage.codePackages.listUnfinished(size, after);
    jobs.push(...page);
    after = page[page.length - 1];
    if (page.length < size || after === undefined) break;
  }
  return jobs;
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw invalidField("limit", "positive_integer", "limit must be a positive integer");
  }
  return limit;
}

/**
 * Works on every unfinished job (or the `limit` oldest) that no other runner
 * holds: `codes.jobConcurrency` at a time, each in turns of
 * {@link RESUME_TURN_CHUNKS} chunks, a job with codes left going to the back
 * of the line. So every job makes progress, however many there are and
 * however large the oldest; none waits for another to finish. Resolves with
 * how many jobs it worked on, once none is left to work on (or jobs are
 * stopping). An error that ends a turn goes to `onJobError` and does not
 * stop the others.
 */
export async function resumeJobs(
  runtime: CodesRuntime,
  takeTurn: (tenantId: string, id: string, budget: number) => Promise<JobTurn>,
  options: { limit?: number } = {},
): Promise<number> {
  const line = await listUnfinished(runtime, checkLimit(options.limit));
  const worked = new Set<string>();
  // A worker leaves only when the line is empty; a job that yields is put
  // back by a worker that is still there to take the next one.
  const worker = async () => {
    for (let job = line.shift(); job && !runtime.jobs.stopping; job = line.shift()) {
      try {
        const turn = await takeTurn(job.tenantId, job.id, RESUME_TURN_CHUNKS);
        if (turn?.ran) worked.add(`${job.tenantId}\u0000${job.id}`);
        if (turn?.yielded) line.push(job);
      } catch (error) {
        runtime.options.onJobError(error, { tenantId: job.tenantId, packageId: job.id });
      }
    }
  };
  await Promise.all(Array.from({ length: runtime.options.jobConcurrency }, worker));
  return worked.size;
}
