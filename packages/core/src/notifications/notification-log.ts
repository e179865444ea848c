import type { Notification } from "../ports/notifier.js";

/**
 * What became of one notification core decided to send:
 * - `sent`: the notifier accepted it;
 * - `rejected`: the provider refused it (`reason` says why); not retried;
 * - `suppressed_quiet_hours`: an SMS due inside the tenant's quiet hours;
 *   nothing was sent and nothing is queued for later.
 */
export type NotificationOutcome = "sent" | "rejected" | "suppressed_quiet_hours";

/** Every {@link NotificationOutcome}. */
export const NOTIFICATION_OUTCOMES: readonly NotificationOutcome[] = Object.freeze([
  "sent",
  "rejected",
  "suppressed_quiet_hours",
]);

/** Every notification channel, in the order of the notifier port's union. */
export const NOTIFICATION_CHANNELS: readonly Notification["channel"][] = Object.freeze([
  "sms",
  "email",
  "webhook",
]);

/**
 * One entry of the notification log: a notification core decided on, and
 * its outcome. Suppressed and refused notifications are logged like sent
 * ones, so none disappears silently. The recipient is masked: the log never
 * holds a full phone number.
 */
export interface NotificationLogEntry {
  readonly tenantId: string;
  /** Sortable id from the ids port (`ntl_…`). */
  readonly id: string;
  readonly channel: Notification["channel"];
  /** Template name, e.g. `payment_succeeded`. */
  readonly template: string;
  /** The recipient, masked (`138****8000`, `l***@example.com`, `https://hooks.example/***`). */
  readonly recipient: string;
  /** The notifier's idempotency key; unique within the tenant's log. */
  readonly idempotencyKey: string;
  readonly outcome: NotificationOutcome;
  /** The provider's reason of a `rejected` notification, otherwise `null`. */
  readonly reason: string | null;
  /** The provider's message id when it answered, otherwise `null`. */
  readonly providerId: string | null;
  /** What caused it: an event type such as `order.paid`, or `bulk_sms`. */
  readonly trigger: string;
  /** The event id, or the bulk send's id. */
  readonly triggerId: string;
  /** ISO-8601 time the outcome was decided. */
  readonly at: string;
}

/** Which log entries {@link NotificationLogRepository.list} returns: those matching every field given. */
export interface NotificationLogFilter {
  readonly outcome?: NotificationOutcome;
  readonly channel?: Notification["channel"];
  readonly template?: string;
  readonly trigger?: string;
  readonly triggerId?: string;
  /** ISO-8601 UTC instant; entries at or after it. */
  readonly from?: string;
  /** ISO-8601 UTC instant; entries before it. */
  readonly to?: string;
}
