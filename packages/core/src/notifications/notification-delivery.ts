import { isoNow } from "../kernel/clock.js";
import type { Notification } from "../ports/notifier.js";
import type { NotificationLogEntry } from "./notification-log.js";
import type { NotificationsRuntime } from "./notifications-runtime.js";
import { isInQuietHours } from "./quiet-hours.js";
import { maskRecipient } from "./recipients.js";

/** What caused a notification: an outbox event or a bulk send. */
export interface NotificationTrigger {
  /** The event type, e.g. `order.paid`, or `bulk_sms`. */
  readonly type: string;
  /** The event id or the bulk send id. */
  readonly id: string;
}

/** Whether SMS to the tenant is held back now. */
export async function insideQuietHours(
  runtime: NotificationsRuntime,
  tenantId: string,
): Promise<boolean> {
  if (runtime.quietHours === null) return false;
  const timeZone = await runtime.timeZoneOf(tenantId);
  return isInQuietHours(runtime.ports.clock.nowMs(), timeZone, runtime.quietHours);
}

/**
 * Decides one notification, sends it unless it is an SMS inside quiet hours,
 * and returns its log entry (not yet appended). A transport error of the
 * notifier is thrown as is (the outbox retries the event; the notifier's
 * idempotency key keeps a retry from sending twice); a `rejected` receipt is
 * an outcome, not an error.
 */
export async function decideNotification(
  runtime: NotificationsRuntime,
  notification: Notification,
  trigger: NotificationTrigger,
  quiet: boolean,
): Promise<NotificationLogEntry> {
  const { ports } = runtime;
  const base = {
    tenantId: notification.tenantId,
    id: ports.ids.newId("ntl"),
    channel: notification.channel,
    template: notification.template,
    recipient: maskRecipient(notification.channel, notification.to),
    idempotencyKey: notification.idempotencyKey,
    trigger: trigger.type,
    triggerId: trigger.id,
  };
  if (quiet && notification.channel === "sms") {
    return {
      ...base,
      outcome: "suppressed_quiet_hours",
      reason: null,
      providerId: null,
      at: isoNow(ports.clock),
    };
  }
  const receipt = await ports.notifier.send(notification);
  return {
    ...base,
    outcome: receipt.status,
    reason: receipt.status === "rejected" ? (receipt.reason ?? "rejected") : null,
    providerId: receipt.id,
    at: isoNow(ports.clock),
  };
}

/**
 * Sends one notification of an event and logs its outcome, once per
 * idempotency key: a key the log holds already (an earlier delivery decided
 * it, whether sent, refused or suppressed) is not sent again, so an SMS
 * suppressed at night is never sent when the event is redelivered in the
 * morning.
 */
export async function notifyOnce(
  runtime: NotificationsRuntime,
  notification: Notification,
  trigger: NotificationTrigger,
): Promise<void> {
  const log = runtime.ports.storage.notificationLog;
  if (await log.findByKey(notification.tenantId, notification.idempotencyKey)) return;
  const quiet =
    notification.channel === "sms" && (await insideQuietHours(runtime, notification.tenantId));
  const entry = await decideNotification(runtime, notification, trigger, quiet);
  await log.append([entry]);
}
