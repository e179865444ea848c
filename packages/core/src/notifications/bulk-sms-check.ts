import { InputCheck } from "../kernel/input-check.js";
import { normalizeMobileNumber } from "./recipients.js";

/** Limits of `notifications.sendBulkSms`. */
export const BULK_SMS_LIMITS = Object.freeze({
  /** Numbers per call, counted before duplicates are merged (the contract's 10,000). */
  maxNumbers: 10_000,
  maxTemplateLength: 64,
  maxParams: 20,
  maxParamNameLength: 64,
  maxParamValueLength: 200,
  maxBulkIdLength: 64,
});

/** Template names: lower-case words joined by `_`, e.g. `spring_sale`. */
export const TEMPLATE_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
const PARAM_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
const BULK_ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;

/** Input of `notifications.sendBulkSms`. */
export interface BulkSmsInput {
  /**
   * Mainland mobile numbers (`1[3-9]` and 9 digits), at most 10,000. A `+86`
   * prefix, spaces and dashes are accepted; numbers equal after that are
   * sent once.
   */
  readonly numbers: readonly string[];
  /** The provider's template name, e.g. `spring_sale`. */
  readonly template: string;
  /** Template parameters, text values; at most 20. */
  readonly params?: Readonly<Record<string, string>>;
  /**
   * The send's idempotency id, chosen by the caller (e.g. the HTTP
   * `Idempotency-Key`): calling again with the same id sends each number at
   * most once in all. Default: a fresh id per call.
   */
  readonly bulkId?: string;
}

/** A checked {@link BulkSmsInput}: numbers normalized and merged, in first-seen order. */
export interface CheckedBulkSms {
  readonly requested: number;
  readonly numbers: readonly string[];
  readonly template: string;
  readonly params: Readonly<Record<string, string>>;
  readonly bulkId: string | null;
}

function checkParams(check: InputCheck, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    check.fail("params", "type", "params must be an object of text values");
    return {};
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > BULK_SMS_LIMITS.maxParams) {
    check.fail(
      "params",
      "max_items",
      `params must have at most ${BULK_SMS_LIMITS.maxParams} entries`,
    );
    return {};
  }
  const params: Record<string, string> = {};
  for (const [name, text] of entries) {
    if (name.length > BULK_SMS_LIMITS.maxParamNameLength || !PARAM_NAME_PATTERN.test(name)) {
      check.fail(
        `params.${name}`,
        "param_name",
        "parameter names are letters, digits and '_', starting with a letter, at most 64",
      );
      continue;
    }
    params[name] = check.text(`params.${name}`, text, {
      min: 0,
      max: BULK_SMS_LIMITS.maxParamValueLength,
    });
  }
  return params;
}

/**
 * Checks a bulk SMS request, reporting every broken rule at once: more than
 * 10,000 numbers is `numbers` / `max_items`; each number that is not a
 * mainland mobile is named by its position (`numbers.3`, rule
 * `mobile_number`), so nothing is sent while any is wrong. Returns the
 * numbers normalized (`+86 138-0013-8000` → `13800138000`) with duplicates
 * merged.
 *
 * @throws `VALIDATION_FAILED`.
 */
export function checkBulkSms(input: BulkSmsInput): CheckedBulkSms {
  const check = new InputCheck();
  const raw = (input as { numbers?: unknown }).numbers;
  const unique = new Set<string>();
  let requested = 0;
  if (!Array.isArray(raw)) {
    check.fail("numbers", "required", "numbers must be a list of mobile numbers");
  } else if (raw.length === 0) {
    check.fail("numbers", "min_items", "numbers must list at least 1 number");
  } else if (raw.length > BULK_SMS_LIMITS.maxNumbers) {
    check.fail(
      "numbers",
      "max_items",
      `numbers must list at most ${BULK_SMS_LIMITS.maxNumbers} numbers`,
    );
  } else {
    requested = raw.length;
    raw.forEach((value, index) => {
      const number = normalizeMobileNumber(value);
      if (number === null) {
        check.fail(
          `numbers.${index}`,
          "mobile_number",
          `numbers.${index} must be a mainland mobile number (11 digits starting 13-19, +86 allowed)`,
        );
      } else unique.add(number);
    });
  }
  const template = check.text("template", input.template, {
    max: BULK_SMS_LIMITS.maxTemplateLength,
    pattern: TEMPLATE_NAME_PATTERN,
    patternRule: "template_name",
    patternMessage: "template must be lower-case letters, digits and '_', starting with a letter",
  });
  const params = checkParams(check, input.params);
  const bulkId =
    input.bulkId === undefined
      ? null
      : check.text("bulkId", input.bulkId, {
          max: BULK_SMS_LIMITS.maxBulkIdLength,
          pattern: BULK_ID_PATTERN,
          patternRule: "bulk_id_format",
          patternMessage: "bulkId must be letters, digits, '_', '.', ':' or '-'",
        });
  check.done();
  return { requested, numbers: [...unique], template, params, bulkId };
}
