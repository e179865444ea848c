import {
  BULK_SMS_LIMITS,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_OUTCOMES,
} from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

const channelSchema = z.enum(NOTIFICATION_CHANNELS as ["sms", "email", "webhook"]);
const outcomeSchema = z.enum(
  NOTIFICATION_OUTCOMES as ["sent", "rejected", "suppressed_quiet_hours"],
);

/** An entry of the notification log (core's `NotificationLogEntry`). */
export const notificationLogEntrySchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    channel: channelSchema,
    template: z.string().register(openApiRegistry, {
      description: "Template name, e.g. `payment_succeeded`, `stock_low`.",
    }),
    recipient: z.string().register(openApiRegistry, {
      description:
        "The recipient, masked: `138****8000`, `l***@example.com`, `https://hooks.example/***`.",
    }),
    idempotencyKey: z.string().register(openApiRegistry, {
      description:
        "The notifier's idempotency key: the event id and recipient, or the bulk id and number.",
    }),
    outcome: outcomeSchema.register(openApiRegistry, {
      description:
        "`sent`; `rejected` by the provider (see `reason`; not retried); `suppressed_quiet_hours`: an SMS inside the tenant's quiet hours, not sent and not queued.",
    }),
    reason: z.string().nullable().register(openApiRegistry, {
      description: "The provider's reason of a rejection, otherwise `null`.",
    }),
    providerId: z.string().nullable().register(openApiRegistry, {
      description: "The provider's message id when it answered, otherwise `null`.",
    }),
    trigger: z.string().register(openApiRegistry, {
      description: "What caused it: an event type such as `order.paid`, or `bulk_sms`.",
    }),
    triggerId: z.string().register(openApiRegistry, {
      description: "The event id or the bulk send's id.",
    }),
    at: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "NotificationLogEntry",
    description:
      "A notification OneCode decided to send, with its outcome. Suppressed and refused ones are logged too, so none disappears silently.",
  });

/** One page of the notification log. */
export const notificationLogPageSchema = pageSchema(
  notificationLogEntrySchema,
  "NotificationLogPage",
);

const filterText = (description: string) =>
  boundedText({ min: 1, max: 200, description }).optional();

/** Query of `GET /v1/notifications`. */
export const notificationLogQuery = z.strictObject({
  outcome: outcomeSchema.optional(),
  channel: channelSchema.optional(),
  template: filterText("Only this template."),
  trigger: filterText("Only this trigger: an event type such as `order.paid`, or `bulk_sms`."),
  triggerId: filterText("Only notifications of this event or bulk send."),
  from: z.iso.datetime({ offset: true }).optional().register(openApiRegistry, {
    description: "Only notifications decided at or after this ISO-8601 instant.",
  }),
  to: z.iso.datetime({ offset: true }).optional().register(openApiRegistry, {
    description: "Only notifications decided before this ISO-8601 instant.",
  }),
  ...pageQueryShape,
});

/** Body of `POST /v1/notifications/bulk-sms` (core's `BulkSmsInput`). */
export const bulkSmsSchema = z
  .strictObject({
    numbers: z
      .array(z.string().max(40))
      .min(1)
      .max(BULK_SMS_LIMITS.maxNumbers)
      .register(openApiRegistry, {
        description: `Mainland mobile numbers (\`1[3-9]\` and 9 digits), 1-${BULK_SMS_LIMITS.maxNumbers}; a \`+86\` prefix, spaces and dashes are accepted, duplicates after normalization are sent once. Each invalid number is reported as \`numbers.<index>\` (rule \`mobile_number\`) and nothing is sent.`,
      }),
    template: boundedText({
      min: 1,
      max: BULK_SMS_LIMITS.maxTemplateLength,
      description: "The provider's template name: lower-case letters, digits and `_`.",
    }),
    params: z
      .record(z.string(), z.string())
      .optional()
      .register(openApiRegistry, {
        description: `Template parameters, text values, at most ${BULK_SMS_LIMITS.maxParams}.`,
      }),
    bulkId: boundedText({
      min: 1,
      max: BULK_SMS_LIMITS.maxBulkIdLength,
      description:
        "The send's idempotency id: calling again with the same id sends each number at most once in all. Default: a fresh id.",
    }).optional(),
  })
  .register(openApiRegistry, { id: "BulkSmsInput", description: "A bulk SMS (群发短信)." });

/** What `POST /v1/notifications/bulk-sms` answers (core's `BulkSmsResult`). */
export const bulkSmsResultSchema = z
  .strictObject({
    bulkId: z.string(),
    requested: z.number().int().register(openApiRegistry, {
      description: "Numbers in the request, duplicates included.",
    }),
    unique: z.number().int().register(openApiRegistry, {
      description: "Distinct numbers after normalization: what was sent to.",
    }),
    duplicatesMerged: z.number().int(),
    sent: z.number().int().register(openApiRegistry, {
      description: "Numbers the provider accepted.",
    }),
    rejected: z
      .array(z.strictObject({ number: z.string(), reason: z.string() }))
      .register(openApiRegistry, {
        description: "Numbers the provider refused, masked (`138****8000`), with its reason.",
      }),
  })
  .register(openApiRegistry, {
    id: "BulkSmsResult",
    description: "The outcome of a bulk SMS; numbers appear masked only.",
  });
