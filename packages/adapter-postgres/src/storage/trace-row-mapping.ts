import type {
  CustomField,
  LedgerEntry,
  ProductionLine,
  ProductionLineSnapshot,
  ProductionTask,
  ProductionTaskStatus,
  ScanCountThresholds,
  ScanTemplate,
  SealedProductInfo,
  SealReference,
  SealSubjectKind,
  TraceBatch,
  TraceBatchStatus,
} from "@onecode/core";
import type { Insertable, Selectable } from "kysely";
import { countFromColumn } from "../database.js";
import type {
  LedgerEntriesTable,
  ProductionLinesTable,
  ProductionTasksTable,
  TraceBatchesTable,
} from "../trace-tables.js";
import { isoTimestamp } from "./row-mapping.js";

function sealOf(
  sequence: string | bigint | number | null,
  hash: string | null,
  sealedAt: Date | null,
): SealReference | null {
  if (sequence === null || hash === null || sealedAt === null) return null;
  return { sequence: countFromColumn(sequence), hash, sealedAt: isoTimestamp(sealedAt) };
}

/** The core record of a `onecode_trace_batches` row. */
export function traceBatchFromRow(row: Selectable<TraceBatchesTable>): TraceBatch {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    batchNumber: row.batch_number,
    merchantId: row.merchant_id,
    productId: row.product_id,
    productionDate: row.production_date,
    shelfLifeDays: row.shelf_life_days,
    expiryDate: row.expiry_date,
    remark: row.remark,
    customFields: row.custom_fields as CustomField[],
    template: row.template as unknown as ScanTemplate,
    countAlert: row.count_alert as unknown as ScanCountThresholds | null,
    status: row.status as TraceBatchStatus,
    activatedAt: row.activated_at === null ? null : isoTimestamp(row.activated_at),
    codeCount: countFromColumn(row.code_count),
    seal: sealOf(row.seal_sequence, row.seal_hash, row.sealed_at),
    sealedProduct: row.sealed_product as unknown as SealedProductInfo | null,
    version: row.version,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The `onecode_trace_batches` row of a core record (JSON columns as text). */
export function traceBatchToRow(batch: TraceBatch): Insertable<TraceBatchesTable> {
  return {
    tenant_id: batch.tenantId,
    id: batch.id,
    batch_number: batch.batchNumber,
    merchant_id: batch.merchantId,
    product_id: batch.productId,
    production_date: batch.productionDate,
    shelf_life_days: batch.shelfLifeDays,
    expiry_date: batch.expiryDate,
    remark: batch.remark,
    custom_fields: JSON.stringify(batch.customFields),
    template: JSON.stringify(batch.template),
    count_alert: batch.countAlert === null ? null : JSON.stringify(batch.countAlert),
    status: batch.status,
    activated_at: batch.activatedAt,
    code_count: batch.codeCount,
    seal_sequence: batch.seal?.sequence ?? null,
    seal_hash: batch.seal?.hash ?? null,
    sealed_at: batch.seal?.sealedAt ?? null,
    sealed_product: batch.sealedProduct === null ? null : JSON.stringify(batch.sealedProduct),
    version: batch.version,
    created_at: batch.createdAt,
    updated_at: batch.updatedAt,
  };
}

/** The core record of a `onecode_production_lines` row. */
export function productionLineFromRow(row: Selectable<ProductionLinesTable>): ProductionLine {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    lineCode: row.line_code,
    workshop: row.workshop,
    factory: row.factory,
    customFields: row.custom_fields as CustomField[],
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The `onecode_production_lines` row of a core record. */
export function productionLineToRow(line: ProductionLine): Insertable<ProductionLinesTable> {
  return {
    tenant_id: line.tenantId,
    id: line.id,
    name: line.name,
    line_code: line.lineCode,
    workshop: line.workshop,
    factory: line.factory,
    custom_fields: JSON.stringify(line.customFields),
    created_at: line.createdAt,
    updated_at: line.updatedAt,
  };
}

/** The core record of a `onecode_production_tasks` row. */
export function productionTaskFromRow(row: Selectable<ProductionTasksTable>): ProductionTask {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    batchId: row.batch_id,
    lineId: row.line_id,
    personInCharge: row.person_in_charge,
    executedAt: isoTimestamp(row.executed_at),
    customFields: row.custom_fields as CustomField[],
    status: row.status as ProductionTaskStatus,
    line: row.line_snapshot as unknown as ProductionLineSnapshot | null,
    seal: sealOf(row.seal_sequence, row.seal_hash, row.sealed_at),
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The `onecode_production_tasks` row of a core record. */
export function productionTaskToRow(task: ProductionTask): Insertable<ProductionTasksTable> {
  return {
    tenant_id: task.tenantId,
    id: task.id,
    name: task.name,
    batch_id: task.batchId,
    line_id: task.lineId,
    person_in_charge: task.personInCharge,
    executed_at: task.executedAt,
    custom_fields: JSON.stringify(task.customFields),
    status: task.status,
    line_snapshot: task.line === null ? null : JSON.stringify(task.line),
    seal_sequence: task.seal?.sequence ?? null,
    seal_hash: task.seal?.hash ?? null,
    sealed_at: task.seal?.sealedAt ?? null,
    created_at: task.createdAt,
    updated_at: task.updatedAt,
  };
}

/** The core record of a `onecode_ledger_entries` row. */
export function ledgerEntryFromRow(row: Selectable<LedgerEntriesTable>): LedgerEntry {
  return {
    tenantId: row.tenant_id,
    sequence: countFromColumn(row.sequence),
    subjectKind: row.subject_kind as SealSubjectKind,
    subjectId: row.subject_id,
    contentHash: row.content_hash,
    previousHash: row.previous_hash,
    hash: row.hash,
    recordedAt: isoTimestamp(row.recorded_at),
    anchorId: row.anchor_id,
    anchoredAt: row.anchored_at === null ? null : isoTimestamp(row.anchored_at),
  };
}

/** The `onecode_ledger_entries` row of a core record. */
export function ledgerEntryToRow(entry: LedgerEntry): Insertable<LedgerEntriesTable> {
  return {
    tenant_id: entry.tenantId,
    sequence: entry.sequence,
    subject_kind: entry.subjectKind,
    subject_id: entry.subjectId,
    content_hash: entry.contentHash,
    previous_hash: entry.previousHash,
    hash: entry.hash,
    recorded_at: entry.recordedAt,
    anchor_id: entry.anchorId,
    anchored_at: entry.anchoredAt,
  };
}
