import type { InputCheck } from "../kernel/input-check.js";
import { CUSTOM_FIELD_TYPES, type CustomField, type CustomFieldType } from "./custom-field.js";

/** Limits of custom fields, shared by batches, production lines and tasks, enterprises and documents. */
export const CUSTOM_FIELD_LIMITS = Object.freeze({
  /** Fields per record. */
  fieldsMax: 30,
  titleMax: 20,
  textMax: 200,
  longTextMax: 5000,
  /** `image`, `large_image` and `video` URLs. */
  urlMax: 500,
  miniProgramLinkMax: 500,
});

/**
 * A mini-program link: `appid:` and the mini program's id, optionally
 * followed by a `/`-rooted page path with its query, no whitespace
 * (`appid:wx1234567890abcdef/pages/detail?id=1`).
 */
export const MINI_PROGRAM_LINK_PATTERN = /^appid:[A-Za-z0-9_-]{1,64}(\/\S*)?$/u;

const URL_TYPES: readonly CustomFieldType[] = ["image", "large_image", "video"];

function checkContent(check: InputCheck, field: string, type: CustomFieldType, value: unknown) {
  if (URL_TYPES.includes(type)) return check.url(field, value, CUSTOM_FIELD_LIMITS.urlMax);
  if (type === "mini_program_link") {
    return check.text(field, value, {
      max: CUSTOM_FIELD_LIMITS.miniProgramLinkMax,
      pattern: MINI_PROGRAM_LINK_PATTERN,
      patternRule: "mini_program_link",
      patternMessage: `${field} must be a mini-program link such as appid:wx123/pages/detail?id=1`,
    });
  }
  const max = type === "long_text" ? CUSTOM_FIELD_LIMITS.longTextMax : CUSTOM_FIELD_LIMITS.textMax;
  return check.text(field, value, { max });
}

function checkCustomField(check: InputCheck, field: string, value: unknown): CustomField {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    check.fail(
      field,
      "type",
      `${field} must be an object with title, type, content and showOnScan`,
    );
    return { title: "", type: "text", content: "", showOnScan: true };
  }
  const input = value as Record<string, unknown>;
  const title = check.text(`${field}.title`, input.title, { max: CUSTOM_FIELD_LIMITS.titleMax });
  const type = check.oneOf(`${field}.type`, input.type, CUSTOM_FIELD_TYPES);
  const typeValid = CUSTOM_FIELD_TYPES.includes(input.type as CustomFieldType);
  // Content rules depend on the type: with an unknown type only its presence is checked.
  const content = typeValid
    ? checkContent(check, `${field}.content`, type, input.content)
    : check.text(`${field}.content`, input.content, { max: CUSTOM_FIELD_LIMITS.longTextMax });
  let showOnScan = true;
  if (typeof input.showOnScan === "boolean") showOnScan = input.showOnScan;
  else if (input.showOnScan !== undefined) {
    check.fail(`${field}.showOnScan`, "type", `${field}.showOnScan must be true or false`);
  }
  return { title, type, content, showOnScan };
}

/**
 * Checks an ordered list of custom fields (自定义字段) into `check`: at most
 * 30 fields; each title 1-20 characters; content by type (`text` 1-200 and
 * `long_text` 1-5,000 characters, `image`/`large_image`/`video` an absolute
 * http(s) URL of at most 500 characters, `mini_program_link` matching
 * {@link MINI_PROGRAM_LINK_PATTERN}); `showOnScan` a boolean (default
 * `true`). Issues name the item, e.g. `customFields.2.content`. `undefined`
 * and `null` mean no fields. Returns the fields trimmed, in order.
 *
 * @example
 * ```ts
 * const check = new InputCheck();
 * const customFields = checkCustomFields(check, input.customFields);
 * check.done();
 * ```
 */
export function checkCustomFields(
  check: InputCheck,
  value: unknown,
  field = "customFields",
): CustomField[] {
  return check.list(field, value, { max: CUSTOM_FIELD_LIMITS.fieldsMax }, (itemField, item) =>
    checkCustomField(check, itemField, item),
  );
}
