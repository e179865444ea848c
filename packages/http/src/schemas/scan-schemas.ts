import {
  INSPECTION_LIMITS,
  SALES_REGION_PATTERN,
  SCAN_INPUT_LIMITS,
  SCAN_VERDICTS,
  SCANNED_TEXT_MAX,
} from "@onecode/core/input-rules";
import { z } from "zod";
import { lifecycleKindSchema, lifecycleReasonSchema } from "./code-lifecycle-schemas.js";
import { pageQueryShape, pageSchema, timestampSchema } from "./common.js";
import { customFieldSchema } from "./custom-field-schemas.js";
import { scanCampaignEntrySchema } from "./draw-schemas.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";
import { alertWindowShape, scanCountNoticeSchema } from "./scan-count-alert-schemas.js";
import { scanTemplateSchema } from "./trace-batch-schemas.js";

/** The longest code (or scanned URL) a route accepts. */
const SCANNED_CODE_MAX = SCANNED_TEXT_MAX;

const region = (description: string) =>
  z
    .string()
    .min(1)
    .max(INSPECTION_LIMITS.regionMax)
    .regex(SALES_REGION_PATTERN)
    .register(openApiRegistry, { description });

/** Verification verdicts (core's `ScanVerdict`). */
export const scanVerdictSchema = z.enum(SCAN_VERDICTS).register(openApiRegistry, {
  id: "ScanVerdict",
  description:
    "`genuine`; `unknown_code` (no such code, answered in the same shape as a known one); `batch_inactive` (the batch is not active, see `batchState`); `suspicious` (scanned by too many visitors or in too many regions); `unverified` (a GS1 Digital Link whose key no matching `oc` code vouches for: the product and batch its key names are shown, never as genuine); `void` (the brand voided or recalled the code, see `codeStatus`); `destroyed` (a destruction stock document moved it).",
});

/** One recorded consumer scan (core's `ScanRecord`). */
export const scanRecordSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    code: z.string().register(openApiRegistry, {
      description: "The code as scanned (unknown ones too, so probing shows).",
    }),
    scannedAt: timestampSchema,
    region: z.string().nullable(),
    visitorId: z.string().nullable().register(openApiRegistry, {
      description:
        "The visitor the scan counts for: a hash of the client address (`ip:…`), so ids declared by one address count as one visitor; the declared id (`visitor:…`) or user (`user:…`) only when the address is unknown.",
    }),
    declaredVisitorId: z.string().nullable().register(openApiRegistry, {
      description: "The visitor id the client sent, as sent.",
    }),
    userId: z.string().nullable(),
    verdict: scanVerdictSchema,
    batchId: z.string().nullable().register(openApiRegistry, {
      description: "The trace batch the code resolved to; `null` for unknown or unbound codes.",
    }),
    productId: z.string().nullable().register(openApiRegistry, {
      description: "The product of that batch; `null` when `batchId` is.",
    }),
  })
  .register(openApiRegistry, { id: "ScanRecord", description: "A recorded consumer scan." });

/** One page of scan records. */
export const scanRecordPageSchema = pageSchema(scanRecordSchema, "ScanRecordPage");

/** A diversion alert (core's `DiversionAlert`). */
export const diversionAlertSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    code: z.string(),
    scanRegion: z.string(),
    expectedRegion: z.string().register(openApiRegistry, {
      description: "The sales region of the enterprise holding the item.",
    }),
    enterpriseId: z.string(),
    scanId: z.string(),
    detectedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "DiversionAlert",
    description: "A diversion alert (窜货预警): an item scanned outside its holder's sales region.",
  });

/** One page of diversion alerts. */
export const diversionAlertPageSchema = pageSchema(diversionAlertSchema, "DiversionAlertPage");

/** An inspection report (core's `InspectionReport`). */
export const inspectionReportSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    code: z.string(),
    inspectorId: z.string(),
    region: z.string().nullable(),
    note: z.string(),
    photos: z.array(z.string()),
    createdAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "InspectionReport",
    description: "An inspection report (稽查报告) filed by a field inspector about a code.",
  });

/** One page of inspection reports. */
export const inspectionReportPageSchema = pageSchema(
  inspectionReportSchema,
  "InspectionReportPage",
);

/** Body of `POST /v1/inspections`. */
export const newInspectionSchema = z
  .strictObject({
    code: boundedText({
      min: 1,
      max: SCANNED_CODE_MAX,
      description: "The inspected code, or the whole scanned URL.",
    }),
    region: region("Region code where the item was found, e.g. `CN-SH`.").nullable().optional(),
    note: boundedText({
      max: INSPECTION_LIMITS.noteMax,
      description: `What the inspector found; up to ${INSPECTION_LIMITS.noteMax} characters.`,
    }),
    photos: z
      .array(boundedText({ min: 1, max: 500 }))
      .max(INSPECTION_LIMITS.photosMax)
      .optional()
      .register(openApiRegistry, {
        description: `Up to ${INSPECTION_LIMITS.photosMax} absolute http(s) photo URLs.`,
      }),
  })
  .register(openApiRegistry, { id: "NewInspectionReport" });

const id = (description: string) => boundedText({ min: 1, max: 64, description });

/** Path parameters of `/v1/codes/{code}/...`. */
export const codeParams = z.strictObject({
  code: boundedText({ min: 1, max: SCANNED_CODE_MAX, description: "The code (percent-encoded)." }),
});

/** Query of `GET /v1/codes/{code}/scans`. */
export const scanListQuery = z.strictObject({ ...pageQueryShape });

/** Query of `GET /v1/inspections`. */
export const inspectionListQuery = z.strictObject({
  code: boundedText({
    min: 1,
    max: SCANNED_CODE_MAX,
    description: "Only reports about this code.",
  }).optional(),
  inspectorId: id("Only reports of this inspector.").optional(),
  ...pageQueryShape,
});

/** Query of `GET /v1/diversion-alerts`. */
export const diversionAlertListQuery = z.strictObject({
  code: boundedText({
    min: 1,
    max: SCANNED_CODE_MAX,
    description: "Only alerts about this code.",
  }).optional(),
  enterpriseId: id("Only alerts about items this enterprise held.").optional(),
  scanRegion: region("Only scans from this region.").optional(),
  ...alertWindowShape,
  ...pageQueryShape,
});

/** Body of `POST /v1/public/scans` (core's `ConsumerScanInput` without the IP). */
export const publicScanSchema = z
  .strictObject({
    tenantId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)
      .register(openApiRegistry, { description: "The brand's tenant id." }),
    code: boundedText({
      min: 1,
      max: SCANNED_CODE_MAX,
      description: "The code, or the whole scanned text: a code URL or a GS1 Digital Link.",
    }),
    visitorId: boundedText({
      max: SCAN_INPUT_LIMITS.visitorIdMax,
      description:
        "Anonymous visitor id (e.g. from a cookie), kept on the scan record. Distinct visitors are counted by client address: ids declared from one address count as one visitor.",
    })
      .nullable()
      .optional(),
    userId: boundedText({
      max: SCAN_INPUT_LIMITS.userIdMax,
      description: "The logged-in consumer, if any.",
    })
      .nullable()
      .optional(),
  })
  .register(openApiRegistry, { id: "PublicScan", description: "A consumer's scan of a code." });

/** A consumer-visible distribution step (core's `DistributionStep`). */
export const distributionStepSchema = z
  .strictObject({
    at: timestampSchema,
    from: z
      .string()
      .nullable()
      .register(openApiRegistry, { description: "Issuing enterprise's name." }),
    to: z
      .string()
      .nullable()
      .register(openApiRegistry, { description: "Receiving enterprise's name." }),
    outboundType: z.string().nullable(),
    inboundType: z.string().nullable(),
  })
  .register(openApiRegistry, { id: "DistributionStep" });

/** An effective production task on the scan page (core's `ScanProductionTask`). */
export const scanProductionTaskSchema = z
  .strictObject({
    name: z.string(),
    executedAt: z.string(),
    personInCharge: z.string(),
    line: z
      .strictObject({ name: z.string(), workshop: z.string(), factory: z.string() })
      .nullable(),
    customFields: z.array(customFieldSchema),
  })
  .register(openApiRegistry, { id: "ScanProductionTask" });

/** The answer to a consumer scan (core's `ScanResult`). */
export const scanResultSchema = z
  .strictObject({
    verdict: scanVerdictSchema,
    batchState: z.enum(["inactive", "suspended"]).nullable().register(openApiRegistry, {
      description: "`suspended` for a frozen batch, `inactive` for one not yet active.",
    }),
    product: z
      .strictObject({
        name: z.string(),
        specification: z.string(),
        description: z.string(),
        images: z.array(z.string()),
        gtin: z.string().nullable(),
      })
      .nullable(),
    batch: z
      .strictObject({
        batchNumber: z.string(),
        productionDate: z.string(),
        expiryDate: z.string().nullable(),
        customFields: z.array(customFieldSchema).register(openApiRegistry, {
          description: "The fields shown on scan only.",
        }),
        template: scanTemplateSchema,
        sealed: z.boolean(),
      })
      .nullable(),
    productionTasks: z.array(scanProductionTaskSchema),
    distribution: z.array(distributionStepSchema).register(openApiRegistry, {
      description: "Consumer-visible distribution steps, oldest first.",
    }),
    scans: z
      .strictObject({
        count: z.int(),
        firstScannedAt: timestampSchema,
        firstRegion: z.string().nullable(),
      })
      .nullable(),
    countAlert: scanCountNoticeSchema.nullable().register(openApiRegistry, {
      description:
        "The count alert (查询次数超限) when this scan is past a threshold of the batch or the tenant; else `null`.",
    }),
    campaign: scanCampaignEntrySchema.nullable().register(openApiRegistry, {
      description:
        "The scan-to-win campaign the code leads to (its activity batch is or was active), with whether this code can still play and why not; `null` for a code in no campaign.",
    }),
    codeStatus: z
      .strictObject({
        kind: lifecycleKindSchema,
        reason: lifecycleReasonSchema.nullable(),
        since: timestampSchema,
        message: z.string().register(openApiRegistry, {
          description:
            "For the consumer: the brand's own text, or the default of the kind and reason.",
        }),
      })
      .nullable()
      .register(openApiRegistry, {
        description:
          "Verdicts `void` and `destroyed`: what happened to the code (they show the product, when its batch is active, and no other trace information); `null` otherwise.",
      }),
  })
  .register(openApiRegistry, {
    id: "ScanResult",
    description:
      "The verdict and the scan page data. Unknown codes get the same shape, with `null`s and empty lists.",
  });
