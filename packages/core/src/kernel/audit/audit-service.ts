import { type Page, type PageRequest, paginate } from "../pagination.js";
import { requireCapability } from "../permissions/access-check.js";
import type { TenantContext } from "../tenant.js";
import type { AuditEntry } from "./audit-entry.js";
import { type AuditFilterInput, checkAuditFilter } from "./audit-filter-check.js";
import type { AuditRepositories } from "./ports.js";

/** The audit log (`onecode.audit`): read-only; entries are written by the use cases that change state. */
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
}

/** Builds the audit-log reader over storage. */
export function auditService(ports: { readonly storage: AuditRepositories }): AuditService {
  return {
    async list(ctx, filter = {}, page) {
      requireCapability(ctx, "audit.read");
      const checked = checkAuditFilter(filter);
      return paginate(page, (query) => ports.storage.audit.list(ctx.tenantId, checked, query));
    },
  };
}
