import type { AuditEntry, AuditFilter } from "../kernel/audit/audit-entry.js";
import type { AuditLogRepository } from "../kernel/audit/ports.js";
import type { MemoryTable, UndoLog } from "./memory-table.js";

function matches(entry: AuditEntry, filter: AuditFilter): boolean {
  return (
    (filter.actorId === undefined || entry.actor.id === filter.actorId) &&
    (filter.targetType === undefined || entry.target.type === filter.targetType) &&
    (filter.targetId === undefined || entry.target.id === filter.targetId) &&
    (filter.action === undefined || entry.action === filter.action) &&
    (filter.from === undefined || entry.at >= filter.from) &&
    (filter.to === undefined || entry.at < filter.to)
  );
}

/** The memory audit log over `entries`: append-only, appends undone with a failed transaction. */
export function memoryAuditLogRepository(
  entries: MemoryTable<AuditEntry>,
  undo: UndoLog | null,
): AuditLogRepository {
  return {
    async append(batch) {
      // Check every id first, so a duplicate appends none of the batch.
      const seen = new Set<string>();
      for (const entry of batch) {
        const key = `${entry.tenantId}\u0000${entry.id}`;
        if (seen.has(key) || entries.get(entry.tenantId, entry.id)) {
          throw new Error(`audit entry ${entry.id} already exists`);
        }
        seen.add(key);
      }
      for (const entry of batch) entries.put(entry, undo);
    },
    async list(tenantId, filter, page) {
      return entries.list(tenantId, (entry) => matches(entry, filter), page.beforeId, page.limit);
    },
  };
}
