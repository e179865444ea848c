import { invalidField } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { normalizeDateTime } from "../calendar-date.js";
import type { AlertFilter, CountAlertFilter } from "./ports.js";
import { checkAlertKind } from "./scan-count-alert-check.js";
import { codeFromScan } from "./scan-input.js";

/** The detection window of an alert filter: ISO-8601 date-times with a zone, normalized. */
function checkWindow(filter: { from?: string; to?: string }): { from?: string; to?: string } {
  const time = (field: "from" | "to") => {
    const value = filter[field];
    if (value === undefined) return {};
    const normalized = normalizeDateTime(value);
    if (!normalized) {
      throw invalidField(field, "date_time", `${field} must be an ISO-8601 date-time with a zone`);
    }
    return { [field]: normalized };
  };
  return { ...time("from"), ...time("to") };
}

/** A code filter as stored: the code in a scanned URL, or the text as given. */
const codeOf = (code: string) => codeFromScan(code) ?? code;

/** Checks the filter of `scans.listAlerts` (diversion alerts). */
export function checkAlertFilter(
  filter: {
    code?: string;
    enterpriseId?: string;
    scanRegion?: string;
    from?: string;
    to?: string;
  } = {},
): AlertFilter {
  return {
    ...(filter.code !== undefined && { code: codeOf(filter.code) }),
    ...(filter.enterpriseId !== undefined && { enterpriseId: filter.enterpriseId }),
    ...(filter.scanRegion !== undefined && { scanRegion: filter.scanRegion }),
    ...checkWindow(filter),
  };
}

/** Checks the filter of `scans.listCountAlerts`. */
export function checkCountAlertFilter(
  filter: { code?: string; kind?: string; batchId?: string; from?: string; to?: string } = {},
): CountAlertFilter {
  const check = new InputCheck();
  const kind = filter.kind === undefined ? undefined : checkAlertKind(check, filter.kind);
  check.done();
  return {
    ...(filter.code !== undefined && { code: codeOf(filter.code) }),
    ...(kind !== undefined && { kind }),
    ...(filter.batchId !== undefined && { batchId: filter.batchId }),
    ...checkWindow(filter),
  };
}
