import { timeZoneIssue } from "../kernel/calendar-periods.js";
import { InputCheck } from "../kernel/input-check.js";
import { isKnownTimeZone } from "../kernel/zoned-time.js";
import type { TenantSettingsPatch } from "./tenant-settings.js";

/** ISO 4217 alphabetic codes: three capital Latin letters. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** Checks a {@link TenantSettingsPatch}, reporting every broken rule at once. */
export function checkTenantSettingsPatch(input: unknown): TenantSettingsPatch {
  const check = new InputCheck();
  if (typeof input !== "object" || input === null) {
    check.fail("settings", "type", "settings must be an object");
    check.done();
  }
  const { timeZone, currency } = input as Record<string, unknown>;
  const patch: { timeZone?: string; currency?: string } = {};
  if (timeZone !== undefined) {
    if (isKnownTimeZone(timeZone)) patch.timeZone = timeZone;
    else check.issues.push(timeZoneIssue("timeZone"));
  }
  if (currency !== undefined) {
    if (typeof currency === "string" && CURRENCY_PATTERN.test(currency)) patch.currency = currency;
    else
      check.fail(
        "currency",
        "currency",
        "currency must be an ISO 4217 code of three capital letters such as CNY",
      );
  }
  check.done();
  return patch;
}
