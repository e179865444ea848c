import type { TenantContext } from "../kernel/tenant.js";

/**
 * A tenant's own settings: the IANA time zone its calendar days, weeks,
 * months and years are counted in, and the ISO 4217 currency its amounts
 * are in.
 */
export interface TenantSettings {
  readonly tenantId: string;
  /**
   * IANA time zone, e.g. `Asia/Shanghai` (the default): of code `date`
   * segments, stock document numbers, EPCIS offsets and statistics periods.
   */
  readonly timeZone: string;
  /** ISO 4217 code of three capital letters, e.g. `CNY` (the default). */
  readonly currency: string;
  /** When an admin last changed them, or `null` while the tenant runs on the defaults. */
  readonly updatedAt: string | null;
}

/** The settings of a tenant that never changed them. */
export const DEFAULT_TENANT_SETTINGS: Readonly<Pick<TenantSettings, "timeZone" | "currency">> =
  Object.freeze({ timeZone: "Asia/Shanghai", currency: "CNY" });

/** Input of {@link TenantSettingsService.update}: the settings to change; others keep their value. */
export interface TenantSettingsPatch {
  readonly timeZone?: string;
  readonly currency?: string;
}

/** Changes of {@link TenantSettingsRepository.update}: checked values, and when. */
export type TenantSettingsChanges = TenantSettingsPatch & { readonly updatedAt: string };

/** Storage of tenant settings, one row per tenant that changed them. */
export interface TenantSettingsRepository {
  /** The tenant's stored settings, or `null` when it never changed them. */
  get(tenantId: string): Promise<TenantSettings | null>;
  /**
   * Stores the given settings in one step, creating the tenant's row with
   * the defaults for the others when it has none; returns the stored row.
   */
  update(tenantId: string, changes: TenantSettingsChanges): Promise<TenantSettings>;
}

/** The tenant-settings part of the storage port. */
export interface TenantSettingsRepositories {
  readonly tenantSettings: TenantSettingsRepository;
}

/** Tenant settings (时区、币种) of the calling tenant. */
export interface TenantSettingsService {
  /**
   * The tenant's settings; where it never changed them, the deployment's
   * `codes.timeZone` (`Asia/Shanghai` unless configured) and `CNY`. Any
   * staff member may read them.
   *
   * @example
   * ```ts
   * const { timeZone, currency } = await onecode.tenantSettings.get(ctx);
   * ```
   */
  get(ctx: TenantContext): Promise<TenantSettings>;
  /**
   * Changes the time zone and/or currency; admins only. Periods already
   * counted are not recomputed: the new zone applies from the next call.
   *
   * @throws `VALIDATION_FAILED` naming `timeZone` (rule `time_zone`: not an
   *   IANA zone the runtime knows) or `currency` (rule `currency`: not three
   *   capital letters), `FORBIDDEN` for a non-admin.
   *
   * @example
   * ```ts
   * await onecode.tenantSettings.update(ctx, { timeZone: "Europe/Berlin", currency: "EUR" });
   * ```
   */
  update(ctx: TenantContext, patch: TenantSettingsPatch): Promise<TenantSettings>;
}
