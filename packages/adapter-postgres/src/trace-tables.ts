import type { ColumnType } from "kysely";
import type { Int8, Json, NullableTimestamp, TextArray, Timestamp } from "./database.js";

/** A `bigint` column that may be `NULL`. */
export type NullableInt8 = ColumnType<
  string | bigint | number | null,
  number | null | undefined,
  number | null
>;

/** A column the database fills in (an identity); never written. */
export type GeneratedInt8 = ColumnType<string | bigint | number, never, never>;

/** Row of `onecode_trace_batches`. */
export interface TraceBatchesTable {
  tenant_id: string;
  id: string;
  batch_number: string;
  merchant_id: string;
  product_id: string;
  production_date: string;
  shelf_life_days: number | null;
  expiry_date: string | null;
  remark: string;
  custom_fields: Json<unknown[]>;
  template: Json<Record<string, unknown>>;
  /** `{ visitorScans, visitors }`, or NULL: the tenant's count-alert settings apply. */
  count_alert: Json<Record<string, unknown> | null> | null;
  status: string;
  /** When the batch first became active (migration 0010). */
  activated_at: NullableTimestamp;
  code_count: Int8;
  seal_sequence: NullableInt8;
  seal_hash: string | null;
  sealed_at: NullableTimestamp;
  sealed_product: Json<Record<string, unknown> | null> | null;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_trace_batch_packages`: the one batch a package is bound to. */
export interface TraceBatchPackagesTable {
  tenant_id: string;
  package_id: string;
  batch_id: string;
  position: GeneratedInt8;
  code_count: Int8;
  bound_at: Timestamp;
}

/** Row of `onecode_production_lines`. */
export interface ProductionLinesTable {
  tenant_id: string;
  id: string;
  name: string;
  line_code: string;
  workshop: string;
  factory: string;
  custom_fields: Json<unknown[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_production_tasks`. */
export interface ProductionTasksTable {
  tenant_id: string;
  id: string;
  name: string;
  batch_id: string;
  line_id: string;
  person_in_charge: string;
  executed_at: Timestamp;
  custom_fields: Json<unknown[]>;
  status: string;
  line_snapshot: Json<Record<string, string> | null> | null;
  seal_sequence: NullableInt8;
  seal_hash: string | null;
  sealed_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_ledger_entries`. */
export interface LedgerEntriesTable {
  tenant_id: string;
  sequence: Int8;
  subject_kind: string;
  subject_id: string;
  content_hash: string;
  previous_hash: string;
  hash: string;
  recorded_at: Timestamp;
  anchor_id: string | null;
  anchored_at: NullableTimestamp;
}

/** Row of `onecode_enterprises`; `held_code_count` is kept by stock moves. */
export interface EnterprisesTable {
  tenant_id: string;
  id: string;
  parent_id: string | null;
  ancestor_ids: TextArray;
  name: string;
  address: string;
  sales_region: string;
  social_credit_code: string | null;
  /** GS1 GLN (migration 0007). */
  gln: string | null;
  custom_fields: Json<unknown[]>;
  held_code_count: ColumnType<string | bigint | number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_staff`. */
export interface StaffTable {
  tenant_id: string;
  id: string;
  login_name: string;
  display_name: string;
  roles: TextArray;
  enterprise_ids: TextArray;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_stock_documents`. */
export interface StockDocumentsTable {
  tenant_id: string;
  id: string;
  number: string;
  outbound_type: string | null;
  inbound_type: string | null;
  from_enterprise_id: string | null;
  to_enterprise_id: string | null;
  consumer_visible: boolean;
  custom_fields: Json<unknown[]>;
  status: string;
  code_count: Int8;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_stock_document_items`; `position` is the scan order. */
export interface StockDocumentItemsTable {
  tenant_id: string;
  document_id: string;
  position: GeneratedInt8;
  package_id: string;
  from_serial: number;
  to_serial: number;
  code: string;
  scanned_by: string;
  scanned_at: Timestamp;
}

/** Row of `onecode_code_holdings`; `holder_id` `NULL`: the code left circulation. */
export interface CodeHoldingsTable {
  since: Timestamp;
  serial: number;
  tenant_id: string;
  package_id: string;
  holder_id: string | null;
  document_id: string;
}

/** Row of `onecode_scans`; `verdict` is a smallint (see `scan-row-mapping.ts`). */
export interface ScansTable {
  scanned_at: Timestamp;
  verdict: number;
  tenant_id: string;
  code: string;
  id: string;
  region: string | null;
  visitor_id: string | null;
  user_id: string | null;
  declared_visitor_id: string | null;
  batch_id: string | null;
  product_id: string | null;
}

/**
 * Row of `onecode_scan_stats`: `visitor_count` distinct visitors, the first
 * of them inline with its scans (the others in `onecode_scan_visitors`),
 * `regions` up to the cap.
 */
export interface ScanStatsTable {
  first_scanned_at: Timestamp;
  count: Int8;
  tenant_id: string;
  code: string;
  first_region: string | null;
  first_visitor: string | null;
  first_visitor_scans: Int8;
  visitor_count: Int8;
  regions: TextArray;
}

/** Row of `onecode_scan_visitors`: the scans of one code by one visitor other than its first. */
export interface ScanVisitorsTable {
  count: Int8;
  tenant_id: string;
  code: string;
  visitor_id: string;
}

/** Row of `onecode_scan_count_alerts`. */
export interface ScanCountAlertsTable {
  tenant_id: string;
  id: string;
  code: string;
  kind: string;
  threshold: number;
  observed: Int8;
  scan_count: Int8;
  first_scanned_at: Timestamp;
  first_region: string | null;
  visitor_id: string | null;
  scan_id: string;
  batch_id: string;
  detected_at: Timestamp;
}

/** Row of `onecode_scan_alert_settings`. */
export interface ScanAlertSettingsTable {
  tenant_id: string;
  visitor_scans: number | null;
  visitors: number | null;
  updated_at: Timestamp;
}

/** Row of `onecode_diversion_alerts`. */
export interface DiversionAlertsTable {
  tenant_id: string;
  id: string;
  code: string;
  scan_region: string;
  expected_region: string;
  enterprise_id: string;
  scan_id: string;
  detected_at: Timestamp;
}

/** Row of `onecode_inspection_reports`. */
export interface InspectionReportsTable {
  tenant_id: string;
  id: string;
  code: string;
  inspector_id: string;
  region: string | null;
  note: string;
  photos: TextArray;
  created_at: Timestamp;
}

/** The tables of migration 0004 (trace module). */
export interface TraceTables {
  onecode_trace_batches: TraceBatchesTable;
  onecode_trace_batch_packages: TraceBatchPackagesTable;
  onecode_production_lines: ProductionLinesTable;
  onecode_production_tasks: ProductionTasksTable;
  onecode_ledger_entries: LedgerEntriesTable;
  onecode_enterprises: EnterprisesTable;
  onecode_staff: StaffTable;
  onecode_stock_documents: StockDocumentsTable;
  onecode_stock_document_items: StockDocumentItemsTable;
  onecode_code_holdings: CodeHoldingsTable;
  onecode_scans: ScansTable;
  onecode_scan_stats: ScanStatsTable;
  onecode_scan_visitors: ScanVisitorsTable;
  onecode_scan_count_alerts: ScanCountAlertsTable;
  onecode_scan_alert_settings: ScanAlertSettingsTable;
  onecode_diversion_alerts: DiversionAlertsTable;
  onecode_inspection_reports: InspectionReportsTable;
}

/** Row of `onecode_code_lifecycle_entries` (migration 0006): a void, recall or destruction of a serial range. */
export interface CodeLifecycleEntriesTable {
  tenant_id: string;
  id: string;
  kind: string;
  reason: string | null;
  note: string;
  consumer_message: string | null;
  package_id: string;
  from_serial: number;
  to_serial: number;
  code: string | null;
  document_id: string | null;
  created_by: string;
  created_at: Timestamp;
  restored_by: string | null;
  restored_at: NullableTimestamp;
}

/** Row of `onecode_code_package_versions`: a package's status and aggregation versions. */
export interface CodePackageVersionsTable {
  tenant_id: string;
  package_id: string;
  status_version: ColumnType<string | bigint | number, number | undefined, number>;
  aggregation_version: ColumnType<string | bigint | number, number | undefined, number>;
}

/** Row of `onecode_code_parent_links`: a code whose parent is not its layout parent. */
export interface CodeParentLinksTable {
  tenant_id: string;
  package_id: string;
  serial: number;
  parent_serial: number | null;
}

/** Row of `onecode_aggregation_changes`: one entry of the aggregation history. */
export interface AggregationChangesTable {
  tenant_id: string;
  id: string;
  operation_id: string;
  action: string;
  package_id: string;
  parent_serial: number;
  parent_code: string;
  from_serial: number;
  to_serial: number;
  document_id: string | null;
  note: string;
  actor_id: string;
  changed_at: Timestamp;
}

/** The tables of migration 0006 (code lifecycle). */
export interface LifecycleTables {
  onecode_code_lifecycle_entries: CodeLifecycleEntriesTable;
  onecode_code_package_versions: CodePackageVersionsTable;
  onecode_code_parent_links: CodeParentLinksTable;
  onecode_aggregation_changes: AggregationChangesTable;
}
