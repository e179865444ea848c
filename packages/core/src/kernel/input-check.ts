import { isOneCodeError, type ValidationIssue, validationError } from "./errors.js";
import { isStorableText, STORABLE_TEXT_MESSAGE, STORABLE_TEXT_RULE } from "./storable-text.js";

/** Options for a text field. Lengths count Unicode code points, so one CJK character is one. */
export interface TextRule {
  readonly min?: number;
  readonly max: number;
  readonly pattern?: RegExp;
  /** Rule name and sentence reported when `pattern` does not match. */
  readonly patternRule?: string;
  readonly patternMessage?: string;
}

/**
 * Collects every broken rule of one input before throwing, so a caller sees
 * all problems at once. Core validates its own inputs (SDK users call it
 * directly, without the HTTP layer's schemas). Every text it checks is
 * refused when it holds a NUL character or a lone surrogate (see
 * `isStorableText`), which storage could not keep as given.
 */
export class InputCheck {
  readonly issues: ValidationIssue[] = [];

  fail(field: string, rule: string, message: string): void {
    this.issues.push({ field, rule, message });
  }

  /** A required string; returns it trimmed, or `""` after recording an issue. */
  text(field: string, value: unknown, rule: TextRule): string {
    if (typeof value !== "string") {
      this.fail(field, "required", `${field} is required and must be a string`);
      return "";
    }
    return this.checkText(field, value.trim(), rule);
  }

  /** An optional string; `undefined`/`null` become `""`. */
  optionalText(field: string, value: unknown, rule: TextRule): string {
    if (value === undefined || value === null) return "";
    if (typeof value !== "string") {
      this.fail(field, "type", `${field} must be a string`);
      return "";
    }
    return this.checkText(field, value.trim(), { ...rule, min: 0 });
  }

  private checkText(field: string, value: string, rule: TextRule): string {
    const length = [...value].length;
    const min = rule.min ?? 1;
    if (!isStorableText(value)) {
      this.fail(field, STORABLE_TEXT_RULE, `${field} ${STORABLE_TEXT_MESSAGE}`);
    } else if (length < min) {
      this.fail(
        field,
        min === 1 ? "required" : "min_length",
        min === 1 ? `${field} must not be empty` : `${field} must be at least ${min} characters`,
      );
    } else if (length > rule.max) {
      this.fail(field, "max_length", `${field} must be at most ${rule.max} characters`);
    } else if (rule.pattern && !rule.pattern.test(value)) {
      this.fail(
        field,
        rule.patternRule ?? "format",
        rule.patternMessage ?? `${field} has an invalid format`,
      );
    }
    return value;
  }

  /** An absolute `http:` or `https:` URL without a fragment. */
  url(field: string, value: unknown, max = 500): string {
    const text = this.text(field, value, { max });
    if (!text || this.issues.some((issue) => issue.field === field)) return text;
    let parsed: URL | null = null;
    try {
      parsed = new URL(text);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
      this.fail(field, "url", `${field} must be an absolute http(s) URL including the scheme`);
    } else if (parsed.hash) {
      this.fail(field, "url_no_fragment", `${field} must not contain a '#' fragment`);
    }
    return text;
  }

  /** A list of at most `max` items, each checked by `item`. */
  list<T>(
    field: string,
    value: unknown,
    rule: { min?: number; max: number },
    item: (field: string, value: unknown) => T,
  ): T[] {
    if (value === undefined || value === null) value = [];
    if (!Array.isArray(value)) {
      this.fail(field, "type", `${field} must be a list`);
      return [];
    }
    if (value.length < (rule.min ?? 0)) {
      this.fail(field, "min_items", `${field} must list at least ${rule.min} item(s)`);
    } else if (value.length > rule.max) {
      this.fail(field, "max_items", `${field} must list at most ${rule.max} item(s)`);
      return [];
    }
    return value.map((entry, index) => item(`${field}.${index}`, entry));
  }

  /** One of a fixed set of literals. */
  oneOf<T extends string>(field: string, value: unknown, options: readonly T[]): T {
    if (typeof value !== "string" || !options.includes(value as T)) {
      this.fail(field, "one_of", `${field} must be one of: ${options.join(", ")}`);
      return options[0] as T;
    }
    return value as T;
  }

  /**
   * Runs another check that throws `VALIDATION_FAILED` (e.g. `tenantContext`)
   * and records its issues here instead, returning `fallback`; other errors
   * pass through.
   */
  include<T>(run: () => T, fallback: T): T {
    try {
      return run();
    } catch (error) {
      if (!isOneCodeError(error, "VALIDATION_FAILED")) throw error;
      this.issues.push(...error.details.issues);
      return fallback;
    }
  }

  /** Throws `VALIDATION_FAILED` listing every issue, if any were recorded. */
  done(): void {
    if (this.issues.length > 0) throw validationError(this.issues);
  }
}

/**
 * Checks a patch with the check of a whole input: runs `checkWhole` on the
 * patch alone and reports only the issues of fields the patch holds (a
 * field counts by its first path segment, so `customFields.2.title` belongs
 * to `customFields`). For use cases that validate a patch merged with the
 * current record: this states the rules of the patch's own fields without
 * reading the record. Throws `VALIDATION_FAILED` when any remain.
 */
export function checkPatchWith<I extends object>(
  checkWhole: (input: I) => unknown,
  patch: Partial<I>,
): void {
  const check = new InputCheck();
  check.include(() => checkWhole((patch ?? {}) as I), undefined);
  const present = (field: string) => {
    const key = field.split(".")[0] as keyof I;
    return patch?.[key] !== undefined;
  };
  const own = check.issues.filter((issue) => present(issue.field));
  if (own.length > 0) throw validationError(own);
}
