import {
  AGGREGATION_LIMITS,
  RECALL_REASONS,
  SCANNED_TEXT_MAX,
  VOID_LIMITS,
  VOID_REASONS,
} from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

const scannedCode = (description: string) =>
  boundedText({ min: 1, max: SCANNED_TEXT_MAX, description });

/** Kinds of lifecycle entries (core's `CodeLifecycleKind`). */
export const lifecycleKindSchema = z
  .enum(["void", "recall", "destroyed"])
  .register(openApiRegistry, {
    id: "CodeLifecycleKind",
    description:
      "`void` (作废: the label is withdrawn), `recall` (召回: the goods are), `destroyed` (moved by a destruction stock document).",
  });

/** Void and recall reasons together (core's `VoidReason | RecallReason`). */
export const lifecycleReasonSchema = z
  .enum(["misprint", "damaged", "lost", "quality", "safety", "regulatory", "other"])
  .register(openApiRegistry, {
    id: "CodeLifecycleReason",
    description: `For \`void\`: ${VOID_REASONS.join(", ")}; for \`recall\`: ${RECALL_REASONS.join(", ")}.`,
  });

/** A run of serials of one package (core's `SerialSegment`). */
export const serialSegmentSchema = z
  .strictObject({ fromSerial: z.int(), toSerial: z.int() })
  .register(openApiRegistry, {
    id: "SerialSegment",
    description: "Contiguous serials of a package.",
  });

/** What decides a code's lifecycle status (core's `CodeStatus`). */
export const codeStatusSchema = z
  .strictObject({
    entryId: z.string(),
    kind: lifecycleKindSchema,
    reason: lifecycleReasonSchema.nullable(),
    consumerMessage: z.string().nullable(),
    since: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "CodeStatus",
    description: "The lifecycle entry a code scans by: a destruction, else the newest active one.",
  });

/** A void, recall or destruction of a serial range (core's `CodeLifecycleEntry`). */
export const lifecycleEntrySchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    kind: lifecycleKindSchema,
    reason: lifecycleReasonSchema.nullable(),
    note: z.string(),
    consumerMessage: z.string().nullable(),
    range: z.strictObject({ packageId: z.string(), fromSerial: z.int(), toSerial: z.int() }),
    code: z.string().nullable().register(openApiRegistry, {
      description: "The code the request named; `null` for a serial range.",
    }),
    documentId: z.string().nullable().register(openApiRegistry, {
      description: "`destroyed`: the destruction document.",
    }),
    createdBy: z.string(),
    createdAt: timestampSchema,
    restoredBy: z.string().nullable(),
    restoredAt: timestampSchema.nullable(),
  })
  .register(openApiRegistry, {
    id: "CodeLifecycleEntry",
    description:
      "A void, recall or destruction of a serial range of one package: one row however many codes.",
  });

/** One page of lifecycle entries. */
export const lifecycleEntryPageSchema = pageSchema(lifecycleEntrySchema, "CodeLifecycleEntryPage");

/** Body of `POST /v1/code-lifecycle/entries` (core's `VoidCodesInput`). */
export const voidCodesSchema = z
  .strictObject({
    kind: z.enum(["void", "recall"]),
    reason: lifecycleReasonSchema,
    code: scannedCode(
      "One code (bare, code URL or Digital Link); or give packageId, fromSerial and toSerial.",
    ).optional(),
    packageId: recordIdParam("The package of a serial range.").optional(),
    fromSerial: z.int().min(1).optional(),
    toSerial: z.int().min(1).optional(),
    note: boundedText({
      max: VOID_LIMITS.noteMax,
      description: `Staff-only note, up to ${VOID_LIMITS.noteMax} characters.`,
    }).optional(),
    consumerMessage: boundedText({
      max: VOID_LIMITS.consumerMessageMax,
      description: `Shown on scans instead of the default text; up to ${VOID_LIMITS.consumerMessageMax} characters.`,
    })
      .nullable()
      .optional(),
  })
  .register(openApiRegistry, {
    id: "VoidCodes",
    description:
      "Voids or recalls one code or a serial range of one package. The reason must be one of the kind's.",
  });

/** Result of a void or recall (core's `VoidCodesResult`). */
export const voidCodesResultSchema = z
  .strictObject({
    entry: lifecycleEntrySchema,
    created: z.boolean().register(openApiRegistry, {
      description: "`false`: an active entry of the same kind and range existed; nothing changed.",
    }),
  })
  .register(openApiRegistry, { id: "VoidCodesResult" });

/** Query of `GET /v1/code-lifecycle/entries`. */
export const lifecycleEntryListQuery = z.strictObject({
  kind: lifecycleKindSchema.optional(),
  packageId: recordIdParam("Only entries of this package.").optional(),
  code: scannedCode("Only entries covering this code.").optional(),
  active: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional()
    .register(openApiRegistry, { description: "`true`: active only; `false`: restored only." }),
  ...pageQueryShape,
});

/** Path parameters of `/v1/code-lifecycle/entries/{entryId}`. */
export const lifecycleEntryParams = z.strictObject({
  entryId: recordIdParam("Id of the lifecycle entry."),
});

const childrenSchema = (description: string) =>
  z
    .array(scannedCode("A child code."))
    .max(AGGREGATION_LIMITS.childrenMax)
    .register(openApiRegistry, { description });

const changeFields = {
  note: boundedText({
    max: AGGREGATION_LIMITS.noteMax,
    description: `Up to ${AGGREGATION_LIMITS.noteMax} characters, kept in the history.`,
  }).optional(),
  documentId: recordIdParam("A stock document the change belongs to (kept in the history).")
    .nullable()
    .optional(),
};

/** Body of `POST /v1/code-lifecycle/unpack` (core's `UnpackInput`). */
export const unpackSchema = z
  .strictObject({
    code: scannedCode("The packaging code (outer or middle) to unpack."),
    children: childrenSchema(
      `Take out only these codes directly beneath it (up to ${AGGREGATION_LIMITS.childrenMax}); absent: all of them.`,
    ).optional(),
    ...changeFields,
  })
  .register(openApiRegistry, {
    id: "Unpack",
    description: "拆箱: detach a packaging code's children.",
  });

/** Body of `POST /v1/code-lifecycle/repack` (core's `RepackInput`). */
export const repackSchema = z
  .strictObject({
    parent: scannedCode("The packaging code the children go into."),
    children: childrenSchema(
      `1-${AGGREGATION_LIMITS.childrenMax} codes of the level directly beneath the parent's, of the same package.`,
    ).min(1),
    ...changeFields,
  })
  .register(openApiRegistry, {
    id: "Repack",
    description: "换箱: put codes into a packaging code.",
  });

/** One entry of the aggregation history (core's `AggregationChange`). */
export const aggregationChangeSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    operationId: z.string(),
    action: z.enum(["unpack", "pack"]),
    packageId: z.string(),
    parentSerial: z.int(),
    parentCode: z.string(),
    children: serialSegmentSchema,
    documentId: z.string().nullable(),
    note: z.string(),
    actorId: z.string(),
    at: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "AggregationChange",
    description: "Children (a serial segment) left (`unpack`) or joined (`pack`) a packaging code.",
  });

/** Result of an unpack or repack (core's `AggregationOperation`). */
export const aggregationOperationSchema = z
  .strictObject({
    operationId: z.string(),
    changes: z.array(aggregationChangeSchema).register(openApiRegistry, {
      description: "The history entries written; empty when nothing changed.",
    }),
  })
  .register(openApiRegistry, { id: "AggregationOperation" });

/** Body of `GET /v1/codes/{code}/aggregation`. */
export const aggregationHistorySchema = z
  .strictObject({ items: z.array(aggregationChangeSchema) })
  .register(openApiRegistry, {
    id: "AggregationHistory",
    description: "A code's aggregation history as parent or child, oldest first.",
  });
