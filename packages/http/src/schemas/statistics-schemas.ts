import {
  CODE_STATISTICS_DIMENSIONS,
  SCAN_STATISTICS_DIMENSIONS,
  STATISTICS_GRANULARITIES,
  STATISTICS_LIMITS,
} from "@onecode/core/input-rules";
import { z } from "zod";
import { recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";
import { scanVerdictSchema } from "./scan-schemas.js";

const rangeBound = (description: string) =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })])
    .optional()
    .register(openApiRegistry, { description });

/** The range and calendar of a statistics query; spread into its schema. */
const rangeShape = {
  from: rangeBound(
    "A date (`2026-05-01`: from the start of that day in `timeZone`) or an ISO-8601 date-time with an offset (inclusive). Default: the start of the day 29 days before `to`'s last day.",
  ),
  to: rangeBound(
    `A date (\`2026-05-31\`: to the end of that day in \`timeZone\`) or an ISO-8601 date-time with an offset (exclusive). Default: the end of today. At most ${STATISTICS_LIMITS.maxSpanDays} calendar days after \`from\`.`,
  ),
  timeZone: boundedText({
    min: 1,
    max: 64,
    description:
      "The IANA time zone whose calendar makes the periods, e.g. `Asia/Shanghai` (the server's default).",
  }).optional(),
  granularity: z.enum(STATISTICS_GRANULARITIES).optional().register(openApiRegistry, {
    description: "Periods: `day` (default), `week` (ISO weeks, from Monday) or `month`.",
  }),
};

/**
 * `groupBy` as a comma-separated list of `dimensions`; empty for one total.
 * Checked as text (an issue names the parameter itself) before it is split.
 */
function groupByList<D extends string>(dimensions: readonly D[], fallback: string) {
  const names = dimensions.join(", ");
  const split = (value: string): string[] => (value === "" ? [] : value.split(","));
  return boundedText({
    max: 100,
    description: `Comma-separated, each at most once, of: ${dimensions.map((d) => `\`${d}\``).join(", ")}. Default \`${fallback}\`; empty for one total.`,
  })
    .refine((value) => split(value).every((name) => dimensions.includes(name as D)), {
      message: `must list only: ${names}`,
      params: { rule: "one_of" },
    })
    .transform((value) => split(value) as D[])
    .optional();
}

/** Query of `GET /v1/statistics/scans` (core's `ScanStatisticsInput`). */
export const scanStatisticsQuery = z.strictObject({
  ...rangeShape,
  groupBy: groupByList(SCAN_STATISTICS_DIMENSIONS, "period"),
  productId: recordIdParam("Only scans of codes of this product.").optional(),
  batchId: recordIdParam("Only scans of codes of this trace batch.").optional(),
  merchantId: recordIdParam("Only scans of codes of this merchant's products.").optional(),
  verdict: scanVerdictSchema.optional(),
  region: boundedText({ min: 1, max: 64, description: "Only scans from this region." }).optional(),
});

/** Query of `GET /v1/statistics/codes` (core's `CodeStatisticsInput`). */
export const codeStatisticsQuery = z.strictObject({
  ...rangeShape,
  groupBy: groupByList(CODE_STATISTICS_DIMENSIONS, "period,merchantId"),
  merchantId: recordIdParam("Only this merchant's codes.").optional(),
});

/** One period of a statistics range (core's `StatisticsPeriod`). */
const statisticsPeriodSchema = z
  .strictObject({
    period: z.string().register(openApiRegistry, {
      description: "`2026-05-01` (day), the Monday `2026-04-27` (week) or `2026-05` (month).",
    }),
    from: timestampSchema,
    to: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "StatisticsPeriod",
    description: "A calendar period of the range, the first and last cut to it.",
  });

/** What every statistics answer says about its range (core's `StatisticsRange`). */
const rangeAnswerShape = {
  from: timestampSchema.register(openApiRegistry, { description: "Inclusive." }),
  to: timestampSchema.register(openApiRegistry, { description: "Exclusive." }),
  timeZone: z.string(),
  granularity: z.enum(STATISTICS_GRANULARITIES),
  periods: z.array(statisticsPeriodSchema).register(openApiRegistry, {
    description: "Every period of the range in order, also those without rows.",
  }),
};

/** Scan statistics (core's `ScanStatistics`). */
export const scanStatisticsSchema = z
  .strictObject({
    ...rangeAnswerShape,
    groupBy: z.array(z.enum(SCAN_STATISTICS_DIMENSIONS)),
    rows: z
      .array(
        z
          .strictObject({
            period: z.string().optional(),
            region: z.string().nullable().optional(),
            productId: z.string().nullable().optional(),
            batchId: z.string().nullable().optional(),
            verdict: scanVerdictSchema.optional(),
            scans: z.int(),
          })
          .register(openApiRegistry, {
            id: "ScanStatisticsRow",
            description:
              "Scans of one group; only the grouped dimensions are present (`null`: no region, or an unknown code or one bound to no batch).",
          }),
      )
      .register(openApiRegistry, {
        description:
          "Groups with scans, by period, then by the other dimensions in `groupBy` order (`null` last).",
      }),
    total: z.int().register(openApiRegistry, { description: "Scans matching the query." }),
  })
  .register(openApiRegistry, {
    id: "ScanStatistics",
    description: "Consumer scans (扫码统计) per period, region, product, batch and verdict.",
  });

const codeCountsShape = {
  generated: z.int().register(openApiRegistry, {
    description: "Codes of generated packages that succeeded in the period.",
  }),
  uploaded: z.int().register(openApiRegistry, {
    description: "Codes of uploads imported in the period.",
  }),
  bound: z.int().register(openApiRegistry, {
    description: "Codes of packages bound to a trace batch in the period (and still bound).",
  }),
  activated: z.int().register(openApiRegistry, {
    description: "Codes of trace batches first activated in the period.",
  }),
};

/** Code statistics (core's `CodeStatistics`). */
export const codeStatisticsSchema = z
  .strictObject({
    ...rangeAnswerShape,
    groupBy: z.array(z.enum(CODE_STATISTICS_DIMENSIONS)),
    rows: z.array(
      z
        .strictObject({
          period: z.string().optional(),
          merchantId: z.string().optional(),
          ...codeCountsShape,
        })
        .register(openApiRegistry, {
          id: "CodeStatisticsRow",
          description: "Code counts of one group; only the grouped dimensions are present.",
        }),
    ),
    totals: z.strictObject(codeCountsShape).register(openApiRegistry, {
      id: "CodeCounts",
      description: "The counts of every row added up.",
    }),
  })
  .register(openApiRegistry, {
    id: "CodeStatistics",
    description:
      "Codes (码量统计) generated, uploaded, bound and activated per period and merchant.",
  });
