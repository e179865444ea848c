import {
  DEFAULT_TENANT_SETTINGS,
  type TenantSettings,
  type TenantSettingsRepository,
} from "@onecode/core";
import { type Selectable, sql } from "kysely";
import type { TenantSettingsTable } from "../database.js";
import { isoTimestamp } from "./row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

function settingsFromRow(row: Selectable<TenantSettingsTable>): TenantSettings {
  return {
    tenantId: row.tenant_id,
    timeZone: row.time_zone,
    currency: row.currency,
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** Tenant settings in `onecode_tenant_settings`, one row per tenant that changed them. */
export function tenantSettingsRepository({ db }: StatementScope): TenantSettingsRepository {
  return {
    async get(tenantId) {
      const row = await db
        .selectFrom("onecode_tenant_settings")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .executeTakeFirst();
      return row ? settingsFromRow(row) : null;
    },

    /** One upsert: a setting not given keeps its stored value (the default for a new row). */
    async update(tenantId, changes) {
      const { rows } = await sql<Selectable<TenantSettingsTable>>`
        INSERT INTO onecode_tenant_settings AS s (tenant_id, time_zone, currency, updated_at)
        VALUES (
          ${tenantId},
          ${changes.timeZone ?? DEFAULT_TENANT_SETTINGS.timeZone},
          ${changes.currency ?? DEFAULT_TENANT_SETTINGS.currency},
          ${changes.updatedAt}::timestamptz
        )
        ON CONFLICT (tenant_id) DO UPDATE SET
          time_zone = CASE WHEN ${changes.timeZone !== undefined} THEN excluded.time_zone
            ELSE s.time_zone END,
          currency = CASE WHEN ${changes.currency !== undefined} THEN excluded.currency
            ELSE s.currency END,
          updated_at = excluded.updated_at
        RETURNING tenant_id, time_zone, currency, updated_at
      `.execute(db);
      return settingsFromRow(rows[0] as Selectable<TenantSettingsTable>);
    },
  };
}
