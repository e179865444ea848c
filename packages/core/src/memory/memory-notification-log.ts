import type {
  NotificationLogEntry,
  NotificationLogFilter,
} from "../notifications/notification-log.js";
import type { NotificationLogRepository } from "../notifications/ports.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";

/** The memory notification log: its entries and the index of their idempotency keys. */
export class MemoryNotificationLog {
  readonly entries = new MemoryTable<NotificationLogEntry>();
  /** `tenantId NUL idempotencyKey` → entry id. */
  readonly keys = new Map<string, string>();
}

function keyOf(tenantId: string, idempotencyKey: string): string {
  return `${tenantId}\u0000${idempotencyKey}`;
}

function matches(entry: NotificationLogEntry, filter: NotificationLogFilter): boolean {
  return (
    (filter.outcome === undefined || entry.outcome === filter.outcome) &&
    (filter.channel === undefined || entry.channel === filter.channel) &&
    (filter.template === undefined || entry.template === filter.template) &&
    (filter.trigger === undefined || entry.trigger === filter.trigger) &&
    (filter.triggerId === undefined || entry.triggerId === filter.triggerId) &&
    (filter.from === undefined || entry.at >= filter.from) &&
    (filter.to === undefined || entry.at < filter.to)
  );
}

/** The memory notification-log repository over `log`, undoable in a transaction. */
export function memoryNotificationLogRepository(
  log: MemoryNotificationLog,
  undo: UndoLog | null,
): NotificationLogRepository {
  return {
    async append(batch) {
      let appended = 0;
      for (const entry of batch) {
        const key = keyOf(entry.tenantId, entry.idempotencyKey);
        if (log.keys.has(key)) continue;
        log.keys.set(key, entry.id);
        undo?.push(() => log.keys.delete(key));
        log.entries.put(entry, undo);
        appended += 1;
      }
      return appended;
    },
    async findByKey(tenantId, idempotencyKey) {
      const id = log.keys.get(keyOf(tenantId, idempotencyKey));
      return id === undefined ? null : log.entries.get(tenantId, id);
    },
    async list(tenantId, filter, page) {
      return log.entries.list(
        tenantId,
        (entry) => matches(entry, filter),
        page.beforeId,
        page.limit,
      );
    },
  };
}
