import { type Clock, systemClock } from "../kernel/clock.js";
import type { AnchorReceipt, LedgerAnchor, LedgerEntryReference } from "../ports/ledger-anchor.js";

/** The default anchor: keeps entries in process and attests nothing beyond the local chain. */
export interface LocalLedgerAnchor extends LedgerAnchor {
  /** Every entry received, in order. */
  readonly entries: readonly LedgerEntryReference[];
}

/** Anchors locally: the receipt id is `local:<tenant>:<sequence>`. */
export function localLedgerAnchor(clock: Clock = systemClock): LocalLedgerAnchor {
  const entries: LedgerEntryReference[] = [];
  return {
    entries,
    async anchor(entry): Promise<AnchorReceipt> {
      entries.push({ ...entry });
      return {
        anchorId: `local:${entry.tenantId}:${entry.sequence}`,
        anchoredAt: new Date(clock.nowMs()).toISOString(),
      };
    },
  };
}
