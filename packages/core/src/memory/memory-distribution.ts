import type {
  Enterprise,
  InspectionReport,
  StaffMember,
  StockDocument,
} from "../trace/distribution/distribution.js";
import type { DistributionRepositories } from "../trace/ports.js";
import type { DiversionAlert, ScanRecord } from "../trace/scans/scan.js";
import type { ScanCountAlert, ScanCountAlertSettings } from "../trace/scans/scan-count-alert.js";
import { memoryEnterpriseRepository } from "./memory-enterprises.js";
import type { MemoryLifecycleTables } from "./memory-lifecycle-tables.js";
import { memoryScanRepository } from "./memory-scans.js";
import { memoryStaffRepository } from "./memory-staff.js";
import { memoryStockRepository } from "./memory-stock.js";
import { MemoryHoldings, MemoryStockItems } from "./memory-stock-index.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";

/** Running statistics of one code's scans: every visitor's scans, the regions seen (up to the cap). */
export interface MemoryScanTally {
  count: number;
  readonly firstScannedAt: string;
  readonly firstRegion: string | null;
  readonly visitors: Map<string, number>;
  readonly regions: Set<string>;
}

/**
 * The distribution and scan tables of the memory storage: enterprises,
 * staff, stock documents with their items and code holdings, consumer scans
 * with their statistics, diversion alerts and inspection reports.
 */
export class MemoryDistributionTables {
  /** Lifecycle tables, shared: stock moves check voids and aggregation and record destruction. */
  constructor(readonly lifecycle: MemoryLifecycleTables) {}

  readonly enterprises = new MemoryTable<Enterprise>();
  readonly staff = new MemoryTable<StaffMember>();
  readonly documents = new MemoryTable<StockDocument>();
  readonly items = new MemoryStockItems();
  readonly holdings = new MemoryHoldings();
  readonly scans = new MemoryTable<ScanRecord>();
  /** By tenant and code. */
  readonly tallies = new Map<string, MemoryScanTally>();
  /** Scans recorded per tenant. */
  readonly scanCounts = new Map<string, number>();
  readonly alerts = new MemoryTable<DiversionAlert>();
  /** Tenant, code and scan region of every stored alert (the dedupe constraint). */
  readonly alertKeys = new Set<string>();
  readonly countAlerts = new MemoryTable<ScanCountAlert>();
  /** Tenant, code and kind of every stored count alert (the dedupe constraint). */
  readonly countAlertKeys = new Set<string>();
  /** Count-alert settings by tenant. */
  readonly alertSettings = new Map<string, ScanCountAlertSettings>();
  readonly reports = new MemoryTable<InspectionReport>();

  /** Stock documents naming the enterprise as issuer or receiver. */
  documentCount(tenantId: string, enterpriseId: string): number {
    return this.documents.some(
      tenantId,
      (document) =>
        document.fromEnterpriseId === enterpriseId || document.toEnterpriseId === enterpriseId,
    ).length;
  }
}

/** Distribution repositories over the memory tables, recording undo steps when `undo` is given. */
export function memoryDistributionRepositories(
  tables: MemoryDistributionTables,
  undo: UndoLog | null,
): DistributionRepositories {
  return {
    enterprises: memoryEnterpriseRepository(tables, undo),
    staff: memoryStaffRepository(tables, undo),
    stock: memoryStockRepository(tables, undo),
    scans: memoryScanRepository(tables, undo),
  };
}
