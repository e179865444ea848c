import type { PageQuery } from "../kernel/pagination.js";
import type { NotificationLogEntry, NotificationLogFilter } from "./notification-log.js";

/**
 * The notification log: one entry per notification decided, keyed within
 * the tenant by its idempotency key, so redelivered events and retried bulk
 * sends never log one notification twice.
 */
export interface NotificationLogRepository {
  /**
   * Appends the entries whose `(tenantId, idempotencyKey)` is not logged yet,
   * in one atomic write, and returns how many it appended; entries with a
   * logged key (or a key repeated in the batch after its first) are left out.
   */
  append(entries: readonly NotificationLogEntry[]): Promise<number>;
  /** The entry logged under `idempotencyKey`, or `null`. */
  findByKey(tenantId: string, idempotencyKey: string): Promise<NotificationLogEntry | null>;
  /**
   * Entries of the tenant matching every field of `filter`, with id below
   * `page.beforeId`, newest (highest id) first, at most `page.limit`.
   */
  list(
    tenantId: string,
    filter: NotificationLogFilter,
    page: PageQuery,
  ): Promise<NotificationLogEntry[]>;
}

/** The notifications part of the storage port. */
export interface NotificationRepositories {
  readonly notificationLog: NotificationLogRepository;
}
