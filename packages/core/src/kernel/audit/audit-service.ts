import { type Page, type PageRequest, paginate } from "../pagination.js";
import { requireCapability } from "../permissions/access-check.js";
import type { TenantContext } from "../tenant.js";
import { type AuditChangeInput, checkAuditChange } from "./audit-change-check.js";
import type { AuditEntry } from "./audit-entry.js";
import { type AuditFilterInput, checkAuditFilter } from "./audit-filter-check.js";
import { fieldChanges } from "./audit-summary.js";
import type { AuditRepositories } from "./ports.js";
import type { RecordAudit } from "./record-audit.js";

/**
 * The audit log (`onecode.audit`): entries are appended by the use cases
 * that change state, in their transaction, and never updated or deleted.
 */
export interface AuditService {
  /**
   * Entries of the tenant's audit log, newest first, filtered by actor,
   * target, action and period (`from` inclusive, `to` exclusive). Needs the
   * `audit.read` capability (admins hold it).
   *
   * @example
   * ```ts
   * const page = await onecode.audit.list(ctx, { targetType: "merchant", action: "catalog.merchant.created" });
   * ```
   */
  list(
    ctx: TenantContext,
    filter?: AuditFilterInput,
    page?: PageRequest,
  ): Promise<Page<AuditEntry>>;
  /**
   * Appends the entry of a host module's change through `tx`, the
   * transaction the change itself is written in, so both commit or neither
   * does; the actor is `ctx`'s. Values pass the same redaction as core's own
   * entries (secrets `[redacted]`, long texts cut). Core's modules record
   * their changes themselves; this is for modules a host adds.
   *
   * @throws `VALIDATION_FAILED` naming `action` (dotted lower-case words),
   *   `target.type`, `target.id` or `changes`.
   *
   * @example
   * ```ts
   * await onecode.ports.storage.transaction(async (tx) => {
   *   // ... the change through tx ...
   *   await onecode.audit.record(tx, ctx, {
   *     action: "promotions.flash_sale.paused",
   *     target: { type: "flash_sale", id: "fs_1" },
   *     changes: { paused: { before: false, after: true } },
   *   });
   * });
   * ```
   */
  record(tx: AuditRepositories, ctx: TenantContext, change: AuditChangeInput): Promise<AuditEntry>;
}

/** Builds the audit-log service over storage and the kernel's recorder. */
export function auditService(
  ports: { readonly storage: AuditRepositories },
  recordAudit: RecordAudit,
): AuditService {
  return {
    async record(tx, ctx, change) {
      checkAuditChange(change);
      return recordAudit(tx, ctx, {
        action: change.action,
        target: { type: change.target.type, id: change.target.id },
        changes: fieldChanges(change.changes),
      });
    },
    async list(ctx, filter = {}, page) {
      requireCapability(ctx, "audit.read");
      const checked = checkAuditFilter(filter);
      return paginate(page, (query) => ports.storage.audit.list(ctx.tenantId, checked, query));
    },
  };
}
