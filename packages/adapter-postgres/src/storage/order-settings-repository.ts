import type { StorageRepositories } from "@onecode/core";
import { isoTimestamp } from "./row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

type OrderSettingsRepository = StorageRepositories["orderSettings"];
type OrderSettings = Parameters<OrderSettingsRepository["save"]>[0];

// node-postgres and PGlite both hand jsonb back parsed; text is parsed in case a driver does not.
function parsed<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/** Each tenant's order settings in `onecode_order_settings`, one row per tenant. */
export function orderSettingsRepository({ db }: StatementScope): OrderSettingsRepository {
  return {
    async get(tenantId) {
      const row = await db
        .selectFrom("onecode_order_settings")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .executeTakeFirst();
      if (!row) return null;
      return {
        tenantId: row.tenant_id,
        closeUnpaidAfterMinutes: row.close_unpaid_after_minutes,
        completeShippedAfterDays: row.complete_shipped_after_days,
        sender: parsed<OrderSettings["sender"]>(row.sender),
        freightTemplateId: row.freight_template_id,
        alertRecipients: parsed<OrderSettings["alertRecipients"]>(row.alert_recipients),
        updatedAt: row.updated_at === null ? null : isoTimestamp(row.updated_at),
      };
    },
    /** One upsert: concurrent saves leave one of them whole, never a mix. */
    async save(settings) {
      const columns = {
        close_unpaid_after_minutes: settings.closeUnpaidAfterMinutes,
        complete_shipped_after_days: settings.completeShippedAfterDays,
        sender: settings.sender === null ? null : JSON.stringify(settings.sender),
        freight_template_id: settings.freightTemplateId,
        alert_recipients: JSON.stringify(settings.alertRecipients),
        updated_at: settings.updatedAt,
      };
      await db
        .insertInto("onecode_order_settings")
        .values({ tenant_id: settings.tenantId, ...columns })
        .onConflict((conflict) => conflict.column("tenant_id").doUpdateSet(columns))
        .execute();
    },
  };
}
