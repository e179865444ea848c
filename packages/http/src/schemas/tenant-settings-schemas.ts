import { z } from "zod";
import { timestampSchema } from "./common.js";
import { openApiRegistry } from "./openapi-registry.js";

// Core checks both against the runtime's zone data and ISO 4217, so a bad
// value fails with core's field and rule (`time_zone`, `currency`).
const timeZone = z.string().max(64).register(openApiRegistry, {
  description:
    "IANA time zone the tenant's days, weeks, months and years are counted in, e.g. `Asia/Shanghai`.",
});
const currency = z.string().max(3).register(openApiRegistry, {
  description: "ISO 4217 code of three capital letters, e.g. `CNY`.",
});

/** A tenant's settings (core's `TenantSettings`). */
export const tenantSettingsSchema = z
  .strictObject({
    tenantId: z.string(),
    timeZone,
    currency,
    updatedAt: timestampSchema.nullable().register(openApiRegistry, {
      description:
        "When they last changed; `null` while the defaults (`Asia/Shanghai`, `CNY`) apply.",
    }),
  })
  .register(openApiRegistry, {
    id: "TenantSettings",
    description: "The tenant's time zone (calendar periods, code dates) and currency.",
  });

/** Body of `PATCH /v1/tenant-settings` (core's `TenantSettingsPatch`). */
export const tenantSettingsPatchSchema = z
  .strictObject({ timeZone: timeZone.optional(), currency: currency.optional() })
  .register(openApiRegistry, {
    id: "TenantSettingsPatch",
    description: "Only the present settings change.",
  });
