import type { RecordedScanStats, ScanRepository } from "@onecode/core";
import { checkSuspicionThreshold } from "@onecode/core/adapter-kit";
import { scanAlertRepository } from "./scan-alert-repository.js";
import {
  recordScanBatch,
  SCAN_WRITE_ATTEMPTS,
  SCANS_PRIMARY_KEY,
  scanWriteContended,
} from "./scan-batch-recording.js";
import { type ScanBatchStore, scanBatchStore } from "./scan-batch-store.js";
import type { ScanToRecord } from "./scan-batch-write.js";
import { reportFromRow, reportToRow, scanFromRow, scanStatsFromRow } from "./scan-row-mapping.js";
import { UNIQUE_VIOLATION } from "./sql-errors.js";
import { kyselyRunner } from "./statement-runner.js";
import type { StatementScope } from "./statement-scope.js";

/** Records one scan: how a repository writes scans (a group commit, or one statement each). */
export type ScanRecorder = (entry: ScanToRecord) => Promise<RecordedScanStats>;

/**
 * Records each scan with a statement of its own on the pool, settled like a
 * group-commit batch of one (see `recordScanBatch`).
 */
export function scanByScanRecorder(store: ScanBatchStore): ScanRecorder {
  return (entry) =>
    new Promise((resolve, reject) => {
      recordScanBatch(store, [{ ...entry, resolve, reject }]).catch(reject);
    });
}

/**
 * Records one scan within the caller's transaction. A scan id stored
 * already (its primary key) is rolled back to a savepoint, so the
 * transaction goes on, and answered with its code's statistics as they are
 * now.
 */
async function recordInTransaction(
  scope: StatementScope,
  entry: ScanToRecord,
): Promise<RecordedScanStats> {
  const store = scanBatchStore(kyselyRunner(scope.db));
  for (let attempt = 1; attempt <= SCAN_WRITE_ATTEMPTS; attempt++) {
    const written = await scope.tolerate(() => store.write([entry]), [UNIQUE_VIOLATION]);
    if (!written.ok) {
      if (written.error.constraint !== SCANS_PRIMARY_KEY) {
        throw new Error(`scan not recorded: unique violation of ${written.error.constraint}`);
      }
      return (await store.statsNow([entry]))[0] as RecordedScanStats;
    }
    const [stats] = written.value;
    if (stats) return stats;
  }
  throw scanWriteContended();
}

/**
 * Consumer scans (`onecode_scans`), their per-code statistics
 * (`onecode_scan_stats`, `onecode_scan_visitors`), alerts and their
 * settings (`scan-alert-repository.ts`) and inspection reports; every
 * statement is scoped by tenant. `recorder` writes scans on the pool (a
 * group commit, or a statement each); without it (inside a transaction)
 * each scan is written within the caller's transaction.
 */
export function scanRepository(scope: StatementScope, recorder?: ScanRecorder): ScanRepository {
  const { db } = scope;
  return {
    async record(scan, suspicion) {
      // Refused before it joins a shared write, so a mistake fails only its own scan.
      checkSuspicionThreshold(suspicion);
      const entry = { scan, suspicion };
      return recorder ? recorder(entry) : recordInTransaction(scope, entry);
    },

    async stats(tenantId, code) {
      const row = await db
        .selectFrom("onecode_scan_stats")
        .select(["count", "first_scanned_at", "first_region", "visitor_count", "regions"])
        .where("tenant_id", "=", tenantId)
        .where("code", "=", code)
        .executeTakeFirst();
      return row ? scanStatsFromRow(row) : null;
    },

    async listForCode(tenantId, code, page) {
      // A backward range scan of the primary key (tenant_id, code, id).
      let query = db
        .selectFrom("onecode_scans")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("code", "=", code);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(scanFromRow);
    },

    async count(tenantId) {
      const row = await db
        .selectFrom("onecode_scans")
        .select((eb) => eb.fn.countAll<string | number | bigint>().as("n"))
        .where("tenant_id", "=", tenantId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    ...scanAlertRepository(db),

    async insertReport(report) {
      await db.insertInto("onecode_inspection_reports").values(reportToRow(report)).execute();
    },

    async listReports(tenantId, filter, page) {
      let query = db
        .selectFrom("onecode_inspection_reports")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (filter.code !== undefined) query = query.where("code", "=", filter.code);
      if (filter.inspectorId !== undefined)
        query = query.where("inspector_id", "=", filter.inspectorId);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(reportFromRow);
    },
  };
}
