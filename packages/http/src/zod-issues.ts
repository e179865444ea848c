import type { ValidationIssue } from "@onecode/core";
import type { z } from "zod";
import { printableKey } from "./storable-text.js";

type Path = readonly PropertyKey[];

const NOUNS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "a boolean",
  object: "an object",
  array: "a list",
  null: "null",
};

function fieldName(path: Path, root: string): string {
  return path.length === 0 ? root : path.map((key) => printableKey(String(key))).join(".");
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function sizeIssue(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): [string, string] {
  const small = issue.code === "too_small";
  const limit = Number(small ? issue.minimum : issue.maximum);
  const exclusive = issue.inclusive === false;
  switch (issue.origin) {
    case "string":
      if (small && limit === 1) return ["required", "must not be empty"];
      return small
        ? ["min_length", `must be at least ${limit} characters`]
        : ["max_length", `must be at most ${limit} characters`];
    case "array":
    case "set":
      return small
        ? ["min_items", `must list at least ${limit} item(s)`]
        : ["max_items", `must list at most ${limit} item(s)`];
    default:
      if (small) return ["minimum", `must be ${exclusive ? "greater than" : "at least"} ${limit}`];
      return ["maximum", `must be ${exclusive ? "less than" : "at most"} ${limit}`];
  }
}

/** The rule name and the sentence (after the field name) for one issue. */
function describe(issue: z.core.$ZodIssue, input: unknown): [string, string] {
  // JSON has no `undefined`: a missing value is an absent field, whatever rule tripped on it.
  if (issue.path.length > 0 && valueAt(input, issue.path) === undefined) {
    return ["required", "is required"];
  }
  switch (issue.code) {
    case "invalid_type":
      return ["type", `must be ${NOUNS[issue.expected] ?? `of type ${issue.expected}`}`];
    case "too_small":
    case "too_big":
      return sizeIssue(issue);
    case "invalid_value":
      return ["one_of", `must be one of: ${issue.values.map(String).join(", ")}`];
    case "invalid_format":
      return issue.format === "regex"
        ? ["format", "has an invalid format"]
        : [issue.format, `must be a valid ${issue.format}`];
    case "not_multiple_of":
      return ["multiple_of", `must be a multiple of ${String(issue.divisor)}`];
    case "invalid_union": {
      // A discriminated union names its tag field and the values it knows.
      const options = (issue as { options?: unknown }).options;
      if (Array.isArray(options) && "discriminator" in issue) {
        return ["one_of", `must be one of: ${options.map(String).join(", ")}`];
      }
      return ["type", "does not match any accepted form"];
    }
    case "custom": {
      const rule = issue.params?.rule;
      return [typeof rule === "string" ? rule : "invalid", issue.message];
    }
    default:
      return [issue.code, "is invalid"];
  }
}

/**
 * Turns zod issues into core's {@link ValidationIssue} shape: `field` is the
 * dotted path (`urlPrefixes.0`), or `root` for the value as a whole; each
 * unknown key becomes its own `unknown_field` issue; messages name the field
 * and never echo the input.
 */
export function toValidationIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  root: string,
): ValidationIssue[] {
  return issues.flatMap((issue): ValidationIssue[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => {
        const field = fieldName([...issue.path, key], root);
        return { field, rule: "unknown_field", message: `${field} is not a known field` };
      });
    }
    const field = fieldName(issue.path, root);
    const [rule, sentence] = describe(issue, input);
    return [{ field, rule, message: `${field} ${sentence}` }];
  });
}
