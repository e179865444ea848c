import type { InputCheck } from "../../kernel/input-check.js";
import { SCAN_THRESHOLD_MAX } from "./scan.js";
import {
  SCAN_COUNT_ALERT_KINDS,
  type ScanCountAlertSettingsInput,
  type ScanCountThresholds,
} from "./scan-count-alert.js";

const THRESHOLD_KEYS = ["visitorScans", "visitors"] as const;

/** One threshold: `null` (off) or an integer from 1 to `SCAN_THRESHOLD_MAX`. */
function checkThreshold(check: InputCheck, field: string, value: unknown): number | null {
  if (value === null) return null;
  if (
    typeof value !== "number" ||
    !Number.isSafeInteger(value) ||
    value < 1 ||
    value > SCAN_THRESHOLD_MAX
  ) {
    check.fail(
      field,
      "range",
      `${field} must be null (off) or an integer from 1 to ${SCAN_THRESHOLD_MAX}`,
    );
    return null;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A batch's count-alert thresholds (`field`, default `countAlert`): `null`
 * (the tenant's settings apply) or an object with both thresholds, each
 * `null` or an integer from 1 to `SCAN_THRESHOLD_MAX`.
 */
export function checkCountThresholds(
  check: InputCheck,
  value: unknown,
  field = "countAlert",
): ScanCountThresholds | null {
  if (value === null) return null;
  if (!isPlainObject(value)) {
    check.fail(field, "type", `${field} must be null or { visitorScans, visitors }`);
    return null;
  }
  const thresholds = { visitorScans: null, visitors: null } as {
    -readonly [K in keyof ScanCountThresholds]: number | null;
  };
  for (const key of THRESHOLD_KEYS) {
    if (value[key] === undefined) {
      check.fail(`${field}.${key}`, "required", `${field}.${key} is required (null turns it off)`);
    } else {
      thresholds[key] = checkThreshold(check, `${field}.${key}`, value[key]);
    }
  }
  return thresholds;
}

/** The thresholds a settings update changes: only those given, each checked. */
export function checkAlertSettingsInput(
  check: InputCheck,
  input: ScanCountAlertSettingsInput,
): Partial<ScanCountThresholds> {
  if (!isPlainObject(input)) {
    check.fail("settings", "type", "settings must be an object { visitorScans?, visitors? }");
    return {};
  }
  const changes: { -readonly [K in keyof ScanCountThresholds]?: number | null } = {};
  for (const key of THRESHOLD_KEYS) {
    if (input[key] !== undefined) changes[key] = checkThreshold(check, key, input[key]);
  }
  return changes;
}

/** `kind` of a count-alert filter. */
export function checkAlertKind(check: InputCheck, value: unknown) {
  return check.oneOf("kind", value, SCAN_COUNT_ALERT_KINDS);
}
