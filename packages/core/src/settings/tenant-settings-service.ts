import { updatedChanges } from "../kernel/audit/audit-summary.js";
import type { AuditRepositories } from "../kernel/audit/ports.js";
import { auditRecorder } from "../kernel/audit/record-audit.js";
import { type Clock, isoNow } from "../kernel/clock.js";
import type { IdGenerator } from "../kernel/ids.js";
import { LruMap } from "../kernel/lru-map.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import {
  DEFAULT_TENANT_SETTINGS,
  type TenantSettings,
  type TenantSettingsRepositories,
  type TenantSettingsService,
} from "./tenant-settings.js";
import { checkTenantSettingsPatch } from "./tenant-settings-check.js";

/** How long a process trusts settings it read; another process's change shows within it. */
const SETTINGS_TTL_MS = 60_000;
const CACHED_TENANTS = 10_000;

/**
 * One runtime's reads of tenant settings: code generation and EPCIS export
 * ask for the tenant's zone on every call, so each process keeps what it
 * read for {@link SETTINGS_TTL_MS} and refreshes its own entry on update.
 */
export interface TenantSettingsReader {
  /** The tenant's settings, defaults filled in. */
  settingsOf(tenantId: string): Promise<TenantSettings>;
  /** The tenant's IANA time zone (`Asia/Shanghai` unless it set another). */
  timeZoneOf(tenantId: string): Promise<string>;
  /** Replaces this process's cached entry after an update. */
  cacheSettings(settings: TenantSettings): void;
  /** `stored`, or the defaults for a tenant that never changed its settings. */
  withDefaults(tenantId: string, stored: TenantSettings | null): TenantSettings;
}

/**
 * A {@link TenantSettingsReader} over `storage` with one cache per call of
 * this function. A tenant that never set a zone gets `defaultTimeZone` (the
 * deployment's `codes.timeZone`, `Asia/Shanghai` unless configured).
 */
export function tenantSettingsReader(
  ports: { readonly storage: TenantSettingsRepositories; readonly clock: Clock },
  defaultTimeZone: string = DEFAULT_TENANT_SETTINGS.timeZone,
): TenantSettingsReader {
  const withDefaults = (tenantId: string, stored: TenantSettings | null): TenantSettings =>
    stored ?? { tenantId, ...DEFAULT_TENANT_SETTINGS, timeZone: defaultTimeZone, updatedAt: null };
  const cache = new LruMap<string, { settings: TenantSettings; untilMs: number }>(CACHED_TENANTS);
  const cacheSettings = (settings: TenantSettings) =>
    cache.set(settings.tenantId, { settings, untilMs: ports.clock.nowMs() + SETTINGS_TTL_MS });
  async function settingsOf(tenantId: string): Promise<TenantSettings> {
    const cached = cache.get(tenantId);
    if (cached && ports.clock.nowMs() < cached.untilMs) return cached.settings;
    const settings = withDefaults(tenantId, await ports.storage.tenantSettings.get(tenantId));
    cacheSettings(settings);
    return settings;
  }
  return {
    settingsOf,
    timeZoneOf: async (tenantId) => (await settingsOf(tenantId)).timeZone,
    cacheSettings,
    withDefaults,
  };
}

/** The tenant-settings use cases; reads go to storage, updates refresh `reader`'s cache. */
export function tenantSettingsService(
  ports: {
    readonly storage: TenantSettingsRepositories & {
      transaction<T>(
        work: (tx: TenantSettingsRepositories & AuditRepositories) => Promise<T>,
      ): Promise<T>;
    };
    readonly clock: Clock;
    readonly ids: IdGenerator;
  },
  reader: TenantSettingsReader,
): TenantSettingsService {
  const recordAudit = auditRecorder(ports);
  return {
    async get(ctx) {
      requireCapability(ctx, "settings.read");
      const settings = reader.withDefaults(
        ctx.tenantId,
        await ports.storage.tenantSettings.get(ctx.tenantId),
      );
      reader.cacheSettings(settings);
      return settings;
    },
    async update(ctx, patch) {
      requireCapability(ctx, "settings.manage");
      const changes = checkTenantSettingsPatch(patch);
      const settings = await ports.storage.transaction(async (tx) => {
        const before = reader.withDefaults(ctx.tenantId, await tx.tenantSettings.get(ctx.tenantId));
        const updated = await tx.tenantSettings.update(ctx.tenantId, {
          ...changes,
          updatedAt: isoNow(ports.clock),
        });
        await recordAudit(tx, ctx, {
          action: "settings.tenant.updated",
          target: { type: "tenant", id: ctx.tenantId },
          changes: updatedChanges(before, updated, Object.keys(changes)),
        });
        return updated;
      });
      reader.cacheSettings(settings);
      return settings;
    },
  };
}
