/** A sealed-ledger entry as handed to an anchor. */
export interface LedgerEntryReference {
  readonly tenantId: string;
  /** Position in the tenant's chain, from 1. */
  readonly sequence: number;
  /** Hex SHA-256 of the entry. */
  readonly hash: string;
  /** Hash of the previous entry (64 zeros for the first). */
  readonly previousHash: string;
  /** ISO-8601 time the entry was recorded. */
  readonly recordedAt: string;
}

/** Proof returned by an anchor, stored beside the entry. */
export interface AnchorReceipt {
  /** The anchor's reference (transaction hash, timestamp token id, ...). */
  readonly anchorId: string;
  readonly anchoredAt: string;
}

/**
 * The ledger-anchor port: receives each sealed-ledger entry so an outside
 * party (a blockchain, an RFC 3161 timestamp authority) can later attest
 * when the hash existed. The default anchors locally.
 */
export interface LedgerAnchor {
  anchor(entry: LedgerEntryReference): Promise<AnchorReceipt>;
}
