import type { PageQuery } from "../pagination.js";
import type { AuditEntry, AuditFilter } from "./audit-entry.js";

/**
 * The append-only audit log. There is no update and no delete: an entry,
 * once committed, stays as written.
 */
export interface AuditLogRepository {
  /**
   * Appends the entries (each under its own `tenantId`) in one atomic write.
   * Inside `storage.transaction` they commit or roll back with the change
   * they describe. Ids are fresh; a duplicate id is a bug and throws.
   */
  append(entries: readonly AuditEntry[]): Promise<void>;
  /**
   * Entries of the tenant matching every present field of `filter`, with id
   * below `page.beforeId`, newest (highest id) first, at most `page.limit`.
   * Paging by id never repeats an entry and never skips one that was
   * committed before the first page was read.
   */
  list(tenantId: string, filter: AuditFilter, page: PageQuery): Promise<AuditEntry[]>;
}

/** The repositories of the audit log, gathered into the storage port. */
export interface AuditRepositories {
  readonly audit: AuditLogRepository;
}
