import type { Charset } from "./alphabets.js";

/**
 * One segment of a code rule. The code is the segments' texts concatenated
 * in order.
 * - `random`: anti-counterfeit characters from a CSPRNG (see `ALPHABETS`).
 * - `fixed`: literal text, 1-22 characters of `[A-Za-z0-9_-]`.
 * - `timestamp`: 10 digits, Unix seconds at generation time.
 * - `date`: 8 digits, `YYYYMMDD` of the generation date in the configured time zone.
 * - `sequence`: a counter from `start` to `end`, zero-padded to `length`;
 *   generation fails cleanly when the range is exhausted.
 */
export type CodeSegment =
  | { readonly kind: "random"; readonly charset: Charset; readonly length: number }
  | { readonly kind: "fixed"; readonly text: string }
  | { readonly kind: "timestamp" }
  | { readonly kind: "date" }
  | {
      readonly kind: "sequence";
      readonly start: number;
      readonly end: number;
      readonly length: number;
    };

/** How a rule was made: the quick form (one random segment) or a custom segment list. */
export type CodeRuleMode = "quick" | "custom";

/**
 * A code rule (码规则) of a platform merchant. Its segments never change
 * after creation; only the name and the enabled flag do.
 */
export interface CodeRule {
  readonly id: string;
  readonly tenantId: string;
  readonly merchantId: string;
  readonly name: string;
  readonly mode: CodeRuleMode;
  readonly segments: readonly CodeSegment[];
  /** Total code length: the sum of the segment lengths. */
  readonly length: number;
  /** Whether codes made by this rule carry serial numbers (流水码); needed for print orders. */
  readonly serials: boolean;
  /** A disabled rule (失效) cannot generate. */
  readonly enabled: boolean;
  /**
   * Next unreserved value of the rule's sequence segment, or `null` when the
   * rule has none. Advanced atomically by `CodeRuleRepository.reserveSequence`.
   */
  readonly sequenceNext: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input of `codeRules.createQuick`: one random segment (快速生码). */
export interface NewQuickRuleInput {
  readonly merchantId: string;
  /** Defaults to a name describing the rule, e.g. "Quick mixed 24". */
  readonly name?: string;
  readonly charset: Charset;
  /** 13-32, and at least the charset's lower bound (digits 20, letters 14, mixed 13). */
  readonly length: number;
  readonly serials: boolean;
}

/** Input of `codeRules.createCustom` (自定义码规则). */
export interface NewCustomRuleInput {
  readonly merchantId: string;
  /** 1-50 characters. */
  readonly name: string;
  /** 16-32; the segment lengths must add up to exactly this. */
  readonly length: number;
  /** 1-10 segments, at least one `random` or `sequence` (so codes can be unique); at most one `sequence`. */
  readonly segments: readonly CodeSegment[];
  readonly serials: boolean;
}

/** Input of `codeRules.update`: the only mutable fields. */
export interface CodeRulePatchInput {
  readonly name?: string;
  readonly enabled?: boolean;
}
