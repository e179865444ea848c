import type { LedgerEntry, SealSubjectKind } from "./ledger.js";

/** Result of {@link LedgerRepository.append}. */
export type LedgerAppend =
  | { readonly outcome: "appended" }
  /** Another entry took this sequence number first: read the new last entry and retry. */
  | { readonly outcome: "sequence_taken" };

/** The tenant's append-only, hash-chained ledger. */
export interface LedgerRepository {
  /** The entry with the highest sequence, or `null` for an empty ledger. */
  last(tenantId: string): Promise<LedgerEntry | null>;
  /**
   * Appends an entry whose sequence is last + 1 (1 for an empty ledger); any
   * other sequence is refused with `sequence_taken`, so the chain has no
   * gaps. Concurrent appends of one sequence: exactly one wins.
   */
  append(entry: LedgerEntry): Promise<LedgerAppend>;
  /** Entries with sequence above `afterSequence`, ascending. */
  list(tenantId: string, afterSequence: number, limit: number): Promise<LedgerEntry[]>;
  /** The latest entry sealing the subject, or `null`. */
  findBySubject(
    tenantId: string,
    kind: SealSubjectKind,
    subjectId: string,
  ): Promise<LedgerEntry | null>;
  /** Records the anchor receipt of an entry (once). */
  setAnchor(
    tenantId: string,
    sequence: number,
    anchorId: string,
    anchoredAt: string,
  ): Promise<void>;
  /** Entries without an anchor receipt, oldest first, across tenants (for a retrying scheduler). */
  listUnanchored(limit: number): Promise<LedgerEntry[]>;
}
