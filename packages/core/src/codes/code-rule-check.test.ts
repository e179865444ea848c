import { describe, expect, it } from "vitest";
import { isOneCodeError, type ValidationIssue } from "../kernel/errors.js";
import type { CodeSegment, NewCustomRuleInput } from "./code-rule.js";
import { checkCustomRule, checkQuickRule, checkRulePatch } from "./code-rule-check.js";

function issues(run: () => unknown): ValidationIssue[] {
  try {
    run();
  } catch (error) {
    expect(isOneCodeError(error, "VALIDATION_FAILED")).toBe(true);
    return (error as { details: { issues: ValidationIssue[] } }).details.issues;
  }
  throw new Error("expected VALIDATION_FAILED");
}

const pairs = (run: () => unknown) => issues(run).map(({ field, rule }) => [field, rule]);

const quick = { merchantId: "mch_1", charset: "mixed" as const, length: 24, serials: true };

describe("quick rules", () => {
  it("accept every charset from its lower bound to 32 and name themselves", () => {
    expect(checkQuickRule(quick)).toEqual({
      merchantId: "mch_1",
      name: "Quick mixed 24 with serials",
      segments: [{ kind: "random", charset: "mixed", length: 24 }],
      length: 24,
      serials: true,
    });
    for (const [charset, min] of [
      ["digits", 20],
      ["letters", 14],
      ["mixed", 13],
    ] as const) {
      expect(checkQuickRule({ ...quick, charset, length: min }).length).toBe(min);
      expect(checkQuickRule({ ...quick, charset, length: 32 }).length).toBe(32);
    }
    expect(checkQuickRule({ ...quick, name: " Mine ", serials: false }).name).toBe("Mine");
  });

  it("refuse lengths outside 13-32", () => {
    for (const length of [12, 33, 0, 20.5, Number.NaN]) {
      const found = issues(() => checkQuickRule({ ...quick, length }));
      expect(found).toEqual([
        { field: "length", rule: "range", message: "length must be an integer from 13 to 32" },
      ]);
    }
  });

  it("refuse lengths below the charset's lower bound, naming the bound", () => {
    expect(issues(() => checkQuickRule({ ...quick, charset: "digits", length: 19 }))).toEqual([
      { field: "length", rule: "random_length", message: "length must be 20-32 for digits" },
    ]);
    expect(issues(() => checkQuickRule({ ...quick, charset: "letters", length: 13 }))).toEqual([
      { field: "length", rule: "random_length", message: "length must be 14-32 for letters" },
    ]);
  });

  it("check charset, serials, name and merchant", () => {
    expect(
      pairs(() =>
        checkQuickRule({
          merchantId: "",
          name: "n".repeat(51),
          charset: "hex" as never,
          length: 20,
          serials: "yes" as never,
        }),
      ),
    ).toEqual([
      ["merchantId", "required"],
      ["name", "max_length"],
      ["charset", "one_of"],
      ["serials", "boolean"],
    ]);
  });
});

const random = (length = 20): CodeSegment => ({ kind: "random", charset: "mixed", length });
const custom = (segments: unknown[], length: number, extra: Partial<NewCustomRuleInput> = {}) =>
  checkCustomRule({
    merchantId: "mch_1",
    name: "Custom",
    length,
    segments: segments as CodeSegment[],
    serials: true,
    ...extra,
  });

describe("custom rules", () => {
  it("accept every segment kind and compute the length", () => {
    const rule = custom(
      [
        { kind: "fixed", text: "AB-_9" },
        { kind: "date" },
        { kind: "sequence", start: 1, end: 999, length: 3 },
        { kind: "random", charset: "letters", length: 14 },
      ],
      30,
    );
    expect(rule.length).toBe(30);
    expect(rule.segments).toEqual([
      { kind: "fixed", text: "AB-_9" },
      { kind: "date" },
      { kind: "sequence", start: 1, end: 999, length: 3 },
      { kind: "random", charset: "letters", length: 14 },
    ]);
    const withTimestamp = custom([{ kind: "timestamp", length: 10 }, random(13)], 23);
    expect(withTimestamp.segments[0]).toEqual({ kind: "timestamp" });
  });

  it("refuse a total length outside 16-32", () => {
    expect(pairs(() => custom([random(13)], 15))).toEqual([["length", "range"]]);
    expect(pairs(() => custom([random(33)], 33))).toEqual([
      ["length", "range"],
      ["segments.0.length", "random_length"],
    ]);
  });

  it("need the segment lengths to add up to exactly the total", () => {
    const found = issues(() => custom([{ kind: "fixed", text: "AB" }, random(20)], 24));
    expect(found).toEqual([
      {
        field: "length",
        rule: "length_sum",
        message: "the segment lengths add up to 22, but length is 24; they must be equal",
      },
    ]);
  });

  it("name the segment and the bound of a random segment", () => {
    const found = issues(() =>
      custom(
        [
          { kind: "fixed", text: "A" },
          { kind: "date" },
          { kind: "random", charset: "digits", length: 19 },
        ],
        28,
      ),
    );
    expect(found).toEqual([
      {
        field: "segments.2.length",
        rule: "random_length",
        message: "segments.2.length must be 20-32 for digits",
      },
    ]);
    expect(pairs(() => custom([{ kind: "random", charset: "letters", length: 13 }], 16))).toEqual([
      ["segments.0.length", "random_length"],
    ]);
    expect(pairs(() => custom([{ kind: "random", charset: "mixed", length: 12 }], 16))).toEqual([
      ["segments.0.length", "random_length"],
    ]);
    expect(pairs(() => custom([{ kind: "random", charset: "base64", length: 16 }], 16))).toEqual([
      ["segments.0.charset", "one_of"],
    ]);
  });

  it("bound fixed text to 1-22 characters of [A-Za-z0-9_-]", () => {
    expect(pairs(() => custom([{ kind: "fixed", text: "" }, random()], 20))).toEqual([
      ["segments.0.text", "required"],
    ]);
    expect(pairs(() => custom([{ kind: "fixed", text: "x".repeat(23) }, random(13)], 32))).toEqual([
      ["segments.0.text", "fixed_length"],
    ]);
    for (const text of ["a b", "码", "a/b", "a.b"]) {
      expect(pairs(() => custom([{ kind: "fixed", text }, random()], 23))).toEqual([
        ["segments.0.text", "fixed_charset"],
      ]);
    }
    const longest = { kind: "fixed", text: "x".repeat(22) };
    expect(custom([longest, { kind: "sequence", start: 0, end: 9, length: 10 }], 32).length).toBe(
      32,
    );
  });

  it("fix timestamps at 10 digits and dates at 8", () => {
    expect(pairs(() => custom([{ kind: "timestamp", length: 9 }, random()], 29))).toEqual([
      ["segments.0.length", "timestamp_length"],
    ]);
    expect(pairs(() => custom([{ kind: "date", length: 10 }, random()], 28))).toEqual([
      ["segments.0.length", "date_length"],
    ]);
  });

  it("bound sequences: start <= end < 10^length, non-negative integers", () => {
    const seq = (start: unknown, end: unknown, length: unknown) =>
      pairs(() => custom([{ kind: "sequence", start, end, length }, random(13)], 19));
    expect(seq(0, 1_000_000, 6)).toEqual([["segments.0.end", "sequence_digits"]]);
    expect(
      custom([{ kind: "sequence", start: 0, end: 999_999, length: 6 }, random(13)], 19).segments,
    ).toHaveLength(2);
    expect(seq(10, 9, 6)).toEqual([["segments.0.end", "sequence_range"]]);
    expect(seq(-1, 9, 6)).toEqual([["segments.0.start", "non_negative_integer"]]);
    expect(seq(0, 1.5, 6)).toEqual([["segments.0.end", "non_negative_integer"]]);
    expect(seq(0, 9, 0)).toEqual([["segments.0.length", "range"]]);
    expect(seq(0, 9, 33)).toEqual([["segments.0.length", "range"]]);
    const found = issues(() =>
      custom([{ kind: "sequence", start: 0, end: 100, length: 2 }, random(14)], 16),
    );
    expect(found[0]?.message).toBe("segments.0.end must be below 10^2 to fit in 2 digit(s)");
  });

  it("allow at most one sequence and need a random or sequence segment", () => {
    const sequence = { kind: "sequence", start: 0, end: 9, length: 8 };
    expect(pairs(() => custom([sequence, sequence], 16))).toEqual([["segments", "one_sequence"]]);
    expect(
      pairs(() => custom([{ kind: "fixed", text: "ABCDEFGH" }, { kind: "date" }], 16)),
    ).toEqual([["segments", "random_or_sequence"]]);
    expect(custom([sequence, { kind: "fixed", text: "ABCDEFGH" }], 16).segments).toHaveLength(2);
  });

  it("hold 1-10 segments of known kinds", () => {
    expect(pairs(() => custom([], 16))).toEqual([["segments", "min_items"]]);
    const eleven = Array.from({ length: 11 }, () => ({ kind: "fixed", text: "A" }));
    expect(pairs(() => custom(eleven, 16))).toEqual([["segments", "max_items"]]);
    expect(pairs(() => custom([{ kind: "emoji" }, random()], 20))).toEqual([
      ["segments.0.kind", "one_of"],
    ]);
    expect(pairs(() => custom(["random", random()], 20))).toEqual([["segments.0", "type"]]);
  });

  it("report every broken rule at once", () => {
    expect(
      pairs(() =>
        checkCustomRule({
          merchantId: "mch_1",
          name: "",
          length: 40,
          segments: [
            { kind: "fixed", text: "a b" },
            { kind: "random", charset: "digits", length: 10 },
          ],
          serials: undefined as never,
        }),
      ),
    ).toEqual([
      ["name", "required"],
      ["length", "range"],
      ["segments.0.text", "fixed_charset"],
      ["segments.1.length", "random_length"],
      ["serials", "boolean"],
    ]);
  });
});

describe("rule patches", () => {
  it("accept a name and an enabled flag only", () => {
    expect(checkRulePatch({ name: " New ", enabled: false })).toEqual({
      name: "New",
      enabled: false,
    });
    expect(checkRulePatch({})).toEqual({});
    expect(pairs(() => checkRulePatch({ name: "", enabled: "no" as never }))).toEqual([
      ["name", "required"],
      ["enabled", "boolean"],
    ]);
  });
});
