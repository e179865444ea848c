import { type Page, type PageRequest, paginate } from "../kernel/pagination.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import { type BulkSmsResult, sendBulkSms } from "./bulk-sms.js";
import type { BulkSmsInput } from "./bulk-sms-check.js";
import {
  checkNotificationLogFilter,
  type NotificationLogFilterInput,
} from "./notification-filter-check.js";
import type { NotificationLogEntry } from "./notification-log.js";
import type { NotificationsRuntime } from "./notifications-runtime.js";

/**
 * Notifications (`onecode.notifications`): the log of every notification
 * core decided (sent, refused by the provider, suppressed in quiet hours)
 * and bulk SMS. Event notifications (payment, dispatch, refund, withdrawal,
 * stored-value charge, low stock) are sent by outbox handlers on their own.
 */
export interface NotificationService {
  /**
   * The tenant's notification log, newest first, filtered by outcome,
   * channel, template, trigger and period. Recipients are masked. Needs
   * `notifications.read`.
   *
   * @example
   * ```ts
   * const quiet = await onecode.notifications.list(ctx, { outcome: "suppressed_quiet_hours" });
   * ```
   */
  list(
    ctx: TenantContext,
    filter?: NotificationLogFilterInput,
    page?: PageRequest,
  ): Promise<Page<NotificationLogEntry>>;
  /**
   * Sends one SMS template to up to 10,000 mainland mobile numbers.
   * Numbers are normalized (`+86`, spaces and dashes dropped) and
   * duplicates merged; each distinct number gets one SMS, keyed by the
   * send's `bulkId` and the number. Every outcome is logged and the counts
   * are audited (never the numbers). Needs `notifications.send`.
   *
   * @throws `VALIDATION_FAILED` naming `numbers` (`max_items` above 10,000)
   *   or each bad number (`numbers.<i>`, `mobile_number`), `template`,
   *   `params` or `bulkId`; nothing is sent.
   * @throws `QUIET_HOURS` inside the tenant's SMS quiet hours (default
   *   23:00–08:00 local), with `timeZone`, `localTime` and `resumesAt`;
   *   nothing is sent or queued.
   *
   * @example
   * ```ts
   * const result = await onecode.notifications.sendBulkSms(ctx, {
   *   numbers: ["13800138000", "+86 139-0013-9000", "13800138000"],
   *   template: "spring_sale",
   *   params: { discount: "20%" },
   * });
   * // result.unique === 2, result.duplicatesMerged === 1
   * ```
   */
  sendBulkSms(ctx: TenantContext, input: BulkSmsInput): Promise<BulkSmsResult>;
}

/** Builds `onecode.notifications`. */
export function notificationService(runtime: NotificationsRuntime): NotificationService {
  return {
    async list(ctx, filter = {}, page) {
      requireCapability(ctx, "notifications.read");
      const checked = checkNotificationLogFilter(filter);
      return paginate(page, (query) =>
        runtime.ports.storage.notificationLog.list(ctx.tenantId, checked, query),
      );
    },
    sendBulkSms: (ctx, input) => sendBulkSms(runtime, ctx, input),
  };
}
