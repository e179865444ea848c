import {
  SCAN_COUNT_ALERT_KINDS,
  SCAN_THRESHOLD_MAX,
  SCANNED_TEXT_MAX,
} from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

const threshold = (description: string) =>
  z
    .int()
    .min(1)
    .max(SCAN_THRESHOLD_MAX)
    .nullable()
    .register(openApiRegistry, {
      description: `${description} \`null\` turns the check off; else 1-${SCAN_THRESHOLD_MAX}.`,
    });

const visitorScans = threshold("Alert when one visitor queried a code more than this many times.");
const visitors = threshold("Alert when more than this many distinct visitors queried a code.");

/** Count-alert thresholds (core's `ScanCountThresholds`), as sent and as returned. */
export const scanCountThresholdsSchema = z
  .strictObject({ visitorScans, visitors })
  .register(openApiRegistry, {
    id: "ScanCountThresholds",
    description:
      "查询次数超限 thresholds: one visitor's queries of a code, and a code's distinct visitors.",
  });

/** A tenant's count-alert settings (core's `ScanCountAlertSettings`). */
export const scanCountAlertSettingsSchema = z
  .strictObject({
    tenantId: z.string(),
    visitorScans,
    visitors,
    updatedAt: timestampSchema.nullable().register(openApiRegistry, {
      description: "When they last changed; `null` while the defaults (both off) apply.",
    }),
  })
  .register(openApiRegistry, {
    id: "ScanCountAlertSettings",
    description:
      "The tenant's count-alert (查询次数超限) thresholds; a trace batch's `countAlert` takes their place for its codes.",
  });

/** Body of `PATCH /v1/scan-alert-settings` (core's `ScanCountAlertSettingsInput`). */
export const scanCountAlertSettingsPatchSchema = z
  .strictObject({ visitorScans: visitorScans.optional(), visitors: visitors.optional() })
  .register(openApiRegistry, {
    id: "ScanCountAlertSettingsPatch",
    description: "Only the present thresholds change.",
  });

/** Kinds of count alerts (core's `ScanCountAlertKind`). */
export const scanCountAlertKindSchema = z.enum(SCAN_COUNT_ALERT_KINDS).register(openApiRegistry, {
  id: "ScanCountAlertKind",
  description:
    "`visitor_scans`: one visitor queried the code more than `visitorScans` times; `visitors`: more than `visitors` distinct visitors queried it.",
});

/** What a scan answer says past a count threshold (core's `ScanCountNotice`). */
export const scanCountNoticeSchema = z
  .strictObject({
    kinds: z.array(scanCountAlertKindSchema),
    previousScans: z.int().register(openApiRegistry, {
      description: "How many times the code was queried before this scan.",
    }),
    previousVisitorScans: z.int().register(openApiRegistry, {
      description: "How many times this visitor queried it before.",
    }),
    distinctVisitors: z.int(),
    firstScannedAt: timestampSchema,
    firstRegion: z.string().nullable(),
  })
  .register(openApiRegistry, {
    id: "ScanCountNotice",
    description:
      "查询次数超限: this code has been queried `previousScans` times before, first at `firstScannedAt` in `firstRegion`.",
  });

/** A stored count alert (core's `ScanCountAlert`). */
export const scanCountAlertSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    code: z.string(),
    kind: scanCountAlertKindSchema,
    threshold: z.int().register(openApiRegistry, { description: "The threshold in force." }),
    observed: z.int().register(openApiRegistry, {
      description: "The visitor's queries (`visitor_scans`) or the distinct visitors (`visitors`).",
    }),
    scanCount: z.int(),
    firstScannedAt: timestampSchema,
    firstRegion: z.string().nullable(),
    visitorId: z.string().nullable().register(openApiRegistry, {
      description: "The visitor whose scan raised it.",
    }),
    scanId: z.string(),
    batchId: z.string(),
    detectedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "ScanCountAlert",
    description:
      "A count alert (查询次数超限): at most one per code and kind, raised by the first scan past the threshold.",
  });

/** One page of count alerts. */
export const scanCountAlertPageSchema = pageSchema(scanCountAlertSchema, "ScanCountAlertPage");

/** The detection window of an alert list query; spread into its schema. */
export const alertWindowShape = {
  from: z.iso.datetime({ offset: true }).optional().register(openApiRegistry, {
    description: "Only alerts detected at or after this ISO-8601 instant.",
  }),
  to: z.iso.datetime({ offset: true }).optional().register(openApiRegistry, {
    description: "Only alerts detected before this ISO-8601 instant.",
  }),
};

/** Query of `GET /v1/scan-count-alerts`. */
export const scanCountAlertListQuery = z.strictObject({
  code: boundedText({
    min: 1,
    max: SCANNED_TEXT_MAX,
    description: "Only alerts about this code (a code URL works too).",
  }).optional(),
  kind: scanCountAlertKindSchema.optional(),
  batchId: boundedText({
    min: 1,
    max: 64,
    description: "Only alerts about codes of this batch.",
  }).optional(),
  ...alertWindowShape,
  ...pageQueryShape,
});
