import {
  DEFAULT_TENANT_SETTINGS,
  type TenantSettings,
  type TenantSettingsRepository,
} from "../settings/tenant-settings.js";
import type { UndoLog } from "./memory-table.js";

/** The memory tenant-settings repository over `rows` (one per tenant), undoable in a transaction. */
export function memoryTenantSettingsRepository(
  rows: Map<string, TenantSettings>,
  undo: UndoLog | null,
): TenantSettingsRepository {
  return {
    async get(tenantId) {
      const row = rows.get(tenantId);
      return row ? { ...row } : null;
    },
    async update(tenantId, changes) {
      const before = rows.get(tenantId);
      const next: TenantSettings = {
        tenantId,
        timeZone: changes.timeZone ?? before?.timeZone ?? DEFAULT_TENANT_SETTINGS.timeZone,
        currency: changes.currency ?? before?.currency ?? DEFAULT_TENANT_SETTINGS.currency,
        updatedAt: changes.updatedAt,
      };
      rows.set(tenantId, next);
      undo?.push(() => (before ? rows.set(tenantId, before) : rows.delete(tenantId)));
      return { ...next };
    },
  };
}
