import { normalizeDateTime } from "../../trace/calendar-date.js";
import { InputCheck } from "../input-check.js";
import type { AuditFilter } from "./audit-entry.js";

/** Longest actor id, target id or action a filter may name. */
export const AUDIT_FILTER_TEXT_MAX = 200;
/** Longest target type a filter may name. */
export const AUDIT_TARGET_TYPE_MAX = 64;

/** The filter of `audit.list` as a host passes it: every field optional. */
export interface AuditFilterInput {
  readonly actorId?: string;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly action?: string;
  /** ISO-8601 date-time with a zone; entries at or after it. */
  readonly from?: string;
  /** ISO-8601 date-time with a zone; entries before it. */
  readonly to?: string;
}

/**
 * Checks an audit-log filter, reporting every broken rule at once: texts are
 * 1-200 characters (target type 1-64), `from` and `to` ISO-8601 date-times
 * with a zone, `from` before `to`. Returns the filter with times normalized
 * to UTC.
 */
export function checkAuditFilter(input: AuditFilterInput = {}): AuditFilter {
  const check = new InputCheck();
  const text = (field: "actorId" | "targetId" | "action" | "targetType") => {
    const value = input[field];
    if (value === undefined) return {};
    const max = field === "targetType" ? AUDIT_TARGET_TYPE_MAX : AUDIT_FILTER_TEXT_MAX;
    return { [field]: check.text(field, value, { max }) };
  };
  const time = (field: "from" | "to") => {
    const value = input[field];
    if (value === undefined) return undefined;
    const normalized = normalizeDateTime(value);
    if (!normalized) {
      check.fail(field, "date_time", `${field} must be an ISO-8601 date-time with a zone`);
      return undefined;
    }
    return normalized;
  };
  const texts = {
    ...text("actorId"),
    ...text("targetType"),
    ...text("targetId"),
    ...text("action"),
  };
  const from = time("from");
  const to = time("to");
  if (from !== undefined && to !== undefined && from >= to) {
    check.fail("to", "after_from", "to must be later than from");
  }
  const filter: AuditFilter = {
    ...texts,
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
  };
  check.done();
  return filter;
}
