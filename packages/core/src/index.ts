/**
 * `@onecode/core`: the domain logic of one-item-one-code operations behind
 * ports, with zero runtime dependencies. Start with {@link createOneCode}.
 *
 * @module @onecode/core
 * @packageDocumentation
 */

export type {
  BoundOneCode,
  BoundService,
  OneCodeServices,
  UnscopedMethods,
} from "./bound-context.js";
export {
  AI82_PATTERN,
  gs1Date,
  isIndicatorVariant,
  isValidGln,
  isValidSscc,
  type LotOmission,
  lotOf,
  SSCC_COMPANY_PREFIX_PATTERN,
  ssccOf,
  ssccReferenceCapacity,
} from "./catalog/gs1-keys.js";
export { gtinCheckDigit, isValidGtin, toGtin14 } from "./catalog/gtin.js";
export {
  CODE_SOURCES,
  type CodeSource,
  MERCHANT_LIMITS,
  type Merchant,
  type MerchantPatchInput,
  type NewMerchantInput,
} from "./catalog/merchant.js";
export type { MerchantService } from "./catalog/merchant-service.js";
export type * from "./catalog/ports.js";
export {
  type NewProductInput,
  PRODUCT_LIMITS,
  type Product,
  type ProductFields,
  type ProductPatchInput,
} from "./catalog/product.js";
export type { ProductService } from "./catalog/product-service.js";
export { AlphabetSampler } from "./codes/alphabet-sampler.js";
export { ALPHABETS, CHARSETS, type Charset, RANDOM_LENGTH_BOUNDS } from "./codes/alphabets.js";
export { type CodeGenerator, codeGenerator } from "./codes/code-generator.js";
export type * from "./codes/code-package.js";
export { CODE_LISTING_LIMITS, CODE_PACKAGE_STATUSES } from "./codes/code-package-service.js";
export type * from "./codes/code-rule.js";
export {
  type CheckedRule,
  CODE_RULE_LIMITS,
  checkCustomRule,
  checkQuickRule,
  FIXED_TEXT_PATTERN,
  SEGMENT_KINDS,
  segmentLength,
} from "./codes/code-rule-check.js";
export type * from "./codes/code-services.js";
export { CODE_LEVELS, EXPORT_PAGE_SIZE, PRINT_URL_FORMS } from "./codes/csv-export.js";
export {
  CODE_CSV_COLUMNS,
  CODE_CSV_HEADER,
  csvField,
  csvLine,
  parseCsvLine,
} from "./codes/csv-format.js";
export { CODE_TYPES, GENERATION_LIMITS } from "./codes/generation-input-check.js";
export {
  DEFAULT_TIME_ZONE,
  type GenerationMoment,
  generationMoment,
} from "./codes/generation-moment.js";
export {
  type LevelCounts,
  levelsOf,
  type PackageLayout,
  packageLayout,
} from "./codes/package-layout.js";
export type * from "./codes/ports.js";
export {
  DEFAULT_PRINT_PRICES,
  type NewPrintOrderInput,
  type PrintFinish,
  type PrintOrder,
  type PrintOrderStatus,
  type PrintOrderTransition,
  type PrintPriceTable,
  type PrintPriceTier,
  type PrintQuote,
  type PrintRecipient,
} from "./codes/print-order.js";
export {
  PRINT_FINISHES,
  PRINT_ORDER_LIMITS,
  PRINT_ORDER_STATUSES,
} from "./codes/print-order-check.js";
export type { PrintOrderService } from "./codes/print-order-service-types.js";
export {
  checkPrintPriceTable,
  type PrintCounts,
  printCountsOf,
  quotePrint,
  tierFor,
} from "./codes/print-pricing.js";
export {
  UPLOAD_LIMITS,
  UPLOADED_CODE_PATTERN,
  type UploadLineError,
} from "./codes/upload-line-reader.js";
export { type CorePorts, type OneCodeConfig, resolvePorts } from "./core-ports.js";
export { createOneCode, type OneCode } from "./create-one-code.js";
export * from "./input-checks.js";

export { type Clock, isoNow, ManualClock, systemClock } from "./kernel/clock.js";
export { ERROR_CODES, type ErrorCode } from "./kernel/error-codes.js";
export type {
  ErrorDetails,
  ErrorDetailsArguments,
  ErrorDetailsMap,
} from "./kernel/error-details.js";
export { formatErrorForLog } from "./kernel/error-log.js";
export {
  type BackingService,
  invalidField,
  isOneCodeError,
  isTransientFailure,
  notFound,
  OneCodeError,
  serviceUnavailable,
  type ValidationIssue,
  validationError,
} from "./kernel/errors.js";
export { TypedEmitter, type Unsubscribe } from "./kernel/event-emitter.js";
export { ID_PATTERN, type IdGenerator, sortableIds } from "./kernel/ids.js";
export { checkPatchWith } from "./kernel/input-check.js";
export {
  addMoney,
  allocateMoney,
  type Money,
  money,
  multiplyMoney,
  subtractMoney,
  sumMoney,
} from "./kernel/money.js";
export { isNetworkFailure } from "./kernel/network-errors.js";
export {
  DEFAULT_PAGE_LIMIT,
  MAX_PAGE_LIMIT,
  type Page,
  type PageQuery,
  type PageRequest,
  paginate,
  resolvePage,
} from "./kernel/pagination.js";
export { cryptoRandom, type RandomSource, randomBelow, seededRandom } from "./kernel/random.js";
export {
  isStorableText,
  STORABLE_TEXT_MESSAGE,
  STORABLE_TEXT_RULE,
} from "./kernel/storable-text.js";
export {
  type Actor,
  type Role,
  requireRole,
  requireStaff,
  SYSTEM_ACTOR,
  type TenantContext,
  tenantContext,
} from "./kernel/tenant.js";
export { type LocalKeyVaultOptions, localKeyVault } from "./memory/local-key-vault.js";
export { type LocalLedgerAnchor, localLedgerAnchor } from "./memory/local-ledger-anchor.js";
export { memoryHotState } from "./memory/memory-hot-state.js";
export { memoryStorage } from "./memory/memory-storage.js";
export { type RecordingCourier, recordingCourier } from "./memory/recording-courier.js";
export { type RecordingNotifier, recordingNotifier } from "./memory/recording-notifier.js";
export {
  type RecordingPaymentGateway,
  recordingPaymentGateway,
} from "./memory/recording-payment.js";
export { type GeoRange, staticGeo } from "./memory/static-geo.js";
export { checkedHotState } from "./ports/checked-hot-state.js";
export type * from "./ports/courier.js";
export type * from "./ports/geo.js";
export type * from "./ports/hot-state.js";
export {
  checkKey,
  checkNonNegativeInteger,
  checkPositiveInteger,
  checkRatePolicy,
  checkTenantId,
  checkTtl,
  checkValue,
} from "./ports/hot-state-arguments.js";
export { failoverHotState, type HotStateFailoverOptions } from "./ports/hot-state-failover.js";
export type * from "./ports/keys.js";
export type * from "./ports/ledger-anchor.js";
export type * from "./ports/notifier.js";
export type * from "./ports/payment.js";
export type * from "./ports/storage.js";
export {
  type TokenBucketState,
  type TokenBucketStep,
  tokenBucketStep,
} from "./ports/token-bucket.js";
export type * from "./statistics/ports.js";
export * from "./statistics/statistics.js";
export type { StatisticsService } from "./statistics/statistics-service.js";
export { canonicalJson } from "./trace/canonical-json.js";
export { codeRangeOf } from "./trace/code-subtree.js";
export {
  CUSTOM_FIELD_TYPES,
  type CustomField,
  type CustomFieldInput,
  type CustomFieldType,
} from "./trace/custom-field.js";
export {
  CUSTOM_FIELD_LIMITS,
  MINI_PROGRAM_LINK_PATTERN,
} from "./trace/custom-field-check.js";
export {
  buildDigitalLink,
  DIGITAL_LINK_CODE_PARAMETER,
  DIGITAL_LINK_SERIAL_PATTERN,
  type DigitalLink,
  digitalLinkSerial,
  parseDigitalLink,
  parseDigitalLinkSerial,
  serialTokenOf,
} from "./trace/digital-link.js";
export type { CodeDigitalLink, DigitalLinkService } from "./trace/digital-link-service.js";
export type {
  CodeRange as StockCodeRange,
  Enterprise,
  EnterprisePatchInput,
  InboundType,
  InspectionReport,
  LocatedCode,
  NewEnterpriseInput,
  NewStockDocumentInput,
  OutboundType,
  StaffInput,
  StaffMember,
  StockDocument,
  StockDocumentItem,
  StockScanResult,
} from "./trace/distribution.js";
export {
  ENTERPRISE_LIMITS,
  type EnterpriseFields,
  SALES_REGION_PATTERN,
} from "./trace/enterprise-check.js";
export {
  compareCodePoints,
  EPCIS_PREFIXES,
  type EpcisJson,
  EVENT_HASH_VERSION,
  epcisEventHash,
  epcisPreHash,
  PresortedList,
} from "./trace/epcis-event-hash.js";
export { EPCIS_CONTEXT, EPCIS_SCHEMA_VERSION, timeZoneOffset } from "./trace/epcis-events.js";
export { canonicalGs1Uri, GS1_ID_ORIGIN } from "./trace/gs1-uri.js";
export { INSPECTION_LIMITS } from "./trace/inspection-use-cases.js";
export type * from "./trace/ledger.js";
export { ANCHOR_LIMITS } from "./trace/ledger-anchoring.js";
export type * from "./trace/lifecycle/aggregation.js";
export { AGGREGATION_LIMITS } from "./trace/lifecycle/aggregation-use-cases.js";
export {
  type CodeLifecycleEntry,
  type CodeLifecycleKind,
  type CodeStatus,
  type LifecycleEntryFilter,
  RECALL_REASONS,
  type RecallReason,
  VOID_REASONS,
  type VoidCodesInput,
  type VoidCodesResult,
  type VoidReason,
} from "./trace/lifecycle/code-lifecycle.js";
export type * from "./trace/lifecycle/ports.js";
export type { CodeLifecycleService } from "./trace/lifecycle/service-types.js";
export { VOID_LIMITS } from "./trace/lifecycle/void-check.js";
export type {
  AlertFilter,
  AlertSettingsChanges,
  BatchRepositories,
  CodeHolding,
  CodeLocation,
  CodeMove,
  CountAlertFilter,
  DistributionRepositories,
  EnterpriseChanges,
  EnterpriseDeletion,
  EnterpriseInsertion,
  EnterpriseMove,
  EnterpriseRepository,
  LedgerAppend,
  LedgerRepository,
  MoveConditions,
  PackageBinding,
  PackageUnbinding,
  ProductionLineDeletion,
  ProductionRepository,
  ProductionTaskChange,
  ScanAlertMethods,
  ScanRepository,
  StaffRepository,
  StockItemWithDocument,
  StockRepository,
  TraceBatchChanges,
  TraceBatchDeletion,
  TraceBatchInsertion,
  TraceBatchRepository,
  TraceBatchTransition,
  TraceBatchUpdate,
  TraceRepositories,
} from "./trace/ports.js";
export type * from "./trace/production.js";
export {
  PRODUCTION_LIMITS,
  PRODUCTION_TASK_STATUSES,
  type ProductionLineFields,
  type ProductionTaskFields,
} from "./trace/production-check.js";
export {
  type ConsumerScanInput,
  checkSuspicionThreshold,
  DEFAULT_SUSPICION_THRESHOLD,
  type DistributionStep,
  type DiversionAlert,
  type RecordedScanStats,
  SCAN_THRESHOLD_MAX,
  SCAN_VERDICTS,
  type ScanCodeStatus,
  type ScanProductionTask,
  type ScanRecord,
  type ScanResult,
  type ScanStats,
  type ScanVerdict,
  type SuspicionThreshold,
  UNKNOWN_CLIENT_ADDRESS,
} from "./trace/scan.js";
export {
  DEFAULT_SCAN_COUNT_THRESHOLDS,
  SCAN_COUNT_ALERT_KINDS,
  type ScanCountAlert,
  type ScanCountAlertKind,
  type ScanCountAlertSettings,
  type ScanCountAlertSettingsInput,
  type ScanCountNotice,
  type ScanCountThresholds,
} from "./trace/scan-count-alert.js";
export { ALERT_SETTINGS_TTL_MS } from "./trace/scan-count-alerts.js";
export { codeFromScan, SCANNED_CODE_PATTERN, SCANNED_TEXT_MAX } from "./trace/scan-input.js";
export { SCAN_INPUT_LIMITS } from "./trace/scan-input-check.js";
export { UNBOUND_CODE_TTL_MS } from "./trace/scan-resolution.js";
export {
  batchSealContent,
  contentHashOf,
  entryHashOf,
  GENESIS_HASH,
  type HashedEntryFields,
  sealedProductOf,
  sha256Hex,
  taskSealContent,
} from "./trace/seal-hashes.js";
export {
  isValidSocialCreditCode,
  SOCIAL_CREDIT_CODE_CHARSET,
  socialCreditCheckCharacter,
} from "./trace/social-credit-code.js";
export {
  LOGIN_NAME_PATTERN,
  STAFF_LIMITS,
  STAFF_ROLES,
  type StaffFields,
} from "./trace/staff-check.js";
export {
  INBOUND_TYPES,
  OUTBOUND_TYPES,
  type StockDocumentFields,
} from "./trace/stock-document-check.js";
export { checkStockFlow, type FlowRule, type StockFlow } from "./trace/stock-flow.js";
export { DOCUMENT_ITEM_LIMITS } from "./trace/stock-use-cases.js";
export type * from "./trace/trace-batch.js";
export {
  DEFAULT_SCAN_TEMPLATE,
  SCAN_TEMPLATE_KINDS,
  SEALED_BATCH_FIELDS,
  TRACE_BATCH_LIMITS,
  TRACE_BATCH_STATUSES,
  type TraceBatchFields,
} from "./trace/trace-batch-check.js";
export {
  type BatchChangeReason,
  batchCacheKey,
  type ResolvedTraceOptions,
  resolveTraceOptions,
  type TraceEvents,
} from "./trace/trace-runtime.js";
export type {
  DistributionService,
  ProductionService,
  ScanService,
  SealService,
  TraceBatchService,
  TraceOptions,
} from "./trace/trace-services.js";
