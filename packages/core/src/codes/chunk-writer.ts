import { isoNow } from "../kernel/clock.js";
import { OneCodeError } from "../kernel/errors.js";
import type { CodeGenerator } from "./code-generator.js";
import type { CodesRuntime } from "./codes-runtime.js";
import type { GenerationMoment } from "./generation-moment.js";
import { type DraftChunk, type JobPlan, repeatedRows, ruleNoLongerExists } from "./job-chunk.js";
import type { ChunkWrite } from "./ports.js";

/** How many times one chunk is regenerated and retried before the job fails. */
export const MAX_CHUNK_ATTEMPTS = 10;

/**
 * Replaces the codes of the given rows, keeping their serials. Rules with
 * random characters draw fresh ones (and keep the row's sequence value);
 * rules without reserve fresh sequence values, since the same value would
 * make the same code again.
 */
async function regenerate(
  runtime: CodesRuntime,
  plan: JobPlan,
  chunk: DraftChunk,
  indexes: readonly number[],
  moment: GenerationMoment,
): Promise<void> {
  const byRule = new Map<string, number[]>();
  for (const index of indexes) {
    const ruleId = chunk.ruleOf[index] as string;
    const rows = byRule.get(ruleId);
    if (rows) rows.push(index);
    else byRule.set(ruleId, [index]);
  }
  for (const [ruleId, rows] of byRule) {
    const generator = plan.generators.get(ruleId) as CodeGenerator;
    if (generator.hasRandom) {
      for (const index of rows) {
        const [code] = generator.generate(1, moment, chunk.sequenceOf[index]);
        (chunk.rows[index] as { code: string }).code = code as string;
      }
      continue;
    }
    const reservation = await runtime.ports.storage.codeRules.reserveSequence(
      plan.pkg.tenantId,
      ruleId,
      rows.length,
    );
    if (reservation.outcome === "not_found") throw ruleNoLongerExists(ruleId);
    if (reservation.outcome === "exhausted") {
      throw new OneCodeError(
        "SEQUENCE_EXHAUSTED",
        `sequence exhausted: code rule ${ruleId} has ${reservation.remaining} value(s) left, ${rows.length} needed to replace codes that already exist`,
        { ruleId, needed: rows.length, remaining: reservation.remaining },
      );
    }
    const codes = generator.generate(rows.length, moment, reservation.first);
    rows.forEach((index, k) => {
      (chunk.rows[index] as { code: string }).code = codes[k] as string;
      chunk.sequenceOf[index] = reservation.first + k;
    });
  }
}

/**
 * Writes one chunk, all or nothing. Codes repeated inside the chunk are
 * replaced before writing; codes the storage reports as existing are
 * replaced (same serials) and the chunk is retried, at most
 * {@link MAX_CHUNK_ATTEMPTS} times before the job fails. Returns the
 * storage's answer once it is not a conflict.
 */
export async function writeChunkWithRetries(
  runtime: CodesRuntime,
  plan: JobPlan,
  chunk: DraftChunk,
  moment: GenerationMoment,
): Promise<Exclude<ChunkWrite, { outcome: "conflict" }>> {
  const { tenantId, id } = plan.pkg;
  const fromSerial = chunk.rows[0]?.serial ?? 1;
  for (let attempt = 1; attempt <= MAX_CHUNK_ATTEMPTS; attempt++) {
    const repeated = repeatedRows(chunk.rows);
    if (repeated.length > 0) {
      await regenerate(runtime, plan, chunk, repeated, moment);
      continue;
    }
    const result = await runtime.ports.storage.codePackages.writeChunk(tenantId, id, {
      fromSerial,
      rows: chunk.rows,
      updatedAt: isoNow(runtime.ports.clock),
    });
    if (result.outcome !== "conflict") return result;
    const taken = new Set(result.codes);
    const conflicting: number[] = [];
    chunk.rows.forEach((row, index) => {
      if (taken.has(row.code)) conflicting.push(index);
    });
    if (conflicting.length > 0) await regenerate(runtime, plan, chunk, conflicting, moment);
  }
  const toSerial = fromSerial + chunk.rows.length - 1;
  throw new OneCodeError(
    "CODE_SPACE_EXHAUSTED",
    `could not find unused codes for serials ${fromSerial}-${toSerial} after ${MAX_CHUNK_ATTEMPTS} attempts; the rule's code space may be nearly used up`,
    { fromSerial, toSerial, attempts: MAX_CHUNK_ATTEMPTS },
  );
}
