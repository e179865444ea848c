import { InputCheck } from "../kernel/input-check.js";
import { normalizeDateTime } from "../trace/calendar-date.js";
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_OUTCOMES,
  type NotificationLogFilter,
} from "./notification-log.js";

/** The filter of `notifications.list` as a host passes it: every field optional. */
export interface NotificationLogFilterInput {
  readonly outcome?: string;
  readonly channel?: string;
  readonly template?: string;
  readonly trigger?: string;
  readonly triggerId?: string;
  /** ISO-8601 date-time with a zone; entries at or after it. */
  readonly from?: string;
  /** ISO-8601 date-time with a zone; entries before it. */
  readonly to?: string;
}

/**
 * Checks a notification-log filter, every broken rule at once: `outcome`
 * and `channel` from their lists, texts 1-200 characters, `from` and `to`
 * date-times with a zone, `from` before `to`. Times come back in UTC.
 */
export function checkNotificationLogFilter(
  input: NotificationLogFilterInput = {},
): NotificationLogFilter {
  const check = new InputCheck();
  const filter: { -readonly [K in keyof NotificationLogFilter]: NotificationLogFilter[K] } = {};
  if (input.outcome !== undefined) {
    filter.outcome = check.oneOf("outcome", input.outcome, NOTIFICATION_OUTCOMES);
  }
  if (input.channel !== undefined) {
    filter.channel = check.oneOf("channel", input.channel, NOTIFICATION_CHANNELS);
  }
  for (const field of ["template", "trigger", "triggerId"] as const) {
    const value = input[field];
    if (value !== undefined) filter[field] = check.text(field, value, { max: 200 });
  }
  for (const field of ["from", "to"] as const) {
    const value = input[field];
    if (value === undefined) continue;
    const normalized = normalizeDateTime(value);
    if (normalized) filter[field] = normalized;
    else check.fail(field, "date_time", `${field} must be an ISO-8601 date-time with a zone`);
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) {
    check.fail("to", "after_from", "to must be later than from");
  }
  check.done();
  return filter;
}
