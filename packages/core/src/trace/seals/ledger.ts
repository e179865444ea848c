/** What a ledger entry seals. */
export type SealSubjectKind = "batch" | "production_task";

/**
 * One entry of a tenant's append-only, hash-chained ledger (上链记录). The
 * entry hash covers every other field, so editing an entry, dropping one or
 * reordering them breaks the chain.
 */
export interface LedgerEntry {
  readonly tenantId: string;
  /** 1, 2, 3, ... without gaps. */
  readonly sequence: number;
  readonly subjectKind: SealSubjectKind;
  readonly subjectId: string;
  /** Hex SHA-256 of the sealed content in canonical JSON. */
  readonly contentHash: string;
  /** Hash of the previous entry; 64 zeros for the first. */
  readonly previousHash: string;
  /** Hex SHA-256 over the canonical JSON of all the fields above plus `recordedAt`. */
  readonly hash: string;
  readonly recordedAt: string;
  /** The ledger-anchor port's receipt, once anchored. */
  readonly anchorId: string | null;
  readonly anchoredAt: string | null;
}

/**
 * One problem found by a verification, on the entry at `sequence`:
 * - `entry_hash_mismatch`: the entry's fields no longer hash to its `hash`;
 * - `broken_link`: its `previousHash` is not the previous entry's `hash`;
 * - `sequence_gap`: entries before it are missing (also reported by
 *   `verifySeal` when the entry a batch's seal points at is gone);
 * - `content_mismatch`: the subject's stored content no longer hashes to
 *   `contentHash`, or the subject no longer points at this entry;
 * - `subject_missing`: the sealed batch or task no longer exists.
 */
export interface LedgerProblem {
  readonly sequence: number;
  readonly problem:
    | "entry_hash_mismatch"
    | "broken_link"
    | "sequence_gap"
    | "content_mismatch"
    | "subject_missing";
  readonly subjectKind: SealSubjectKind;
  readonly subjectId: string;
}

/** Result of `seals.verifySeal` / `seals.verifyChain`. */
export interface SealVerification {
  readonly valid: boolean;
  /** Entries checked. */
  readonly entries: number;
  readonly problems: readonly LedgerProblem[];
}
