import { ERROR_CODES } from "@onecode/core";
import {
  CODE_LEVELS,
  CODE_LISTING_LIMITS,
  CODE_PACKAGE_STATUSES,
  CODE_TYPES,
  GENERATION_LIMITS as G,
  PRINT_URL_FORMS,
  UPLOAD_LIMITS,
} from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

const int = () => z.int();
const id = (description: string) => boundedText({ min: 1, max: 64, description });
/** An integer query or path parameter (sent as text) from `min`, up to `max`. */
function count(description: string, min: number, max?: number) {
  const bounded = z.coerce.number<string>().int().min(min);
  return (max === undefined ? bounded : bounded.max(max)).register(openApiRegistry, {
    description,
  });
}

/** Packaging structure (core's `CodeType`). */
export const codeTypeSchema = z.enum(CODE_TYPES).register(openApiRegistry, {
  id: "CodeType",
  description:
    "`single` (普通码), `two-level` (二级包装码: outer, inner) or `three-level` (三级包装码: outer, middle, inner).",
});

/** Level of a code within its package (core's `CodeLevel`). */
export const codeLevelSchema = z.enum(CODE_LEVELS).register(openApiRegistry, {
  id: "CodeLevel",
  description: "`item` in single packages; `outer`, `middle` and `inner` in packaging ones.",
});

/** Lifecycle of a package (core's `CodePackageStatus`). */
export const codePackageStatusSchema = z.enum(CODE_PACKAGE_STATUSES).register(openApiRegistry, {
  id: "CodePackageStatus",
  description:
    "Generated: `queued → running → succeeded | failed`, and `failed → queued` by an operator retry. Uploaded: `validating → succeeded | rejected`.",
});

/** Packaging ratio per outer unit (core's `PackagingRatio`). */
export const packagingRatioSchema = z
  .strictObject({
    middlePerOuter: int()
      .min(1)
      .max(G.middlePerOuterMax)
      .optional()
      .register(openApiRegistry, {
        description: `Three-level only: middle units per outer unit, 1-${G.middlePerOuterMax}.`,
      }),
    innerPerOuter: int()
      .min(1)
      .max(G.innerPerOuterMax)
      .register(openApiRegistry, {
        description: `Inner units per outer unit, 1-${G.innerPerOuterMax}; a multiple of \`middlePerOuter\` for three-level.`,
      }),
  })
  .register(openApiRegistry, {
    id: "PackagingRatio",
    description: "outer:inner = 1:10 is `{ innerPerOuter: 10 }`; 1:2:20 adds `middlePerOuter: 2`.",
  });

/** Rule ids per level (core's `PackageRules`). */
export const packageRulesSchema = z
  .strictObject({
    item: id("Rule of `item` (single) or `inner` codes."),
    middle: id("Rule of `middle` codes; the item rule when absent.").optional(),
    outer: id("Rule of `outer` codes; the item rule when absent.").optional(),
  })
  .register(openApiRegistry, { id: "PackageRules" });

/** How a job asks for a packaging level's GS1 key (core's `PackagingKeyInput`). */
export const packagingKeyInputSchema = z
  .union([
    z.strictObject({
      gtin: z.string().max(14).register(openApiRegistry, {
        description:
          "The level's own GTIN: the product's GTIN-14 with an indicator digit of 1-8 and the matching check digit (e.g. a case of `06901234567892` is `16901234567899`). The product must have a GTIN.",
      }),
    }),
    z.strictObject({
      sscc: z
        .strictObject({
          companyPrefix: z.string().max(12).register(openApiRegistry, {
            description: "The brand's GS1 company prefix, 6-12 digits.",
          }),
          extensionDigit: int().min(0).max(9).register(openApiRegistry, {
            description: "SSCC extension digit, 0-9.",
          }),
        })
        .register(openApiRegistry, {
          description:
            "Name each code of the level by its own SSCC; serial references are allocated per company prefix and extension digit, never twice.",
        }),
    }),
  ])
  .register(openApiRegistry, { id: "PackagingKeyInput" });

/** A packaging level's GS1 key as stored (core's `PackagingKey`). */
export const packagingKeySchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("gtin"), gtin: z.string() }),
    z.strictObject({
      kind: z.literal("sscc"),
      extensionDigit: int(),
      companyPrefix: z.string(),
      firstReference: int().register(openApiRegistry, {
        description: "Serial reference of the level's first code; the others follow in order.",
      }),
    }),
  ])
  .register(openApiRegistry, { id: "PackagingKey" });

/** Body of `POST /v1/code-packages` (core's `NewGenerationInput`). */
export const newGenerationSchema = z
  .strictObject({
    merchantId: id("A `platform` merchant of the tenant."),
    productId: id("Optional product of the merchant the codes are for.").nullable().optional(),
    codeType: codeTypeSchema,
    rules: packageRulesSchema,
    ratio: packagingRatioSchema.optional().register(openApiRegistry, {
      description: "Required for packaging types.",
    }),
    associated: z.boolean().optional().register(openApiRegistry, {
      description: "Packaging types: record parent/child links (有关联); default `true`.",
    }),
    quantity: int()
      .min(1)
      .max(G.maxCodesPerJob)
      .register(openApiRegistry, {
        description: `Outer units (packaging types) or codes (single). At most ${G.maxCodesPerJob.toLocaleString("en-US")} codes per job, all levels together.`,
      }),
    packagingKeys: z
      .strictObject({
        outer: packagingKeyInputSchema.optional(),
        middle: packagingKeyInputSchema.optional(),
      })
      .optional()
      .register(openApiRegistry, {
        description:
          "Packaging types: a GS1 key per packaging level (`middle` for three-level only), so a case is not named with its item's GTIN. A level without one has no GS1 key: its codes print as code URLs and EPCIS names them by private URIs.",
      }),
  })
  .register(openApiRegistry, {
    id: "NewGenerationJob",
    description: "A generation job (生码任务).",
  });

/** Why a job failed, to switch on (core's `CodePackage.failureCode`). */
const failureCodeSchema = z.enum(ERROR_CODES).nullable().register(openApiRegistry, {
  description:
    "The error code of the failure: `SEQUENCE_EXHAUSTED`, `CODE_SPACE_EXHAUSTED`, `NOT_FOUND` (a rule was deleted), `UPLOAD_REJECTED`. `null` while not failed, and for an unexpected internal error (retry it with `POST /v1/code-packages/{packageId}/retry` once fixed).",
});

const failureReasonSchema = z.string().nullable().register(openApiRegistry, {
  description:
    "Why the job failed or the upload was rejected, naming the cause. An outage of storage or hot state never ends up here: jobs wait it out and continue by themselves.",
});

/** A code package as core returns it (core's `CodePackage`). */
export const codePackageSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    merchantId: z.string(),
    productId: z.string().nullable(),
    source: z.enum(["generated", "uploaded"]),
    codeType: codeTypeSchema,
    ratio: packagingRatioSchema.nullable(),
    associated: z.boolean(),
    rules: packageRulesSchema.nullable(),
    quantity: int(),
    total: int().register(openApiRegistry, { description: "Codes in the package, all levels." }),
    done: int().register(openApiRegistry, { description: "Codes written so far." }),
    status: codePackageStatusSchema,
    failureReason: failureReasonSchema,
    failureCode: failureCodeSchema,
    hasSerials: z.boolean(),
    reservedSequences: z.record(z.string(), z.tuple([int(), int()])).register(openApiRegistry, {
      description: "Sequence values reserved for the job, per rule id: `[first, last]`.",
    }),
    fileName: z.string().nullable(),
    packagingKeys: z
      .strictObject({ outer: packagingKeySchema.optional(), middle: packagingKeySchema.optional() })
      .optional()
      .register(openApiRegistry, {
        description: "GS1 keys of the packaging levels; absent when no level has one.",
      }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    finishedAt: timestampSchema.nullable(),
  })
  .register(openApiRegistry, {
    id: "CodePackage",
    description: "A code package (码包): the codes of one generation job or upload, with progress.",
  });

/** One page of code packages. */
export const codePackagePageSchema = pageSchema(codePackageSchema, "CodePackagePage");

/** Progress of a job (core's `CodePackageProgress`), the data of the `progress` and `done` events. */
export const codePackageProgressSchema = z
  .strictObject({
    packageId: z.string(),
    status: codePackageStatusSchema,
    done: int(),
    total: int(),
    failureReason: failureReasonSchema,
    failureCode: failureCodeSchema,
  })
  .register(openApiRegistry, { id: "CodePackageProgress" });

/** One stored code (core's `CodeRecord`). */
export const codeRecordSchema = z
  .strictObject({
    tenantId: z.string(),
    code: z.string(),
    packageId: z.string(),
    serial: int().register(openApiRegistry, { description: "Position in the package, 1..total." }),
    level: codeLevelSchema,
    parentSerial: int().nullable().register(openApiRegistry, {
      description: "Serial of the parent packaging code in associated packages.",
    }),
    url: z.string().nullable().register(openApiRegistry, {
      description:
        "The uploaded URL; `null` for generated codes (their URL is the merchant's first prefix + code).",
    }),
  })
  .register(openApiRegistry, { id: "CodeRecord" });

/** One page of a package's codes (core's `CodeListing`). */
export const codeListingSchema = z
  .strictObject({
    items: z.array(codeRecordSchema),
    nextAfterSerial: int().nullable().register(openApiRegistry, {
      description: "Pass as `afterSerial` for the next page; `null` on the last page.",
    }),
  })
  .register(openApiRegistry, { id: "CodeListing", description: "Codes in serial order." });

/** Path parameters of `/v1/code-packages/{packageId}...`. */
export const packageIdParams = z.strictObject({
  packageId: recordIdParam("Id of the code package."),
});

/** Path parameters of `/v1/code-packages/{packageId}/codes/{serial}.png|svg`. */
export const codeImageParams = z.strictObject({
  packageId: recordIdParam("Id of the code package."),
  serial: count("Serial (position) of the code in the package, from 1.", 1),
});

/** Query of `GET /v1/code-packages`. */
export const codePackageListQuery = z.strictObject({
  merchantId: id("Only packages of this merchant.").optional(),
  status: codePackageStatusSchema.optional(),
  ...pageQueryShape,
});

/** Query of `GET /v1/code-packages/{packageId}/codes`. */
export const codeListingQuery = z.strictObject({
  afterSerial: count("Return codes after this serial; 0 (the start) when absent.", 0).optional(),
  limit: count(
    `Codes per page, 1-${CODE_LISTING_LIMITS.maxLimit}; ${CODE_LISTING_LIMITS.defaultLimit} when absent.`,
    1,
    CODE_LISTING_LIMITS.maxLimit,
  ).optional(),
  level: codeLevelSchema.optional(),
});

/** Query of `GET /v1/code-packages/{packageId}/codes.csv`. */
/** Which URL print files carry (core's `PrintUrlForm`). */
export const printUrlFormSchema = z.enum(PRINT_URL_FORMS).register(openApiRegistry, {
  id: "PrintUrlForm",
  description:
    "`code_url` (default): the uploaded URL or the merchant's prefix + code. `digital_link`: the GS1 Digital Link, `https://<prefix host>/01/<GTIN-14>[/10/<lot>]/21/<serial>?[17=<YYMMDD>&]oc=<code>` (`/00/<SSCC>?oc=<code>` for SSCC-named packaging), with the lot and expiry of the batch the package is bound to; codes of a level without a GS1 key keep their code URL. `400` (rule `gs1_key_required`) when no level of the package has a GS1 key.",
});

const urlForm = { url: printUrlFormSchema.optional() };

export const csvExportQuery = z.strictObject({ level: codeLevelSchema.optional(), ...urlForm });

/** Query of `GET /v1/code-packages/{packageId}/codes.zip` and `.../codes/{serial}.svg`. */
export const printUrlQuery = z.strictObject(urlForm);

/** Query of `GET /v1/code-packages/{packageId}/codes/{serial}.png`. */
export const qrPngQuery = z.strictObject({
  scale: count("Pixels per QR module, 1-32; 8 when absent.", 1, 32).optional(),
  ...urlForm,
});

/** Query of the sample sheets. */
export const sampleSheetQuery = z.strictObject({
  count: count("How many of the first codes to show, 1-50; 20 when absent.", 1, 50).optional(),
  ...urlForm,
});

/** Query of `GET /v1/code-packages/{packageId}/images.zip`. */
export const imageZipQuery = z.strictObject({
  format: z.enum(["png", "svg"]).optional().register(openApiRegistry, {
    description: "Image format; `png` when absent.",
  }),
  ...urlForm,
});

/** Query of `POST /v1/code-packages/uploads`. */
export const uploadQuery = z.strictObject({
  merchantId: id("An `external` merchant of the tenant."),
  productId: id("Optional product of the merchant the codes are for.").optional(),
  fileName: boundedText({
    min: 1,
    max: UPLOAD_LIMITS.fileNameMax,
    description:
      "Original file name, kept on the package; `upload.csv` or `upload.zip` when absent.",
  }).optional(),
});
