/**
 * `@onecode/http`: the OneCode HTTP API as one fetch handler, with zod
 * validation, RFC 9457 problem responses, a generated OpenAPI 3.1 document
 * and a `node:http` binding. Start with {@link createHandler}.
 *
 * @packageDocumentation
 */

export { forwardedClientAddress, nodeClientAddress } from "./client-address.js";
export { createHandler, type FetchHandler, type HandlerOptions } from "./create-handler.js";
export { HTTP_ERROR_CODES, HttpError, type HttpErrorCode } from "./http-error.js";
export type { JsonSchema } from "./json-schema-components.js";
export { type NodeListener, type NodeListenerOptions, toNodeListener } from "./node-listener.js";
export type { OpenApiDocument, OpenApiInfo } from "./openapi.js";
export { createOpenApiDocument } from "./openapi-document.js";
export {
  type LineIssue,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
  problemType,
} from "./problem.js";
export type { CorsOptions } from "./public-cors.js";
export { DEFAULT_MAX_BODY_BYTES } from "./read-json-body.js";
export { DEFAULT_MAX_UPLOAD_BYTES } from "./read-raw-body.js";
export {
  codeListingSchema,
  codePackagePageSchema,
  codePackageProgressSchema,
  codePackageSchema,
  codeRecordSchema,
  newGenerationSchema,
} from "./schemas/code-package-schemas.js";
export {
  codeRulePageSchema,
  codeRulePatchSchema,
  codeRuleSchema,
  codeSegmentSchema,
  newCodeRuleSchema,
} from "./schemas/code-rule-schemas.js";
export { customFieldInputSchema, customFieldSchema } from "./schemas/custom-field-schemas.js";
export {
  enterprisePageSchema,
  enterprisePatchSchema,
  enterpriseSchema,
  newEnterpriseSchema,
} from "./schemas/enterprise-schemas.js";
export {
  ledgerEntrySchema,
  sealVerificationSchema,
} from "./schemas/ledger-schemas.js";
export {
  codeSourceSchema,
  merchantPageSchema,
  merchantPatchSchema,
  merchantSchema,
  newMerchantSchema,
} from "./schemas/merchant-schemas.js";
export {
  newPrintOrderSchema,
  printOrderPageSchema,
  printOrderSchema,
  printOrderTransitionSchema,
  printQuoteRequestSchema,
  printQuoteSchema,
} from "./schemas/print-order-schemas.js";
export {
  lineIssueSchema,
  problemSchema,
  validationIssueSchema,
} from "./schemas/problem-schema.js";
export {
  newProductSchema,
  productPageSchema,
  productPatchSchema,
  productSchema,
} from "./schemas/product-schemas.js";
export {
  newProductionLineSchema,
  newProductionTaskSchema,
  productionLineSchema,
  productionTaskSchema,
} from "./schemas/production-schemas.js";
export {
  diversionAlertSchema,
  inspectionReportSchema,
  publicScanSchema,
  scanRecordSchema,
  scanResultSchema,
} from "./schemas/scan-schemas.js";
export { newStaffSchema, staffMemberSchema } from "./schemas/staff-schemas.js";
export {
  codeLocationSchema,
  newStockDocumentSchema,
  stockDocumentItemSchema,
  stockDocumentSchema,
  stockScanResultSchema,
} from "./schemas/stock-document-schemas.js";
export {
  newTraceBatchSchema,
  traceBatchPatchSchema,
  traceBatchSchema,
} from "./schemas/trace-batch-schemas.js";
export {
  ERROR_STATUS,
  HTTP_ERROR_STATUS,
  PROBLEM_TITLES,
  type ProblemCode,
} from "./status-map.js";
