import type { LedgerRepository } from "../trace/seals/ports.js";
import type { MemoryBatchTables } from "./memory-batch-tables.js";
import type { UndoLog } from "./memory-table.js";

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The memory ledger repository: one append-only chain per tenant. */
export function memoryLedgerRepository(
  tables: MemoryBatchTables,
  undo: UndoLog | null,
): LedgerRepository {
  const { ledger } = tables;
  const last = (tenantId: string) => ledger.list(tenantId).at(-1) ?? null;

  return {
    async last(tenantId) {
      return last(tenantId);
    },
    async append(entry) {
      const previous = last(entry.tenantId);
      if (entry.sequence !== (previous?.sequence ?? 0) + 1) return { outcome: "sequence_taken" };
      ledger.put(entry, undo);
      return { outcome: "appended" };
    },
    async list(tenantId, afterSequence, limit) {
      return ledger
        .list(tenantId)
        .filter((entry) => entry.sequence > afterSequence)
        .slice(0, limit);
    },
    async findBySubject(tenantId, kind, subjectId) {
      const entries = ledger
        .list(tenantId)
        .filter((entry) => entry.subjectKind === kind && entry.subjectId === subjectId);
      return entries.at(-1) ?? null;
    },
    async setAnchor(tenantId, sequence, anchorId, anchoredAt) {
      const entry = ledger.get(tenantId, sequence);
      if (!entry || entry.anchorId !== null) return;
      ledger.put({ ...entry, anchorId, anchoredAt }, undo);
    },
    async listUnanchored(limit) {
      return ledger
        .everyTenant()
        .filter((entry) => entry.anchorId === null)
        .sort(
          (a, b) =>
            compare(a.recordedAt, b.recordedAt) ||
            compare(a.tenantId, b.tenantId) ||
            a.sequence - b.sequence,
        )
        .slice(0, limit);
    },
  };
}
