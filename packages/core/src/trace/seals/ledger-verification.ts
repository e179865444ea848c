import type { StorageRepositories } from "../../ports/storage.js";
import type { SealReference, TraceBatch } from "../batches/trace-batch.js";
import type { ProductionTask } from "../production/production.js";
import type { LedgerEntry, LedgerProblem, SealVerification } from "./ledger.js";
import {
  batchSealContent,
  contentHashOf,
  entryHashOf,
  GENESIS_HASH,
  taskSealContent,
} from "./seal-hashes.js";

/** Entries read per round trip while walking a chain. */
const CHAIN_PAGE = 500;

type Problem = LedgerProblem["problem"];

function problemOf(entry: LedgerEntry, problem: Problem): LedgerProblem {
  return {
    sequence: entry.sequence,
    problem,
    subjectKind: entry.subjectKind,
    subjectId: entry.subjectId,
  };
}

/** True when the subject's own record of its seal points at this very entry. */
function pointsAt(seal: SealReference | null, entry: LedgerEntry): boolean {
  return seal !== null && seal.sequence === entry.sequence && seal.hash === entry.hash;
}

/**
 * What is wrong with one sealed subject, recomputed from its stored row:
 * `subject_missing` when the row is gone, `content_mismatch` when its
 * content no longer hashes to the entry's `contentHash` or it no longer
 * points at the entry.
 */
export function subjectProblem(
  entry: LedgerEntry,
  subject: TraceBatch | ProductionTask | null,
): Problem | null {
  if (!subject || subject.id !== entry.subjectId) return "subject_missing";
  if (!pointsAt(subject.seal, entry)) return "content_mismatch";
  const content =
    entry.subjectKind === "batch"
      ? batchSealContent(subject as TraceBatch, (subject as TraceBatch).sealedProduct)
      : taskSealContent(subject as ProductionTask);
  return contentHashOf(content) === entry.contentHash ? null : "content_mismatch";
}

/** `entry_hash_mismatch` when the entry's fields no longer hash to its stored hash. */
export function entryProblem(entry: LedgerEntry): Problem | null {
  return entryHashOf(entry) === entry.hash ? null : "entry_hash_mismatch";
}

/** `broken_link` when the entry does not chain onto `previous` (`null`: it must be the first). */
export function linkProblem(entry: LedgerEntry, previous: LedgerEntry | null): Problem | null {
  const expected = previous === null ? GENESIS_HASH : previous.hash;
  return entry.previousHash === expected ? null : "broken_link";
}

/** Loads the stored subject of an entry. */
function loadSubject(
  storage: StorageRepositories,
  entry: LedgerEntry,
): Promise<TraceBatch | ProductionTask | null> {
  return entry.subjectKind === "batch"
    ? storage.traceBatches.get(entry.tenantId, entry.subjectId)
    : storage.production.getTask(entry.tenantId, entry.subjectId);
}

/**
 * Checks one sealed batch: the entry its seal points at (present, its hash,
 * its link to the entry before) and the batch's content against it.
 */
export async function verifyBatchSeal(
  storage: StorageRepositories,
  batch: TraceBatch & { readonly seal: SealReference },
): Promise<SealVerification> {
  const { sequence } = batch.seal;
  const around = await storage.ledger.list(batch.tenantId, sequence - 2, 2);
  const entry = around.find((row) => row.sequence === sequence);
  if (!entry) {
    const problems: LedgerProblem[] = [
      { sequence, problem: "sequence_gap", subjectKind: "batch", subjectId: batch.id },
    ];
    return { valid: false, entries: 0, problems };
  }
  const previous = around.find((row) => row.sequence === sequence - 1) ?? null;
  const found: Array<Problem | null> = [
    entryProblem(entry),
    sequence > 1 && previous === null ? "sequence_gap" : linkProblem(entry, previous),
    // An entry of another subject at the seal's sequence: the batch's seal reference was rewritten.
    entry.subjectKind === "batch" && entry.subjectId === batch.id
      ? subjectProblem(entry, batch)
      : "content_mismatch",
  ];
  const problems = found.flatMap((problem): LedgerProblem[] =>
    problem ? [{ sequence, problem, subjectKind: "batch", subjectId: batch.id }] : [],
  );
  return { valid: problems.length === 0, entries: 1, problems };
}

/**
 * Walks a tenant's whole chain in order: gaps in the sequence, links, entry
 * hashes, and each sealed subject's stored content. A gap is reported on the
 * entry after it (the link across a gap is not reported again).
 */
export async function verifyTenantChain(
  storage: StorageRepositories,
  tenantId: string,
): Promise<SealVerification> {
  const problems: LedgerProblem[] = [];
  let previous: LedgerEntry | null = null;
  let entries = 0;
  for (;;) {
    const page = await storage.ledger.list(tenantId, previous?.sequence ?? 0, CHAIN_PAGE);
    for (const entry of page) {
      entries += 1;
      const expected = (previous?.sequence ?? 0) + 1;
      const found: Array<Problem | null> = [
        entryProblem(entry),
        entry.sequence !== expected ? "sequence_gap" : linkProblem(entry, previous),
        subjectProblem(entry, await loadSubject(storage, entry)),
      ];
      for (const problem of found) if (problem) problems.push(problemOf(entry, problem));
      previous = entry;
    }
    if (page.length < CHAIN_PAGE) return { valid: problems.length === 0, entries, problems };
  }
}
