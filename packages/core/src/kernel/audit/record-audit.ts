import { type Clock, isoNow } from "../clock.js";
import type { IdGenerator } from "../ids.js";
import { SYSTEM_ACTOR, type TenantContext } from "../tenant.js";
import type { AuditChanges, AuditEntry, AuditTarget } from "./audit-entry.js";
import type { AuditRepositories } from "./ports.js";

/** What a use case says about its change; the recorder adds id, tenant, actor and time. */
export interface AuditChange {
  /** Dotted `module.record.verb`, e.g. `catalog.merchant.updated`. */
  readonly action: string;
  readonly target: AuditTarget;
  /** Built with `createdChanges`, `updatedChanges`, `fieldChanges` or `countChanges`. */
  readonly changes: AuditChanges;
}

/**
 * Appends one audit entry through `tx`, the transaction handle the change
 * itself was written with, so both commit or neither does.
 */
export type RecordAudit = (
  tx: AuditRepositories,
  ctx: TenantContext,
  change: AuditChange,
) => Promise<AuditEntry>;

/** The module-facing audit helper: ids and time come from the ports, the actor from `ctx`. */
export function auditRecorder(ports: {
  readonly ids: IdGenerator;
  readonly clock: Clock;
}): RecordAudit {
  return async (tx, ctx, change) => {
    const entry: AuditEntry = {
      id: ports.ids.newId("aud"),
      tenantId: ctx.tenantId,
      actor: { kind: ctx.actor.kind, id: ctx.actor.id },
      action: change.action,
      target: { type: change.target.type, id: change.target.id },
      at: isoNow(ports.clock),
      changes: change.changes,
    };
    await tx.audit.append([entry]);
    return entry;
  };
}

/**
 * The context of work the system does for a tenant on its own (a generation
 * job finishing), so its audit entries name the system, not a staff member.
 * `tenantId` comes from a stored record, so it is not checked again.
 */
export function systemContext(tenantId: string): TenantContext {
  return Object.freeze({ tenantId, actor: SYSTEM_ACTOR });
}
