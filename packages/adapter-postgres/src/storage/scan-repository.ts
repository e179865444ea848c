import type { ScanRepository, ScanStats } from "@onecode/core";
import { sql } from "kysely";
import { checkTallyCaps, type ScanToRecord, writeScanBatch } from "./scan-batch-write.js";
import type { ScanGroupCommit } from "./scan-group-commit.js";
import {
  alertFromRow,
  alertToRow,
  reportFromRow,
  reportToRow,
  scanFromRow,
  scanStatsFromRow,
} from "./scan-row-mapping.js";
import { kyselyRunner } from "./statement-runner.js";
import type { StatementScope } from "./statement-scope.js";

/** Rounds of re-writing a scan whose code a concurrent writer created first (one is normal). */
const REWRITE_ROUNDS = 5;

/** Records one scan with its own statement (inside a caller's transaction). */
async function recordAlone(scope: StatementScope, entry: ScanToRecord): Promise<ScanStats> {
  for (let round = 1; round <= REWRITE_ROUNDS; round++) {
    const [stats] = await writeScanBatch(kyselyRunner(scope.db), [entry]);
    if (stats) return stats;
  }
  throw new Error("scan statistics kept being created concurrently; scan not recorded");
}

/**
 * Consumer scans (`onecode_scans`), their per-code statistics
 * (`onecode_scan_stats`), diversion alerts and inspection reports; every
 * statement is scoped by tenant. With `groupCommit` (the pool scope),
 * concurrent `record` calls share statements; without it (inside a
 * transaction) each writes its own, within the caller's transaction.
 */
export function scanRepository(
  scope: StatementScope,
  groupCommit?: ScanGroupCommit,
): ScanRepository {
  const { db } = scope;
  return {
    async record(scan, caps) {
      checkTallyCaps(caps);
      const entry = { scan, caps };
      return groupCommit ? groupCommit.record(entry) : recordAlone(scope, entry);
    },

    async stats(tenantId, code) {
      const row = await db
        .selectFrom("onecode_scan_stats")
        .select(["count", "first_scanned_at", "first_region", "visitors", "regions"])
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

    /** One insert; the (code, scan region) key skips a duplicate without an error. */
    async insertAlert(alert) {
      const row = alertToRow(alert);
      const { rows } = await sql<{ id: string }>`
        INSERT INTO onecode_diversion_alerts (
          tenant_id, id, code, scan_region, expected_region, enterprise_id, scan_id, detected_at
        ) VALUES (
          ${row.tenant_id}, ${row.id}, ${row.code}, ${row.scan_region}, ${row.expected_region},
          ${row.enterprise_id}, ${row.scan_id}, ${row.detected_at}::timestamptz
        )
        ON CONFLICT ON CONSTRAINT onecode_diversion_alerts_code_region_key DO NOTHING
        RETURNING id
      `.execute(db);
      return rows.length > 0;
    },

    async listAlerts(tenantId, filter, page) {
      let query = db
        .selectFrom("onecode_diversion_alerts")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (filter.code !== undefined) query = query.where("code", "=", filter.code);
      if (filter.enterpriseId !== undefined)
        query = query.where("enterprise_id", "=", filter.enterpriseId);
      if (filter.scanRegion !== undefined)
        query = query.where("scan_region", "=", filter.scanRegion);
      if (filter.from !== undefined)
        query = query.where("detected_at", ">=", sql<Date>`${filter.from}::timestamptz`);
      if (filter.to !== undefined)
        query = query.where("detected_at", "<", sql<Date>`${filter.to}::timestamptz`);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(alertFromRow);
    },

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
