import type {
  AggregationChange,
  CodeLifecycleEntry,
  CodeLifecycleKind,
  CodeStatus,
  RecallReason,
  VoidReason,
} from "@onecode/core";
import type { Insertable, Selectable } from "kysely";
import type { AggregationChangesTable, CodeLifecycleEntriesTable } from "../trace-tables.js";
import { isoTimestamp } from "./row-mapping.js";

type Reason = VoidReason | RecallReason;

/** The core record of a `onecode_code_lifecycle_entries` row. */
export function lifecycleEntryFromRow(
  row: Selectable<CodeLifecycleEntriesTable>,
): CodeLifecycleEntry {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind as CodeLifecycleKind,
    reason: row.reason as Reason | null,
    note: row.note,
    consumerMessage: row.consumer_message,
    range: { packageId: row.package_id, fromSerial: row.from_serial, toSerial: row.to_serial },
    code: row.code,
    documentId: row.document_id,
    createdBy: row.created_by,
    createdAt: isoTimestamp(row.created_at),
    restoredBy: row.restored_by,
    restoredAt: row.restored_at === null ? null : isoTimestamp(row.restored_at),
  };
}

/** The `onecode_code_lifecycle_entries` row of a core record. */
export function lifecycleEntryToRow(
  entry: CodeLifecycleEntry,
): Insertable<CodeLifecycleEntriesTable> {
  return {
    tenant_id: entry.tenantId,
    id: entry.id,
    kind: entry.kind,
    reason: entry.reason,
    note: entry.note,
    consumer_message: entry.consumerMessage,
    package_id: entry.range.packageId,
    from_serial: entry.range.fromSerial,
    to_serial: entry.range.toSerial,
    code: entry.code,
    document_id: entry.documentId,
    created_by: entry.createdBy,
    created_at: entry.createdAt,
    restored_by: entry.restoredBy,
    restored_at: entry.restoredAt,
  };
}

/** Columns of the entry that decides a code's status (see `CODE_STATUS_SQL`). */
export interface CodeStatusColumns {
  readonly status_id: string | null;
  readonly status_kind: string | null;
  readonly status_reason: string | null;
  readonly status_message: string | null;
  readonly status_since: Date | string | null;
}

/** A code's status from {@link CodeStatusColumns}; `null` when no entry covers it. */
export function codeStatusFromRow(row: CodeStatusColumns): CodeStatus | null {
  if (row.status_id === null || row.status_since === null) return null;
  return {
    entryId: row.status_id,
    kind: row.status_kind as CodeLifecycleKind,
    reason: row.status_reason as Reason | null,
    consumerMessage: row.status_message,
    since: isoTimestamp(row.status_since),
  };
}

/**
 * A LATERAL subquery naming the entry that decides what the code at
 * `(tenant, package, serial)` (SQL expressions) scans as: among the active
 * entries covering it (a range scan of the partial covering index), a
 * destruction, else the newest. Its columns are {@link CodeStatusColumns}.
 * With `statusVersion` (the package's `status_version`, joined before),
 * packages that never had an entry skip the index probe: a consumer scan's
 * look-up then costs one primary-key probe more than before, not two.
 */
export function codeStatusLateral(
  tenant: string,
  packageId: string,
  serial: string,
  statusVersion?: string,
): string {
  const guard = statusVersion === undefined ? "" : `${statusVersion} > 0 AND `;
  return `LEFT JOIN LATERAL (
    SELECT e.id AS status_id, e.kind AS status_kind, e.reason AS status_reason,
      e.consumer_message AS status_message, e.created_at AS status_since
    FROM onecode_code_lifecycle_entries e
    WHERE ${guard}e.tenant_id = ${tenant} AND e.package_id = ${packageId}
      AND e.from_serial <= ${serial} AND e.to_serial >= ${serial} AND e.restored_at IS NULL
    ORDER BY (e.kind = 'destroyed') DESC, e.id DESC
    LIMIT 1
  ) s ON true`;
}

/** The core record of a `onecode_aggregation_changes` row. */
export function aggregationChangeFromRow(
  row: Selectable<AggregationChangesTable>,
): AggregationChange {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    operationId: row.operation_id,
    action: row.action as AggregationChange["action"],
    packageId: row.package_id,
    parentSerial: row.parent_serial,
    parentCode: row.parent_code,
    children: { fromSerial: row.from_serial, toSerial: row.to_serial },
    documentId: row.document_id,
    note: row.note,
    actorId: row.actor_id,
    at: isoTimestamp(row.changed_at),
  };
}

/** The `onecode_aggregation_changes` row of a core record. */
export function aggregationChangeToRow(
  change: AggregationChange,
): Insertable<AggregationChangesTable> {
  return {
    tenant_id: change.tenantId,
    id: change.id,
    operation_id: change.operationId,
    action: change.action,
    package_id: change.packageId,
    parent_serial: change.parentSerial,
    parent_code: change.parentCode,
    from_serial: change.children.fromSerial,
    to_serial: change.children.toSerial,
    document_id: change.documentId,
    note: change.note,
    actor_id: change.actorId,
    changed_at: change.at,
  };
}
