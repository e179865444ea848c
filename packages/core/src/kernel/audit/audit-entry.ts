/**
 * A value as the audit log keeps it: JSON only, with secrets redacted and
 * long text or large structures cut down (see `summarizeAuditValue`).
 */
export type AuditValue =
  | string
  | number
  | boolean
  | null
  | readonly AuditValue[]
  | { readonly [key: string]: AuditValue };

/**
 * One changed field (or a count, for bulk changes). `before` is absent when
 * the field came into being (a created record), `after` when it went away (a
 * deleted record).
 */
export interface AuditFieldChange {
  readonly before?: AuditValue;
  readonly after?: AuditValue;
}

/** What changed, by field name (`status`, `name`, `codeCount`, ...). */
export type AuditChanges = Readonly<Record<string, AuditFieldChange>>;

/** Who made the change: a staff member, the system (schedulers, jobs) or a consumer acting on their own records. */
export interface AuditActor {
  readonly kind: "staff" | "system" | "consumer";
  readonly id: string;
}

/** The record the change was made to, e.g. `{ type: "trace_batch", id: "tb_01..." }`. */
export interface AuditTarget {
  readonly type: string;
  readonly id: string;
}

/**
 * One entry of the tenant's audit log: a state change made by a staff member
 * or the system, appended in the same transaction as the change. Entries are
 * never updated or deleted.
 */
export interface AuditEntry {
  /** Time-sortable id (`aud_...`); the log lists newest first by it. */
  readonly id: string;
  readonly tenantId: string;
  readonly actor: AuditActor;
  /** Dotted `module.record.verb`, e.g. `codes.package.created`, `trace.batch.activated`. */
  readonly action: string;
  readonly target: AuditTarget;
  /** When the change was made (ISO-8601 UTC, from the clock port). */
  readonly at: string;
  /** The changed fields with their values before and after, secrets redacted. */
  readonly changes: AuditChanges;
}

/**
 * Which entries {@link AuditEntry} listings return; every present field must
 * match. `from` is inclusive and `to` exclusive (ISO-8601 UTC instants).
 */
export interface AuditFilter {
  readonly actorId?: string;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly action?: string;
  readonly from?: string;
  readonly to?: string;
}
