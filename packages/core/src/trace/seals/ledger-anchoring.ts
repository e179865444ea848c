import { invalidField } from "../../kernel/errors.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { LedgerEntry } from "./ledger.js";

/** Limits of `seals.anchorPending`. */
export const ANCHOR_LIMITS = Object.freeze({ defaultBatch: 100, maxBatch: 1000 });

/**
 * Hands a committed entry to the ledger-anchor port and stores the receipt.
 * Runs outside any storage transaction (the anchor may be a slow network
 * call). A failing anchor leaves the entry unanchored, returned as it was,
 * for `anchorPending` to retry; the seal itself stands either way.
 */
export async function anchorEntry(runtime: TraceRuntime, entry: LedgerEntry): Promise<LedgerEntry> {
  const { ledgerAnchor, storage } = runtime.ports;
  try {
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
  } catch {
    return entry;
  }
}

/** Anchors up to `limit` unanchored entries of every tenant, oldest first; returns how many it anchored. */
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
    if ((await anchorEntry(runtime, entry)).anchorId !== null) anchored += 1;
  }
  return anchored;
}
