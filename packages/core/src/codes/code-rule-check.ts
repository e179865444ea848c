import { InputCheck } from "../kernel/input-check.js";
import { CHARSETS, type Charset, RANDOM_LENGTH_BOUNDS } from "./alphabets.js";
import type {
  CodeRulePatchInput,
  CodeSegment,
  NewCustomRuleInput,
  NewQuickRuleInput,
} from "./code-rule.js";

/** Bounds of code rules (domain §1.3). */
export const CODE_RULE_LIMITS = Object.freeze({
  nameMax: 50,
  /** Quick rules: length of the one random segment. */
  quickLengthMin: 13,
  quickLengthMax: 32,
  /** Custom rules: total code length. */
  customLengthMin: 16,
  customLengthMax: 32,
  segmentsMin: 1,
  segmentsMax: 10,
  fixedLengthMin: 1,
  fixedLengthMax: 22,
  timestampLength: 10,
  dateLength: 8,
});

/** The characters a `fixed` segment may hold. */
export const FIXED_TEXT_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The kinds of code segments, for validation and schemas. */
export const SEGMENT_KINDS: readonly CodeSegment["kind"][] = [
  "random",
  "fixed",
  "timestamp",
  "date",
  "sequence",
];

/** Number of characters a segment contributes to a code. */
export function segmentLength(segment: CodeSegment): number {
  switch (segment.kind) {
    case "random":
    case "sequence":
      return segment.length;
    case "fixed":
      return segment.text.length;
    case "timestamp":
      return CODE_RULE_LIMITS.timestampLength;
    case "date":
      return CODE_RULE_LIMITS.dateLength;
  }
}

/** The checked fields of a new rule. */
export interface CheckedRule {
  readonly merchantId: string;
  readonly name: string;
  readonly segments: readonly CodeSegment[];
  readonly length: number;
  readonly serials: boolean;
}

function isInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

function checkSerials(check: InputCheck, value: unknown): boolean {
  if (typeof value !== "boolean") {
    check.fail("serials", "boolean", "serials must be true or false");
    return false;
  }
  return value;
}

/** Checks a random segment's length against its charset's bounds. */
function checkRandomLength(check: InputCheck, field: string, charset: Charset, value: unknown) {
  const { min, max } = RANDOM_LENGTH_BOUNDS[charset];
  if (!isInteger(value) || value < min || value > max) {
    check.fail(field, "random_length", `${field} must be ${min}-${max} for ${charset}`);
    return null;
  }
  return value;
}

/**
 * Validates a quick rule (one random segment of 13-32 characters, and at
 * least the charset's lower bound); throws `VALIDATION_FAILED` listing
 * every issue.
 */
export function checkQuickRule(input: NewQuickRuleInput): CheckedRule {
  const check = new InputCheck();
  const merchantId = check.text("merchantId", input?.merchantId, { max: 64 });
  let name = check.optionalText("name", input?.name, { max: CODE_RULE_LIMITS.nameMax });
  const charset = check.oneOf("charset", input?.charset, CHARSETS);
  const raw = input?.length;
  let length: number | null = null;
  const { quickLengthMin: min, quickLengthMax: max } = CODE_RULE_LIMITS;
  if (!isInteger(raw) || raw < min || raw > max) {
    check.fail("length", "range", `length must be an integer from ${min} to ${max}`);
  } else if (CHARSETS.includes(input.charset)) {
    length = checkRandomLength(check, "length", charset, raw);
  }
  const serials = checkSerials(check, input?.serials);
  check.done();
  const size = length as number;
  if (!name) name = `Quick ${charset} ${size}${serials ? " with serials" : ""}`;
  return {
    merchantId,
    name,
    segments: [{ kind: "random", charset, length: size }],
    length: size,
    serials,
  };
}

function checkSegment(check: InputCheck, field: string, value: unknown): CodeSegment | null {
  if (typeof value !== "object" || value === null) {
    check.fail(field, "type", `${field} must be a segment object`);
    return null;
  }
  const segment = value as Record<string, unknown>;
  const issuesBefore = check.issues.length;
  const kind = check.oneOf(`${field}.kind`, segment.kind, SEGMENT_KINDS);
  if (check.issues.length > issuesBefore) return null;
  switch (kind) {
    case "random": {
      const charset = check.oneOf(`${field}.charset`, segment.charset, CHARSETS);
      if (check.issues.length > issuesBefore) return null;
      const length = checkRandomLength(check, `${field}.length`, charset, segment.length);
      return length === null ? null : { kind, charset, length };
    }
    case "fixed":
      return checkFixed(check, field, segment.text);
    case "timestamp":
    case "date": {
      const expected =
        kind === "timestamp" ? CODE_RULE_LIMITS.timestampLength : CODE_RULE_LIMITS.dateLength;
      if (segment.length !== undefined && segment.length !== expected) {
        check.fail(`${field}.length`, `${kind}_length`, `${field}.length must be ${expected}`);
        return null;
      }
      return { kind };
    }
    case "sequence":
      return checkSequence(check, field, segment);
  }
}

function checkFixed(check: InputCheck, field: string, text: unknown): CodeSegment | null {
  const { fixedLengthMin: min, fixedLengthMax: max } = CODE_RULE_LIMITS;
  const at = `${field}.text`;
  if (typeof text !== "string" || text.length < min) {
    check.fail(at, "required", `${at} must be ${min}-${max} characters`);
  } else if (text.length > max) {
    check.fail(at, "fixed_length", `${at} must be ${min}-${max} characters`);
  } else if (!FIXED_TEXT_PATTERN.test(text)) {
    check.fail(at, "fixed_charset", `${at} may only hold letters, digits, '_' and '-'`);
  } else {
    return { kind: "fixed", text };
  }
  return null;
}

function checkSequence(
  check: InputCheck,
  field: string,
  segment: Record<string, unknown>,
): CodeSegment | null {
  const { start, end, length } = segment;
  const before = check.issues.length;
  const maxLength = CODE_RULE_LIMITS.customLengthMax;
  if (!isInteger(length) || length < 1 || length > maxLength) {
    check.fail(`${field}.length`, "range", `${field}.length must be 1-${maxLength}`);
  }
  if (!isInteger(start) || start < 0) {
    check.fail(`${field}.start`, "non_negative_integer", `${field}.start must be an integer >= 0`);
  }
  if (!isInteger(end) || end < 0) {
    check.fail(`${field}.end`, "non_negative_integer", `${field}.end must be an integer >= 0`);
  }
  if (check.issues.length > before) return null;
  const [from, to, digits] = [start as number, end as number, length as number];
  if (to < from) {
    check.fail(`${field}.end`, "sequence_range", `${field}.end must be at least ${field}.start`);
  }
  if (to >= 10 ** digits) {
    check.fail(
      `${field}.end`,
      "sequence_digits",
      `${field}.end must be below 10^${digits} to fit in ${digits} digit(s)`,
    );
  }
  if (check.issues.length > before) return null;
  return { kind: "sequence", start: from, end: to, length: digits };
}

function kindOf(segment: unknown): unknown {
  return typeof segment === "object" && segment !== null
    ? (segment as { kind?: unknown }).kind
    : undefined;
}

/**
 * Validates a custom rule: 1-10 segments, total length 16-32 equal to the
 * sum of the segment lengths, at most one sequence and at least one random
 * or sequence segment, and every segment's own bounds. Throws
 * `VALIDATION_FAILED` naming each segment field and bound.
 */
export function checkCustomRule(input: NewCustomRuleInput): CheckedRule {
  const check = new InputCheck();
  const merchantId = check.text("merchantId", input?.merchantId, { max: 64 });
  const name = check.text("name", input?.name, { max: CODE_RULE_LIMITS.nameMax });
  const { customLengthMin: min, customLengthMax: max } = CODE_RULE_LIMITS;
  const length = input?.length;
  const lengthOk = isInteger(length) && length >= min && length <= max;
  if (!lengthOk) check.fail("length", "range", `length must be an integer from ${min} to ${max}`);
  const issuesBefore = check.issues.length;
  const segments = check.list(
    "segments",
    input?.segments,
    { min: CODE_RULE_LIMITS.segmentsMin, max: CODE_RULE_LIMITS.segmentsMax },
    (field, item) => checkSegment(check, field, item),
  );
  const valid = segments.filter((segment): segment is CodeSegment => segment !== null);
  // Kinds as given, so a segment with a broken bound still counts for these two checks.
  const kinds = segments.length > 0 ? (input.segments as unknown[]).map(kindOf) : [];
  if (kinds.filter((kind) => kind === "sequence").length > 1) {
    check.fail("segments", "one_sequence", "segments may hold at most one sequence segment");
  }
  if (kinds.length > 0 && !kinds.some((kind) => kind === "random" || kind === "sequence")) {
    check.fail(
      "segments",
      "random_or_sequence",
      "segments must include a random or a sequence segment, so codes can be unique",
    );
  }
  if (lengthOk && check.issues.length === issuesBefore && valid.length === segments.length) {
    const sum = valid.reduce((total, segment) => total + segmentLength(segment), 0);
    if (sum !== length) {
      check.fail(
        "length",
        "length_sum",
        `the segment lengths add up to ${sum}, but length is ${length}; they must be equal`,
      );
    }
  }
  const serials = checkSerials(check, input?.serials);
  check.done();
  return { merchantId, name, segments: valid, length: length as number, serials };
}

/** Validates a rule patch; returns only the fields present. */
export function checkRulePatch(input: CodeRulePatchInput): { name?: string; enabled?: boolean } {
  const check = new InputCheck();
  const patch: { name?: string; enabled?: boolean } = {};
  if (input?.name !== undefined)
    patch.name = check.text("name", input.name, { max: CODE_RULE_LIMITS.nameMax });
  if (input?.enabled !== undefined) {
    if (typeof input.enabled !== "boolean")
      check.fail("enabled", "boolean", "enabled must be true or false");
    else patch.enabled = input.enabled;
  }
  check.done();
  return patch;
}
