import type { ScanStats } from "@onecode/core";
import { type ScanToRecord, writeScanBatch } from "./scan-batch-write.js";
import { scanStatsFromRow } from "./scan-row-mapping.js";
import { SCAN_STATS_NOW, SCAN_STORED } from "./scan-write-statements.js";
import type { StatementRunner } from "./statement-runner.js";

/**
 * What recording scans needs of the database: the batch write, and the
 * reads that tell what a write whose connection failed left behind.
 */
export interface ScanBatchStore {
  /** Writes one batch; `null` marks a scan to write again (see `writeScanBatch`). */
  write(entries: readonly ScanToRecord[]): Promise<ReadonlyArray<ScanStats | null>>;
  /** Whether the scan is stored. A batch is one statement, so one scan tells for its whole batch. */
  isStored(entry: ScanToRecord): Promise<boolean>;
  /** The statistics of the entries' codes as they are now, one per entry (the scans are stored). */
  statsNow(entries: readonly ScanToRecord[]): Promise<ScanStats[]>;
}

interface StatsRow {
  readonly tenant_id: string;
  readonly code: string;
  readonly count: string | number | bigint;
  readonly first_scanned_at: Date;
  readonly first_region: string | null;
  readonly visitors: string[];
  readonly regions: string[];
}

const keyOf = (tenantId: string, code: string) => `${tenantId}\u0000${code}`;

/** The store over a statement runner (a pool, the hot lane, or a transaction's connection). */
export function scanBatchStore(run: StatementRunner): ScanBatchStore {
  return {
    write: (entries) => writeScanBatch(run, entries),
    async isStored({ scan }) {
      const rows = await run("onecode_scan_stored_v1", SCAN_STORED, [
        scan.tenantId,
        scan.code,
        scan.id,
      ]);
      return rows.length > 0;
    },
    async statsNow(entries) {
      const codes = new Map(entries.map(({ scan }) => [keyOf(scan.tenantId, scan.code), scan]));
      const rows = await run<StatsRow>("onecode_scan_stats_now_v1", SCAN_STATS_NOW, [
        [...codes.values()].map((scan) => scan.tenantId),
        [...codes.values()].map((scan) => scan.code),
      ]);
      const stats = new Map(rows.map((row) => [keyOf(row.tenant_id, row.code), row]));
      return entries.map(({ scan }) => {
        const row = stats.get(keyOf(scan.tenantId, scan.code));
        // A stored scan's code always has statistics: they are written in the same statement.
        if (!row) throw new Error(`scan ${scan.id} is stored but its code has no statistics`);
        return scanStatsFromRow(row);
      });
    },
  };
}
