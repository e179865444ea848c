import type { CorePorts } from "../core-ports.js";
import type { RecordAudit } from "../kernel/audit/record-audit.js";
import { type DailyWindow, isInDailyWindow } from "../kernel/daily-window.js";
import type { OrderSettings } from "../orders/order-settings.js";
import { DEFAULT_QUIET_HOURS } from "./quiet-hours.js";

/** Options of the notifications module (`createOneCode({ notifications })`). */
export interface NotificationsOptions {
  /**
   * The daily window of local time (tenant time zone) in which no SMS is
   * sent and none is queued; default 23:00–08:00. `null` turns quiet hours
   * off for the deployment. E-mail and webhooks are never held back.
   */
  readonly quietHours?: DailyWindow | null;
}

/** What the notification handlers and services run on. */
export interface NotificationsRuntime {
  readonly ports: CorePorts;
  readonly recordAudit: RecordAudit;
  /** The quiet hours of SMS, or `null` for none. */
  readonly quietHours: DailyWindow | null;
  /** The tenant's IANA time zone (tenant settings). */
  readonly timeZoneOf: (tenantId: string) => Promise<string>;
  /** The tenant's order settings (alert recipients). */
  readonly orderSettingsOf: (tenantId: string) => Promise<OrderSettings>;
}

/**
 * The quiet hours of `options`: the default window unless set, `null` when
 * turned off. A malformed window is refused here, at start.
 *
 * @throws `VALIDATION_FAILED` on `window.from` / `window.to` (rule `time_of_day`).
 */
export function resolveQuietHours(options: NotificationsOptions = {}): DailyWindow | null {
  if (options.quietHours === null) return null;
  const window = options.quietHours ?? DEFAULT_QUIET_HOURS;
  isInDailyWindow(0, window, "UTC");
  return Object.freeze({ from: window.from, to: window.to });
}
