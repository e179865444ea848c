import {
  CODE_RULE_LIMITS as B,
  CHARSETS,
  FIXED_TEXT_PATTERN,
  RANDOM_LENGTH_BOUNDS,
} from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

const int = () => z.int();

/** Character set of a random segment (core's `Charset`). */
export const charsetSchema = z.enum(CHARSETS).register(openApiRegistry, {
  id: "Charset",
  description:
    "`digits`, `letters` or `mixed`; letters and mixed leave out the look-alikes 0/O/o and 1/l/I.",
});

const bounds = Object.values(RANDOM_LENGTH_BOUNDS);
/** The widest random-segment range over all charsets; core checks each charset's own. */
const RANDOM_MIN = Math.min(...bounds.map((bound) => bound.min));
const RANDOM_MAX = Math.max(...bounds.map((bound) => bound.max));
const randomBounds = Object.entries(RANDOM_LENGTH_BOUNDS)
  .map(([charset, { min, max }]) => `${charset} ${min}-${max}`)
  .join(", ");

/** One segment of a code rule (core's `CodeSegment`), discriminated on `kind`. */
export const codeSegmentSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("random"),
      charset: charsetSchema,
      length: int()
        .min(RANDOM_MIN)
        .max(RANDOM_MAX)
        .register(openApiRegistry, { description: `Per charset: ${randomBounds}.` }),
    }),
    z.strictObject({
      kind: z.literal("fixed"),
      text: z
        .string()
        .min(B.fixedLengthMin)
        .max(B.fixedLengthMax)
        .regex(FIXED_TEXT_PATTERN)
        .register(openApiRegistry, {
          description: `Literal text, ${B.fixedLengthMin}-${B.fixedLengthMax} of letters, digits, \`_\` and \`-\`.`,
        }),
    }),
    z.strictObject({ kind: z.literal("timestamp") }),
    z.strictObject({ kind: z.literal("date") }),
    z.strictObject({
      kind: z.literal("sequence"),
      start: int().min(0),
      end: int().min(0).register(openApiRegistry, {
        description:
          "At least `start` and below 10^length; generation fails cleanly once exhausted.",
      }),
      length: int().min(1).max(B.customLengthMax).register(openApiRegistry, {
        description: "Digits, zero-padded.",
      }),
    }),
  ])
  .register(openApiRegistry, {
    id: "CodeSegment",
    description:
      "One segment of a code: `random` anti-counterfeit characters, `fixed` text, a `timestamp` (10 digits, Unix seconds at generation), a `date` (8 digits, `YYYYMMDD`) or a zero-padded `sequence`.",
  });

const merchantId = boundedText({
  min: 1,
  max: 64,
  description: "A `platform` merchant of the tenant.",
});
const serials = z.boolean().register(openApiRegistry, {
  description: "Whether codes carry serial numbers (流水码); print orders need them.",
});

/** Body of `POST /v1/code-rules` with `mode: "quick"` (core's `NewQuickRuleInput`). */
export const newQuickRuleSchema = z
  .strictObject({
    mode: z.literal("quick"),
    merchantId,
    name: boundedText({
      min: 1,
      max: B.nameMax,
      description: "Defaults to a name describing the rule.",
    }).optional(),
    charset: charsetSchema,
    length: int()
      .min(B.quickLengthMin)
      .max(B.quickLengthMax)
      .register(openApiRegistry, {
        description: `Length of the one random segment: ${B.quickLengthMin}-${B.quickLengthMax} and at least the charset's lower bound (${randomBounds}).`,
      }),
    serials,
  })
  .register(openApiRegistry, { id: "NewQuickCodeRule", description: "A quick rule (快速生码)." });

/** Body of `POST /v1/code-rules` with `mode: "custom"` (core's `NewCustomRuleInput`). */
export const newCustomRuleSchema = z
  .strictObject({
    mode: z.literal("custom"),
    merchantId,
    name: boundedText({ min: 1, max: B.nameMax, description: `1-${B.nameMax} characters.` }),
    length: int()
      .min(B.customLengthMin)
      .max(B.customLengthMax)
      .register(openApiRegistry, {
        description: `Total code length, ${B.customLengthMin}-${B.customLengthMax}; the segment lengths must add up to it.`,
      }),
    segments: z
      .array(codeSegmentSchema)
      .min(B.segmentsMin)
      .max(B.segmentsMax)
      .register(openApiRegistry, {
        description: `${B.segmentsMin}-${B.segmentsMax} segments in order, at least one \`random\` or \`sequence\`, at most one \`sequence\`.`,
      }),
    serials,
  })
  .register(openApiRegistry, {
    id: "NewCustomCodeRule",
    description: "A custom rule (自定义码规则).",
  });

/** Body of `POST /v1/code-rules`: a quick or a custom rule, by `mode`. */
export const newCodeRuleSchema = z
  .discriminatedUnion("mode", [newQuickRuleSchema, newCustomRuleSchema])
  .register(openApiRegistry, { id: "NewCodeRule" });

/** Body of `PATCH /v1/code-rules/{ruleId}` (core's `CodeRulePatchInput`). */
export const codeRulePatchSchema = z
  .strictObject({
    name: boundedText({
      min: 1,
      max: B.nameMax,
      description: `1-${B.nameMax} characters.`,
    }).optional(),
    enabled: z.boolean().optional().register(openApiRegistry, {
      description: "`false` disables the rule (失效): it can no longer generate.",
    }),
  })
  .register(openApiRegistry, {
    id: "CodeRulePatch",
    description: "Only the name and the enabled flag change; segments are fixed at creation.",
  });

/** A code rule as core returns it (core's `CodeRule`). */
export const codeRuleSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    merchantId: z.string(),
    name: z.string(),
    mode: z.enum(["quick", "custom"]),
    segments: z.array(codeSegmentSchema),
    length: int().register(openApiRegistry, { description: "Sum of the segment lengths." }),
    serials: z.boolean(),
    enabled: z.boolean(),
    sequenceNext: int().nullable().register(openApiRegistry, {
      description: "Next unreserved value of the sequence segment; `null` without one.",
    }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "CodeRule", description: "A code rule (码规则)." });

/** One page of code rules. */
export const codeRulePageSchema = pageSchema(codeRuleSchema, "CodeRulePage");

/** Path parameters of `/v1/code-rules/{ruleId}`. */
export const ruleIdParams = z.strictObject({ ruleId: recordIdParam("Id of the code rule.") });

/** Query of `GET /v1/code-rules`. */
export const codeRuleListQuery = z.strictObject({
  merchantId: boundedText({
    min: 1,
    max: 64,
    description: "Only rules of this merchant.",
  }).optional(),
  ...pageQueryShape,
});
