import type { RecordedScanStats } from "@onecode/core";
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
  write(entries: readonly ScanToRecord[]): Promise<ReadonlyArray<RecordedScanStats | null>>;
  /** Whether the scan is stored. A batch is one statement, so one scan tells for its whole batch. */
  isStored(entry: ScanToRecord): Promise<boolean>;
  /**
   * The statistics of the entries' codes as they are now, with each entry's
   * visitor's scans now, one per entry (the scans are stored).
   */
  statsNow(entries: readonly ScanToRecord[]): Promise<RecordedScanStats[]>;
}

interface StatsNowRow {
  readonly i: string | number;
  readonly count: string | number | bigint;
  readonly first_scanned_at: Date;
  readonly first_region: string | null;
  readonly visitor_count: string | number | bigint;
  readonly regions: string[];
  readonly visitor_scans: string | number | bigint | null;
}

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
      const rows = await run<StatsNowRow>("onecode_scan_stats_now_v2", SCAN_STATS_NOW, [
        entries.map(({ scan }) => scan.tenantId),
        entries.map(({ scan }) => scan.code),
        entries.map(({ scan }) => scan.visitorId),
      ]);
      const byEntry = new Map(rows.map((row) => [Number(row.i), row]));
      return entries.map(({ scan }, index) => {
        const row = byEntry.get(index + 1);
        // A stored scan's code always has statistics: they are written in the same statement.
        if (!row) throw new Error(`scan ${scan.id} is stored but its code has no statistics`);
        return {
          ...scanStatsFromRow(row),
          visitorScans: scan.visitorId === null ? 0 : Number(row.visitor_scans ?? 0),
        };
      });
    },
  };
}
