import { isoNow } from "../../kernel/clock.js";
import { OneCodeError } from "../../kernel/errors.js";
import { eventRecorder } from "../../kernel/outbox/record-events.js";
import { randomBelow } from "../../kernel/random.js";
import { SYSTEM_ACTOR } from "../../kernel/tenant.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { SealReference } from "../batches/trace-batch.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { LedgerEntry, SealSubjectKind } from "./ledger.js";
import { ledgerEntrySealedEvent } from "./ledger-anchoring.js";
import { entryHashOf, GENESIS_HASH } from "./seal-hashes.js";

/** How often an append is retried after losing its sequence number to a concurrent seal. */
export const APPEND_ATTEMPTS = 64;

class SequenceTaken extends Error {}

/** What to seal: the subject and the hash of its content. */
export interface SealSubject {
  readonly tenantId: string;
  readonly kind: SealSubjectKind;
  readonly id: string;
  readonly contentHash: string;
}

/**
 * Appends a ledger entry for the subject after the tenant's last entry and,
 * in the same storage transaction, lets `markSealed` record the seal on the
 * subject (it throws to roll both back), and records the
 * `ledger.entry_sealed` outbox event whose handler anchors the entry after
 * the commit. When a concurrent seal took the
 * sequence number first, the whole transaction is retried on the new last
 * entry after a short random pause, so concurrent seals all land on one
 * gapless chain.
 */
export async function appendSeal(
  runtime: TraceRuntime,
  subject: SealSubject,
  markSealed: (tx: StorageRepositories, seal: SealReference) => Promise<void>,
): Promise<LedgerEntry> {
  const { storage, clock, random } = runtime.ports;
  const recordEvents = eventRecorder(runtime.ports);
  const ctx = { tenantId: subject.tenantId, actor: SYSTEM_ACTOR };
  for (let attempt = 1; ; attempt++) {
    try {
      return await storage.transaction(async (tx) => {
        const last = await tx.ledger.last(subject.tenantId);
        const fields = {
          tenantId: subject.tenantId,
          sequence: (last?.sequence ?? 0) + 1,
          subjectKind: subject.kind,
          subjectId: subject.id,
          contentHash: subject.contentHash,
          previousHash: last?.hash ?? GENESIS_HASH,
          recordedAt: isoNow(clock),
        };
        const entry: LedgerEntry = {
          ...fields,
          hash: entryHashOf(fields),
          anchorId: null,
          anchoredAt: null,
        };
        const appended = await tx.ledger.append(entry);
        if (appended.outcome === "sequence_taken") throw new SequenceTaken();
        await markSealed(tx, {
          sequence: entry.sequence,
          hash: entry.hash,
          sealedAt: entry.recordedAt,
        });
        await recordEvents(tx, ctx, [ledgerEntrySealedEvent(entry)]);
        return entry;
      });
    } catch (error) {
      if (!(error instanceof SequenceTaken)) throw error;
      // Reachable by load alone (many seals of one tenant at once): a typed, retryable refusal.
      if (attempt >= APPEND_ATTEMPTS) {
        throw new OneCodeError(
          "BUSY",
          `the ledger of tenant ${subject.tenantId} had no free sequence number after ${attempt} attempts (too many concurrent seals); nothing was sealed, try again shortly`,
          { resource: "ledger", attempts: attempt },
        );
      }
      // Jitter spreads the retries of many concurrent seals apart.
      const pauseMs = randomBelow(random, Math.min(2 ** attempt, 50) + 1);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
