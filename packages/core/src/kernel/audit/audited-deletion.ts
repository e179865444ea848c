import type { Storage, StorageRepositories } from "../../ports/storage.js";
import type { TenantContext } from "../tenant.js";
import type { AuditTarget } from "./audit-entry.js";
import { deletedChanges } from "./audit-summary.js";
import type { RecordAudit } from "./record-audit.js";

/** What {@link deleteAudited} deletes and how the deletion is named in the log. */
export interface AuditedDeletion<R extends { readonly outcome: string }> {
  /** Reads the record as it is before the deletion (for the entry's `before` values). */
  readonly read: (tx: StorageRepositories) => Promise<object | null>;
  /** The repository's conditional delete; its outcome `deleted` means it happened. */
  readonly remove: (tx: StorageRepositories) => Promise<R>;
  /** Dotted `module.record.deleted`. */
  readonly action: string;
  readonly target: AuditTarget;
}

/**
 * Deletes a record and, when the repository reports it `deleted`, appends the
 * audit entry holding the record as it was, in one transaction. Returns the
 * repository's outcome for the use case to map its refusals (`not_found`,
 * `has_products`, ...).
 */
export function deleteAudited<R extends { readonly outcome: string }>(
  storage: Pick<Storage, "transaction">,
  recordAudit: RecordAudit,
  ctx: TenantContext,
  deletion: AuditedDeletion<R>,
): Promise<R> {
  return storage.transaction(async (tx) => {
    const current = await deletion.read(tx);
    const outcome = await deletion.remove(tx);
    if (outcome.outcome === "deleted" && current) {
      await recordAudit(tx, ctx, {
        action: deletion.action,
        target: deletion.target,
        changes: deletedChanges(current),
      });
    }
    return outcome;
  });
}
