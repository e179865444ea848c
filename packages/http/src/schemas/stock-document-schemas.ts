import {
  DOCUMENT_ITEM_LIMITS,
  INBOUND_TYPES,
  OUTBOUND_TYPES,
  SCANNED_TEXT_MAX,
} from "@onecode/core/input-rules";
import { z } from "zod";
import { codeStatusSchema, serialSegmentSchema } from "./code-lifecycle-schemas.js";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { customFieldSchema, customFieldsInputSchema } from "./custom-field-schemas.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

const id = (description: string) => boundedText({ min: 1, max: 64, description });

/** Outbound types (core's `OutboundType`). */
export const outboundTypeSchema = z.enum(OUTBOUND_TYPES).register(openApiRegistry, {
  id: "OutboundType",
  description: "出库类型. `return` flows up to the parent; the others down to a direct child.",
});

/** Inbound types (core's `InboundType`). */
export const inboundTypeSchema = z
  .enum(INBOUND_TYPES)
  .register(openApiRegistry, { id: "InboundType", description: "入库类型." });

/** States of a stock document. */
export const stockDocumentStatusSchema = z.enum(["open", "closed"]).register(openApiRegistry, {
  id: "StockDocumentStatus",
  description: "Codes can be scanned into `open` documents only.",
});

/** Body of `POST /v1/stock-documents` (core's `NewStockDocumentInput`). */
export const newStockDocumentSchema = z
  .strictObject({
    outboundType: outboundTypeSchema.nullable().optional(),
    inboundType: inboundTypeSchema.nullable().optional(),
    fromEnterpriseId: id("The issuing enterprise; absent for inbound-only documents.")
      .nullable()
      .optional(),
    toEnterpriseId: id("The receiving enterprise; absent when codes leave circulation.")
      .nullable()
      .optional(),
    consumerVisible: z.boolean().optional().register(openApiRegistry, {
      description: "Whether consumers see this step on the scan page.",
    }),
    customFields: customFieldsInputSchema.optional(),
  })
  .register(openApiRegistry, {
    id: "NewStockDocument",
    description:
      "A stock document (出入库单): outbound with a receiver (a direct child of the issuer, or its parent for `return`), inbound only (codes enter circulation at the receiver), or outbound without a receiver (codes leave circulation). Other flows are `INVALID_FLOW`.",
  });

/** A stock document as core returns it (core's `StockDocument`). */
export const stockDocumentSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    number: z.string().register(openApiRegistry, { description: "e.g. `SD20260501-0001`." }),
    outboundType: outboundTypeSchema.nullable(),
    inboundType: inboundTypeSchema.nullable(),
    fromEnterpriseId: z.string().nullable(),
    toEnterpriseId: z.string().nullable(),
    consumerVisible: z.boolean(),
    customFields: z.array(customFieldSchema),
    status: stockDocumentStatusSchema,
    codeCount: z.int().register(openApiRegistry, { description: "Codes moved so far." }),
    createdBy: z.string(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "StockDocument", description: "A stock document (出入库单)." });

/** One page of stock documents. */
export const stockDocumentPageSchema = pageSchema(stockDocumentSchema, "StockDocumentPage");

/** A serial range of one package (core's `CodeRange`). */
export const codeRangeSchema = z
  .strictObject({
    packageId: z.string(),
    fromSerial: z.int(),
    toSerial: z.int(),
  })
  .register(openApiRegistry, {
    id: "CodeRange",
    description: "A code and, for packaging codes, everything beneath it: serials of one package.",
  });

/** One scan into a document (core's `StockDocumentItem`). */
export const stockDocumentItemSchema = z
  .strictObject({
    tenantId: z.string(),
    documentId: z.string(),
    range: codeRangeSchema,
    code: z.string().register(openApiRegistry, {
      description:
        "The code the operator scanned: the top of the range, or of the re-packed unit the range belongs to.",
    }),
    scannedBy: z.string(),
    scannedAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "StockDocumentItem" });

/** Body of `GET /v1/stock-documents/{documentId}/items`. */
export const stockDocumentItemListSchema = z
  .strictObject({ items: z.array(stockDocumentItemSchema) })
  .register(openApiRegistry, { id: "StockDocumentItemList", description: "Items in scan order." });

/** Result of scanning a code into a document (core's `StockScanResult`). */
export const stockScanResultSchema = z
  .strictObject({
    document: stockDocumentSchema,
    item: stockDocumentItemSchema,
    items: z.array(stockDocumentItemSchema).register(openApiRegistry, {
      description:
        "Every item the scan recorded: one, or for a re-packed or unpacked unit one per contiguous serial segment it moved.",
    }),
    moved: z.int().register(openApiRegistry, {
      description: "Codes moved: 1 for an item code, the whole case for a packaging code.",
    }),
  })
  .register(openApiRegistry, { id: "StockScanResult" });

/** Body of `POST /v1/stock-documents/{documentId}/scans`. */
export const stockScanSchema = z
  .strictObject({
    code: boundedText({
      min: 1,
      max: SCANNED_TEXT_MAX,
      description: "The scanned code, or the whole scanned URL.",
    }),
  })
  .register(openApiRegistry, { id: "StockScan" });

/** Where a code currently is (core's `CodeHolding`). */
export const codeHoldingSchema = z
  .strictObject({
    enterpriseId: z.string().nullable().register(openApiRegistry, {
      description: "The current holder; `null` once the code left circulation.",
    }),
    documentId: z.string().register(openApiRegistry, {
      description: "The document that moved it there.",
    }),
    since: timestampSchema,
  })
  .register(openApiRegistry, { id: "CodeHolding" });

/** Body of `GET /v1/codes/{code}/location` (core's `locateCode` result). */
export const codeLocationSchema = z
  .strictObject({
    range: codeRangeSchema,
    segments: z.array(serialSegmentSchema).register(openApiRegistry, {
      description:
        "Exactly what a stock scan of the code would move now, as contiguous segments; `range` spans them (the code's layout range unless its unit was re-packed or unpacked).",
    }),
    parent: z
      .strictObject({ serial: z.int(), code: z.string() })
      .nullable()
      .register(openApiRegistry, {
        description: "The packaging code it sits in now; `null` when loose or top-level.",
      }),
    status: codeStatusSchema.nullable().register(openApiRegistry, {
      description: "Void, recalled or destroyed; `null` for none of these.",
    }),
    holding: codeHoldingSchema.nullable().register(openApiRegistry, {
      description: "`null` while the code has not entered circulation.",
    }),
    steps: z.array(stockDocumentItemSchema).register(openApiRegistry, {
      description: "The code's distribution history, oldest first.",
    }),
  })
  .register(openApiRegistry, { id: "CodeLocation" });

/** Path parameters of `/v1/stock-documents/{documentId}`. */
export const documentIdParams = z.strictObject({
  documentId: recordIdParam("Id of the stock document."),
});

/** Query of `GET /v1/stock-documents`. */
export const stockDocumentListQuery = z.strictObject({
  enterpriseId: id("Only documents issued or received by this enterprise.").optional(),
  status: stockDocumentStatusSchema.optional(),
  ...pageQueryShape,
});

/** Query of `GET /v1/stock-documents/{documentId}/items`. */
export const stockDocumentItemsQuery = z.strictObject({
  offset: z.coerce
    .number<string>()
    .int()
    .min(0)
    .optional()
    .register(openApiRegistry, { description: "Items to skip; 0 when absent." }),
  limit: z.coerce
    .number<string>()
    .int()
    .min(1)
    .max(DOCUMENT_ITEM_LIMITS.maxLimit)
    .optional()
    .register(openApiRegistry, {
      description: `Items per page, 1-${DOCUMENT_ITEM_LIMITS.maxLimit}; ${DOCUMENT_ITEM_LIMITS.defaultLimit} when absent.`,
    }),
});
