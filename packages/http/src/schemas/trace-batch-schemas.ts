import {
  SCAN_TEMPLATE_KINDS,
  TRACE_BATCH_LIMITS,
  TRACE_BATCH_STATUSES,
} from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { customFieldSchema, customFieldsInputSchema } from "./custom-field-schemas.js";
import { sealReferenceSchema } from "./ledger-schemas.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";
import { scanCountThresholdsSchema } from "./scan-count-alert-schemas.js";

/** Limits of a trace batch's fields: core's, plus the URL length core's URL check allows. */
const TRACE_BATCH_FIELD_LIMITS = { ...TRACE_BATCH_LIMITS, urlMax: 500 };

const id = (description: string) => boundedText({ min: 1, max: 64, description });

/** States of a trace batch (core's `TraceBatchStatus`). */
export const traceBatchStatusSchema = z.enum(TRACE_BATCH_STATUSES).register(openApiRegistry, {
  id: "TraceBatchStatus",
  description:
    "`inactive → active ⇄ frozen`. Only an `active` batch answers scans with its trace information; a `frozen` one answers `suspended`.",
});

/** Scan-page template kinds (core's `ScanTemplateKind`). */
export const scanTemplateKindSchema = z.enum(SCAN_TEMPLATE_KINDS).register(openApiRegistry, {
  id: "ScanTemplateKind",
  description:
    "小程序模板: `basic` highlights the verification result, `identity` shows the product (video cards), `brand` opens with a brand video.",
});

/** The scan page template as core returns it (core's `ScanTemplate`). */
export const scanTemplateSchema = z
  .strictObject({
    kind: scanTemplateKindSchema,
    headerImage: z.string().nullable().register(openApiRegistry, {
      description: "Header image URL; `null` for the default.",
    }),
    brandVideo: z.string().nullable().register(openApiRegistry, {
      description: "`brand` only: the header video URL.",
    }),
    showScanHistory: z.boolean(),
    showAuthenticityCheck: z.boolean(),
  })
  .register(openApiRegistry, { id: "ScanTemplate", description: "How the scan page looks." });

const url = (description: string) =>
  boundedText({ min: 1, max: TRACE_BATCH_FIELD_LIMITS.urlMax, description }).nullable();

/** A template as sent: only the present options change (core's `Partial<ScanTemplate>`). */
export const scanTemplateInputSchema = z
  .strictObject({
    kind: scanTemplateKindSchema.optional(),
    headerImage: url(
      "Absolute http(s) URL of the header image; `null` for the default.",
    ).optional(),
    brandVideo: url("`brand` only: absolute http(s) URL of the header video.").optional(),
    showScanHistory: z.boolean().optional(),
    showAuthenticityCheck: z.boolean().optional(),
  })
  .register(openApiRegistry, {
    id: "ScanTemplateInput",
    description:
      "Options of the scan page; absent ones keep their value (on creation: `basic`, no header image, scan history and authenticity check shown).",
  });

const batchNumber = boundedText({
  min: 1,
  max: TRACE_BATCH_FIELD_LIMITS.batchNumberMax,
  description: `1-${TRACE_BATCH_FIELD_LIMITS.batchNumberMax} characters, unique within the tenant.`,
});
const productionDate = z.iso.date().register(openApiRegistry, {
  description: "Production date, `YYYY-MM-DD`.",
});
const shelfLifeDays = z
  .int()
  .min(TRACE_BATCH_FIELD_LIMITS.shelfLifeDaysMin)
  .max(TRACE_BATCH_FIELD_LIMITS.shelfLifeDaysMax)
  .nullable()
  .register(openApiRegistry, {
    description: "Shelf life in days (the expiry date is derived from it); `null` for none.",
  });
const countAlert = scanCountThresholdsSchema.nullable().register(openApiRegistry, {
  description:
    "The count-alert (查询次数超限) thresholds of this batch's codes, in place of the tenant's settings; `null`: the tenant's apply.",
});
const remark = boundedText({
  max: TRACE_BATCH_FIELD_LIMITS.remarkMax,
  description: `Up to ${TRACE_BATCH_FIELD_LIMITS.remarkMax} characters.`,
});

/** Body of `POST /v1/trace-batches` (core's `NewTraceBatchInput`). */
export const newTraceBatchSchema = z
  .strictObject({
    batchNumber,
    productId: id("The product every item of the batch is; its merchant becomes the batch's."),
    productionDate,
    shelfLifeDays: shelfLifeDays.optional(),
    remark: remark.optional(),
    customFields: customFieldsInputSchema.optional(),
    template: scanTemplateInputSchema.optional(),
    countAlert: countAlert.optional(),
  })
  .register(openApiRegistry, { id: "NewTraceBatch", description: "A trace batch (溯源批次)." });

/** Body of `PATCH /v1/trace-batches/{batchId}` (core's `TraceBatchPatchInput`). */
export const traceBatchPatchSchema = z
  .strictObject({
    batchNumber: batchNumber.optional(),
    productionDate: productionDate.optional(),
    shelfLifeDays: shelfLifeDays.optional(),
    remark: remark.optional(),
    customFields: customFieldsInputSchema.optional(),
    template: scanTemplateInputSchema.optional(),
    countAlert: countAlert.optional(),
  })
  .register(openApiRegistry, {
    id: "TraceBatchPatch",
    description:
      "Only the present fields change. Once sealed, every field but `template` and `countAlert` is frozen (`SEALED`).",
  });

/** Product information frozen into a sealed batch (core's `SealedProductInfo`). */
export const sealedProductInfoSchema = z
  .strictObject({
    name: z.string(),
    specification: z.string(),
    description: z.string(),
    images: z.array(z.string()),
    gtin: z.string().nullable(),
  })
  .register(openApiRegistry, {
    id: "SealedProductInfo",
    description: "The product information as sealed; later product edits do not change it.",
  });

/** A trace batch as core returns it (core's `TraceBatch`). */
export const traceBatchSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    batchNumber: z.string(),
    merchantId: z.string(),
    productId: z.string(),
    productionDate: z.string().register(openApiRegistry, { description: "`YYYY-MM-DD`." }),
    shelfLifeDays: z.int().nullable(),
    expiryDate: z.string().nullable().register(openApiRegistry, {
      description: "`YYYY-MM-DD`: production date + shelf life; `null` without a shelf life.",
    }),
    remark: z.string(),
    customFields: z.array(customFieldSchema),
    template: scanTemplateSchema,
    countAlert,
    status: traceBatchStatusSchema,
    activatedAt: timestampSchema.nullable().register(openApiRegistry, {
      description:
        "When the batch first became `active`; freezing and re-activating keep it. `null` while never active.",
    }),
    codeCount: z.int().register(openApiRegistry, {
      description: "Codes in the packages bound to the batch.",
    }),
    seal: sealReferenceSchema.nullable().register(openApiRegistry, {
      description: "Where the batch's seal sits in the ledger; `null` until sealed.",
    }),
    sealedProduct: sealedProductInfoSchema.nullable(),
    version: z.int().register(openApiRegistry, { description: "Increases with every change." }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "TraceBatch",
    description:
      "A trace batch (溯源批次): every item of the batch shares its trace information. Codes are bound package by package.",
  });

/** One page of trace batches. */
export const traceBatchPageSchema = pageSchema(traceBatchSchema, "TraceBatchPage");

/** Path parameters of `/v1/trace-batches/{batchId}`. */
export const batchIdParams = z.strictObject({ batchId: recordIdParam("Id of the trace batch.") });

/** Path parameters of `/v1/trace-batches/{batchId}/packages/{packageId}`. */
export const batchPackageParams = z.strictObject({
  batchId: recordIdParam("Id of the trace batch."),
  packageId: recordIdParam("Id of the bound code package."),
});

/** Query of `GET /v1/trace-batches`. */
export const traceBatchListQuery = z.strictObject({
  productId: id("Only batches of this product.").optional(),
  merchantId: id("Only batches of this merchant.").optional(),
  status: traceBatchStatusSchema.optional(),
  batchNumber: boundedText({
    min: 1,
    max: TRACE_BATCH_FIELD_LIMITS.batchNumberMax,
    description: "Only the batch with this batch number.",
  }).optional(),
  ...pageQueryShape,
});

/** Body of `POST /v1/trace-batches/{batchId}/status`. */
export const traceBatchStatusChangeSchema = z
  .strictObject({ status: traceBatchStatusSchema })
  .register(openApiRegistry, {
    id: "TraceBatchStatusChange",
    description: "The state to move to: `inactive → active`, `active ⇄ frozen`.",
  });

/** Body of `POST /v1/trace-batches/{batchId}/packages`. */
export const packageBindingSchema = z
  .strictObject({ packageId: id("A succeeded code package (generated or uploaded).") })
  .register(openApiRegistry, { id: "PackageBinding" });

/** Body of `GET /v1/trace-batches/{batchId}/packages`. */
export const batchPackagesSchema = z
  .strictObject({
    packageIds: z.array(z.string()).register(openApiRegistry, {
      description: "Ids of the bound code packages, in binding order.",
    }),
  })
  .register(openApiRegistry, { id: "BatchPackages" });

/** The EPCIS export (documented loosely: the GS1 EPCIS 2.0 JSON Schema is the contract). */
export const epcisDocumentSchema = z
  .looseObject({
    "@context": z.unknown(),
    type: z.literal("EPCISDocument"),
    schemaVersion: z.string(),
    creationDate: z.string(),
    epcisBody: z.looseObject({ eventList: z.array(z.looseObject({ type: z.string() })) }),
  })
  .register(openApiRegistry, {
    id: "EpcisDocument",
    description:
      "A GS1 EPCIS 2.0 JSON-LD document (`EPCISDocument`) valid against the official EPCIS JSON Schema: the batch's commissioning, aggregation and shipping/receiving events.",
  });
