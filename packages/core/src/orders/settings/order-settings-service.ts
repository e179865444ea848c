import { updatedChanges } from "../../kernel/audit/audit-summary.js";
import { isoNow } from "../../kernel/clock.js";
import { notFound } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { PostalAddress } from "../../ports/courier.js";
import { REGION_CODE_PATTERN } from "../freight/freight-template.js";
import {
  type AlertRecipient,
  DEFAULT_ORDER_SETTINGS,
  type OrderSettings,
} from "../order-settings.js";
import type { OrdersRuntime } from "../orders-runtime.js";

/** Limits of order settings. */
export const ORDER_SETTINGS_LIMITS = Object.freeze({
  closeUnpaidAfterMinutes: { min: 1, max: 10_080 },
  completeShippedAfterDays: { min: 1, max: 60 },
  maxAlertRecipients: 10,
});

/** Input of {@link OrderSettingsService.update}: the settings to change; the others keep their value. */
export interface OrderSettingsPatch {
  readonly closeUnpaidAfterMinutes?: number;
  readonly completeShippedAfterDays?: number;
  readonly sender?: PostalAddress | null;
  readonly freightTemplateId?: string | null;
  readonly alertRecipients?: readonly AlertRecipient[];
}

/** A tenant's order settings (订单设置): timeouts, the e-waybill sender, checkout freight, alert recipients. */
export interface OrderSettingsService {
  /** The tenant's settings, the defaults where it saved none; needs `orders.read`. */
  get(ctx: TenantContext): Promise<OrderSettings>;
  /**
   * Changes some settings (`orders.settings`), audited as
   * `orders.settings.updated`. A new payment timeout applies to orders
   * placed afterwards.
   *
   * @throws `VALIDATION_FAILED` naming every broken field; `NOT_FOUND` for an unknown freight template.
   *
   * @example
   * ```ts
   * await onecode.orderSettings.update(ctx, {
   *   closeUnpaidAfterMinutes: 15,
   *   sender: { name: "Acme Tea", phone: "0571-88880000", regionCode: "CN-ZJ", line: "1 Tea Road, Hangzhou" },
   * });
   * ```
   */
  update(ctx: TenantContext, patch: OrderSettingsPatch): Promise<OrderSettings>;
}

const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkAddress(check: InputCheck, field: string, value: unknown): PostalAddress | null {
  if (value === null) return null;
  const raw = (value ?? {}) as Record<string, unknown>;
  return {
    name: check.text(`${field}.name`, raw.name, { max: 50 }),
    phone: check.text(`${field}.phone`, raw.phone, {
      max: 20,
      pattern: PHONE,
      patternRule: "phone",
      patternMessage: `${field}.phone must be a phone number`,
    }),
    regionCode: check.text(`${field}.regionCode`, raw.regionCode, {
      max: 6,
      pattern: REGION_CODE_PATTERN,
      patternRule: "region_code",
      patternMessage: `${field}.regionCode must be an ISO 3166-2 code such as CN-ZJ`,
    }),
    line: check.text(`${field}.line`, raw.line, { max: 200 }),
  };
}

function checkRecipient(check: InputCheck, field: string, value: unknown): AlertRecipient {
  const raw = (value ?? {}) as Record<string, unknown>;
  const channel = check.oneOf(`${field}.channel`, raw.channel, [
    "sms",
    "email",
    "webhook",
  ] as const);
  if (channel === "webhook") return { channel, to: check.url(`${field}.to`, raw.to) };
  const to = check.text(`${field}.to`, raw.to, {
    max: 200,
    pattern: channel === "sms" ? PHONE : EMAIL,
    patternRule: channel === "sms" ? "phone" : "email",
    patternMessage: `${field}.to must be ${channel === "sms" ? "a phone number" : "an e-mail address"}`,
  });
  return { channel, to };
}

/** Checks a settings patch; throws `VALIDATION_FAILED` naming every broken field. */
export function checkOrderSettingsPatch(patch: unknown): OrderSettingsPatch {
  const check = new InputCheck();
  const raw = (patch ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of ["closeUnpaidAfterMinutes", "completeShippedAfterDays"] as const) {
    const value = raw[field];
    if (value === undefined) continue;
    const { min, max } = ORDER_SETTINGS_LIMITS[field];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      check.fail(field, "range", `${field} must be a whole number from ${min} to ${max}`);
    } else out[field] = value;
  }
  if (raw.sender !== undefined) out.sender = checkAddress(check, "sender", raw.sender);
  if (raw.freightTemplateId !== undefined) {
    out.freightTemplateId =
      raw.freightTemplateId === null
        ? null
        : check.text("freightTemplateId", raw.freightTemplateId, { max: 100 });
  }
  if (raw.alertRecipients !== undefined) {
    out.alertRecipients = check.list(
      "alertRecipients",
      raw.alertRecipients,
      { max: ORDER_SETTINGS_LIMITS.maxAlertRecipients },
      (field, value) => checkRecipient(check, field, value),
    );
  }
  check.done();
  return out as OrderSettingsPatch;
}

/** The order-settings use cases over the runtime. */
export function orderSettingsService(runtime: OrdersRuntime): OrderSettingsService {
  const { storage } = runtime.ports;
  return {
    async get(ctx) {
      requireCapability(ctx, "orders.read");
      return runtime.settingsOf(ctx.tenantId);
    },
    async update(ctx, patch) {
      requireCapability(ctx, "orders.settings");
      const checked = checkOrderSettingsPatch(patch);
      const templateId = checked.freightTemplateId;
      if (templateId && !(await storage.freightTemplates.get(ctx.tenantId, templateId))) {
        throw notFound("freight template", templateId, "freightTemplateId");
      }
      return storage.transaction(async (tx) => {
        const saved = await tx.orderSettings.get(ctx.tenantId);
        // Inside the transaction only `tx` may be used (the memory adapter would wait on itself).
        const before = saved ?? {
          ...DEFAULT_ORDER_SETTINGS,
          tenantId: ctx.tenantId,
          updatedAt: null,
        };
        const after: OrderSettings = {
          ...before,
          ...checked,
          updatedAt: isoNow(runtime.ports.clock),
        };
        await tx.orderSettings.save(after);
        await runtime.recordAudit(tx, ctx, {
          action: "orders.settings.updated",
          target: { type: "order_settings", id: ctx.tenantId },
          changes: updatedChanges(before, after, Object.keys(checked)),
        });
        return after;
      });
    },
  };
}
