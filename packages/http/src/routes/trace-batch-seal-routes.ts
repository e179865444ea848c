import { defineRoute, type Route } from "../define-route.js";
import { codesResponse } from "../download-response.js";
import { primedByteStream } from "../iterable-body.js";
import { ledgerEntrySchema, sealVerificationSchema } from "../schemas/ledger-schemas.js";
import { batchIdParams, epcisDocumentSchema } from "../schemas/trace-batch-schemas.js";

const tags = ["trace-batches"];

/** The media type of the EPCIS export. */
export const EPCIS_CONTENT_TYPE = "application/ld+json";

const sealTraceBatch = defineRoute({
  method: "POST",
  path: "/v1/trace-batches/{batchId}/seal",
  operationId: "sealTraceBatch",
  summary: "Seal a trace batch (上链)",
  description:
    "Needs the `admin` role. Appends a ledger entry with the hash of the batch's trace and product information, chained to the previous entry; the sealed fields can never change again. The batch needs codes (`BATCH_HAS_NO_CODES`).",
  tags,
  auth: "staff",
  params: batchIdParams,
  responses: { 201: { description: "The new ledger entry.", schema: ledgerEntrySchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "BATCH_HAS_NO_CODES", "SEALED", "BUSY"],
  async handler({ onecode, tenant, params }) {
    return { status: 201, body: await onecode.seals.sealBatch(tenant, params.batchId) };
  },
});

const verifyTraceBatchSeal = defineRoute({
  method: "GET",
  path: "/v1/trace-batches/{batchId}/seal/verification",
  operationId: "verifyTraceBatchSeal",
  summary: "Verify a trace batch's seal",
  description:
    "Recomputes the sealed content from the stored records and checks its ledger entry and link. An invalid seal is a `200` with `valid: false` and the problems found; a batch never sealed is `NOT_FOUND` (`details.kind`: `seal of trace batch`).",
  tags,
  auth: "staff",
  params: batchIdParams,
  responses: { 200: { description: "The verification.", schema: sealVerificationSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.seals.verifySeal(tenant, params.batchId) };
  },
});

const exportTraceBatchEpcis = defineRoute({
  method: "GET",
  path: "/v1/trace-batches/{batchId}/epcis.jsonld",
  operationId: "exportTraceBatchEpcis",
  summary: "Download a trace batch's events as GS1 EPCIS 2.0 JSON-LD",
  description:
    "The batch's events (commissioning, packing, shipping and receiving through stock documents) as one `EPCISDocument`, streamed as it is written.",
  tags,
  auth: "staff",
  params: batchIdParams,
  responses: {
    200: {
      description: "The EPCIS document, as an attachment.",
      schema: epcisDocumentSchema,
      contentType: EPCIS_CONTENT_TYPE,
      headers: { "Content-Disposition": '`attachment; filename="<batchId>-epcis.jsonld"`' },
    },
  },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    const { batchId } = params;
    const document = onecode.traceBatches.exportEpcis(tenant, batchId);
    // The events name the codes (EPCs), which are secrets: `codesResponse` keeps caches out.
    return {
      response: codesResponse(await primedByteStream(document), {
        contentType: EPCIS_CONTENT_TYPE,
        fileName: `${batchId}-epcis.jsonld`,
      }),
    };
  },
});

/** Seal, seal verification and EPCIS export of a trace batch. */
export const traceBatchSealRoutes: readonly Route[] = [
  sealTraceBatch,
  verifyTraceBatchSeal,
  exportTraceBatchEpcis,
];
