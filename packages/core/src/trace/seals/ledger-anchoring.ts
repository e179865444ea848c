import { invalidField } from "../../kernel/errors.js";
import type { NewOutboxEvent } from "../../kernel/outbox/outbox-event.js";
import type { OutboxHandlerRegistration } from "../../kernel/outbox/outbox-handlers.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { LedgerEntry } from "./ledger.js";

/** Limits of `seals.anchorPending`. */
export const ANCHOR_LIMITS = Object.freeze({ defaultBatch: 100, maxBatch: 1000 });

/** The outbox event a seal records; one aggregate per tenant ledger, so entries anchor in sequence order. */
export const LEDGER_ENTRY_SEALED = "ledger.entry_sealed";

/** The `ledger.entry_sealed` event of a new entry (recorded in the seal's transaction). */
export function ledgerEntrySealedEvent(entry: LedgerEntry): NewOutboxEvent {
  return {
    type: LEDGER_ENTRY_SEALED,
    aggregate: { type: "ledger", id: "ledger" },
    payload: { sequence: entry.sequence },
  };
}

/**
 * Hands a committed entry to the ledger-anchor port and stores the receipt;
 * an entry anchored already is left as it is. Runs outside any storage
 * transaction (the anchor may be a slow network call); a failure is thrown
 * to the caller (the outbox dispatcher retries it).
 */
async function anchorEntry(runtime: TraceRuntime, entry: LedgerEntry): Promise<LedgerEntry> {
  if (entry.anchorId !== null) return entry;
  const { ledgerAnchor, storage } = runtime.ports;
  const receipt = await ledgerAnchor.anchor({
    tenantId: entry.tenantId,
    sequence: entry.sequence,
    hash: entry.hash,
    previousHash: entry.previousHash,
    recordedAt: entry.recordedAt,
  });
  await storage.ledger.setAnchor(
    entry.tenantId,
    entry.sequence,
    receipt.anchorId,
    receipt.anchoredAt,
  );
  return { ...entry, anchorId: receipt.anchorId, anchoredAt: receipt.anchoredAt };
}

/**
 * The outbox handler that anchors each sealed entry. It is idempotent by the
 * entry (tenant and sequence): an entry that already has a receipt is not
 * anchored again, and the anchor port's own key is the same pair.
 */
export function ledgerAnchoringHandler(runtime: TraceRuntime): OutboxHandlerRegistration {
  return {
    type: LEDGER_ENTRY_SEALED,
    name: "seals.anchor-ledger-entry",
    async handler(event) {
      const { sequence } = event.payload as { sequence: number };
      const [entry] = await runtime.ports.storage.ledger.list(event.tenantId, sequence - 1, 1);
      // A missing entry cannot appear later: the event was written with it.
      if (entry?.sequence === sequence) await anchorEntry(runtime, entry);
    },
  };
}

/**
 * Anchors up to `limit` unanchored entries of every tenant, oldest first;
 * returns how many it anchored. Entries sealed since the outbox are anchored
 * by its dispatcher; this catches up older ones (and anything an operator
 * discarded). A failing anchor leaves its entry for the next call.
 */
export async function anchorPendingEntries(
  runtime: TraceRuntime,
  limit: number = ANCHOR_LIMITS.defaultBatch,
): Promise<number> {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > ANCHOR_LIMITS.maxBatch) {
    throw invalidField(
      "limit",
      "range",
      `limit must be an integer from 1 to ${ANCHOR_LIMITS.maxBatch}`,
    );
  }
  const pending = await runtime.ports.storage.ledger.listUnanchored(limit);
  let anchored = 0;
  for (const entry of pending) {
    try {
      await anchorEntry(runtime, entry);
      anchored += 1;
    } catch {
      // Counted as not anchored; the entry stays unanchored for the next run.
    }
  }
  return anchored;
}
