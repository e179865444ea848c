import type { ScanAlertMethods } from "@onecode/core";
import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { OneCodeDatabase } from "../database.js";
import {
  alertFromRow,
  alertSettingsFromRow,
  alertToRow,
  countAlertFromRow,
  countAlertToRow,
} from "./scan-row-mapping.js";

/** Restricts an alert query to `detected_at` in the filter's window, then pages it newest first. */
function windowed<T extends "onecode_diversion_alerts" | "onecode_scan_count_alerts", O>(
  query: SelectQueryBuilder<OneCodeDatabase, T, O>,
  filter: { readonly from?: string; readonly to?: string },
  page: { readonly limit: number; readonly beforeId: string | null },
): SelectQueryBuilder<OneCodeDatabase, T, O> {
  // biome-ignore lint/suspicious/noExplicitAny: both alert tables have these columns
  let paged = query as SelectQueryBuilder<any, any, O>;
  if (filter.from !== undefined) {
    paged = paged.where("detected_at", ">=", sql<Date>`${filter.from}::timestamptz`);
  }
  if (filter.to !== undefined) {
    paged = paged.where("detected_at", "<", sql<Date>`${filter.to}::timestamptz`);
  }
  if (page.beforeId !== null) paged = paged.where("id", "<", page.beforeId);
  return paged.orderBy("id", "desc").limit(page.limit);
}

/**
 * Diversion alerts (`onecode_diversion_alerts`), count alerts
 * (`onecode_scan_count_alerts`) and count-alert settings
 * (`onecode_scan_alert_settings`); every statement scoped by tenant. Each
 * insert is one statement whose unique key skips a duplicate alert.
 */
export function scanAlertRepository(db: Kysely<OneCodeDatabase>): ScanAlertMethods {
  return {
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
      return (await windowed(query, filter, page).execute()).map(alertFromRow);
    },

    async insertCountAlert(alert) {
      const rows = await db
        .insertInto("onecode_scan_count_alerts")
        .values(countAlertToRow(alert))
        .onConflict((conflict) =>
          conflict.constraint("onecode_scan_count_alerts_code_kind_key").doNothing(),
        )
        .returning("id")
        .execute();
      return rows.length > 0;
    },

    async listCountAlerts(tenantId, filter, page) {
      let query = db
        .selectFrom("onecode_scan_count_alerts")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (filter.code !== undefined) query = query.where("code", "=", filter.code);
      if (filter.kind !== undefined) query = query.where("kind", "=", filter.kind);
      if (filter.batchId !== undefined) query = query.where("batch_id", "=", filter.batchId);
      return (await windowed(query, filter, page).execute()).map(countAlertFromRow);
    },

    async alertSettings(tenantId) {
      const row = await db
        .selectFrom("onecode_scan_alert_settings")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .executeTakeFirst();
      return row ? alertSettingsFromRow(row) : null;
    },

    /** One upsert: a threshold not given keeps its stored value (NULL for a new row). */
    async updateAlertSettings(tenantId, changes) {
      const visitorScans = changes.visitorScans !== undefined;
      const visitors = changes.visitors !== undefined;
      const { rows } = await sql<Parameters<typeof alertSettingsFromRow>[0]>`
        INSERT INTO onecode_scan_alert_settings AS s (tenant_id, visitor_scans, visitors, updated_at)
        VALUES (
          ${tenantId}, ${changes.visitorScans ?? null}::int, ${changes.visitors ?? null}::int,
          ${changes.updatedAt}::timestamptz
        )
        ON CONFLICT (tenant_id) DO UPDATE SET
          visitor_scans = CASE WHEN ${visitorScans} THEN excluded.visitor_scans
            ELSE s.visitor_scans END,
          visitors = CASE WHEN ${visitors} THEN excluded.visitors ELSE s.visitors END,
          updated_at = excluded.updated_at
        RETURNING tenant_id, visitor_scans, visitors, updated_at
      `.execute(db);
      return alertSettingsFromRow(rows[0] as Parameters<typeof alertSettingsFromRow>[0]);
    },
  };
}
