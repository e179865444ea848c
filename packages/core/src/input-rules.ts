/**
 * `@onecode/core/input-rules`: the rules core checks input against, for a
 * host that validates a form before calling and for HTTP bindings that
 * report core's rules together with their own schema's.
 *
 * It holds the pure input checks (`checkNewTraceBatch`, ...), the limits
 * (`TRACE_BATCH_LIMITS`, ...), the patterns and the enumerations behind the
 * public union types (`TRACE_BATCH_STATUSES`, ...). The use cases run these
 * checks themselves; nothing here is needed to use OneCode.
 *
 * @module @onecode/core/input-rules
 * @packageDocumentation
 */

export { CAMPAIGN_TEMPLATES, MAX_CAMPAIGN_SLOTS, WHEEL_SLOTS } from "./campaigns/campaign.js";
export { PRIZE_KINDS } from "./campaigns/prize.js";
export { isValidGln, isValidSscc } from "./catalog/gs1-keys.js";
export { gtinCheckDigit, isValidGtin, toGtin14 } from "./catalog/gtin.js";
export { CODE_SOURCES, MERCHANT_LIMITS } from "./catalog/merchant.js";
export { PRODUCT_LIMITS } from "./catalog/product.js";
export { SKU_CODE_PATTERN, SKU_LIMITS, STOCK_POLICIES } from "./catalog/skus/sku-input.js";
export { CHARSETS, RANDOM_LENGTH_BOUNDS } from "./codes/alphabets.js";
export { CODE_LISTING_LIMITS, CODE_PACKAGE_STATUSES } from "./codes/code-package-service.js";
export {
  type CheckedRule,
  CODE_RULE_LIMITS,
  checkCustomRule,
  checkQuickRule,
  FIXED_TEXT_PATTERN,
  SEGMENT_KINDS,
  segmentLength,
} from "./codes/code-rule-check.js";
export { CODE_LEVELS, PRINT_URL_FORMS } from "./codes/csv-export.js";
export { CODE_TYPES, GENERATION_LIMITS } from "./codes/generation-input-check.js";
export { type LevelCounts, levelsOf, type PackageLayout } from "./codes/package-layout.js";
export {
  PRINT_FINISHES,
  PRINT_ORDER_LIMITS,
  PRINT_ORDER_STATUSES,
} from "./codes/print-order-check.js";
export { UPLOAD_LIMITS, UPLOADED_CODE_PATTERN } from "./codes/upload-line-reader.js";
export * from "./input-checks.js";
export { AUDIT_ACTION_PATTERN, checkAuditChange } from "./kernel/audit/audit-change-check.js";
export {
  AUDIT_FILTER_TEXT_MAX,
  AUDIT_TARGET_TYPE_MAX,
  checkAuditFilter,
} from "./kernel/audit/audit-filter-check.js";
export { DISPATCH_LIMITS } from "./kernel/outbox/dispatcher.js";
export { DEFAULT_OUTBOX_OPTIONS, OUTBOX_PURGE_LIMITS } from "./kernel/outbox/outbox-options.js";
export {
  checkNewEvents,
  EVENT_TYPE_PATTERN,
  OUTBOX_EVENT_LIMITS,
} from "./kernel/outbox/record-events.js";
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from "./kernel/pagination.js";
export {
  checkPaymentNotification,
  PAYMENT_FAILURE_CODES,
  PAYMENT_OPERATIONS,
  PAYMENT_STATUSES,
} from "./kernel/payments/payment-notification-check.js";
export { checkActor } from "./kernel/permissions/actor-check.js";
export { CAPABILITIES, CAPABILITY_NAMES } from "./kernel/permissions/capabilities.js";
export { ROLE_CAPABILITIES, ROLE_SCOPES } from "./kernel/permissions/roles.js";
export {
  isStorableText,
  STORABLE_TEXT_MESSAGE,
  STORABLE_TEXT_RULE,
} from "./kernel/storable-text.js";
export { TIMER_STATUSES } from "./kernel/timers/ports.js";
export {
  MAX_TIMER_KEY_LENGTH,
  MAX_TIMER_KIND_LENGTH,
  MAX_TIMER_PAYLOAD_BYTES,
  TIMER_KIND_PATTERN,
} from "./kernel/timers/timer-check.js";
export { MIN_RECURRENCE_MS } from "./kernel/timers/timer-recurrence.js";
export {
  BULK_SMS_LIMITS,
  type CheckedBulkSms,
  checkBulkSms,
  TEMPLATE_NAME_PATTERN,
} from "./notifications/bulk-sms-check.js";
export { checkNotificationLogFilter } from "./notifications/notification-filter-check.js";
export { NOTIFICATION_CHANNELS, NOTIFICATION_OUTCOMES } from "./notifications/notification-log.js";
export {
  MOBILE_NUMBER_PATTERN,
  maskPhoneNumber,
  normalizeMobileNumber,
} from "./notifications/recipients.js";
export { AFTER_SALE_LIMITS } from "./orders/after-sales/after-sale-input.js";
export {
  AFTER_SALE_ACTIONS,
  OPEN_AFTER_SALE_STATES,
} from "./orders/after-sales/after-sale-states.js";
export {
  checkFreightQuote,
  DELIVERY_METHODS,
  weightPrice,
} from "./orders/freight/freight-price.js";
export {
  checkFreightTemplate,
  FREIGHT_TEMPLATE_LIMITS,
  REGION_CODE_PATTERN,
} from "./orders/freight/freight-template.js";
export { BULK_SHIPPING_HEADER } from "./orders/shipping/bulk-shipping-csv.js";
export {
  type CheckedShipInput,
  checkPickupVerification,
  checkShipment,
  checkWaybillRequest,
  SELF_DELIVERY,
  SHIPPING_LIMITS,
  TRACKING_NUMBER_PATTERN,
} from "./orders/shipping/shipment-input.js";
export {
  ACTIVITY_LIMITS,
  type CheckedActivityInput,
  checkActivityInput,
  checkActivityPatch,
} from "./promotions/activities/activity-input.js";
export {
  COUPON_CODE_PATTERN,
  COUPON_LIMITS,
  checkCouponInput,
  checkCouponTerms,
  checkDistribution,
} from "./promotions/coupons/coupon-input.js";
export { MINIMUM_WITHDRAWAL } from "./promotions/distributors/distributor-input.js";
export {
  LIMITED_DISCOUNT_KINDS,
  LIMITED_DISCOUNT_ROUNDINGS,
} from "./promotions/limited-discounts/limited-discount.js";

export { CURRENCY_PATTERN, checkTenantSettingsPatch } from "./settings/tenant-settings-check.js";
export {
  CODE_STATISTICS_DIMENSIONS,
  SCAN_STATISTICS_DIMENSIONS,
  STATISTICS_GRANULARITIES,
  STATISTICS_LIMITS,
} from "./statistics/statistics.js";
export type { TraceBatchFields } from "./trace/batches/trace-batch-check.js";
export {
  SCAN_TEMPLATE_KINDS,
  TRACE_BATCH_LIMITS,
  TRACE_BATCH_STATUSES,
} from "./trace/batches/trace-batch-check.js";
export { CUSTOM_FIELD_TYPES } from "./trace/custom-field.js";
export { CUSTOM_FIELD_LIMITS, MINI_PROGRAM_LINK_PATTERN } from "./trace/custom-field-check.js";
export type { EnterpriseFields } from "./trace/distribution/enterprise-check.js";
export { ENTERPRISE_LIMITS, SALES_REGION_PATTERN } from "./trace/distribution/enterprise-check.js";
export { INSPECTION_LIMITS } from "./trace/distribution/inspection-use-cases.js";
export type { StaffFields } from "./trace/distribution/staff-check.js";
export { LOGIN_NAME_PATTERN, STAFF_LIMITS, STAFF_ROLES } from "./trace/distribution/staff-check.js";
export type { StockDocumentFields } from "./trace/distribution/stock-document-check.js";
export { INBOUND_TYPES, OUTBOUND_TYPES } from "./trace/distribution/stock-document-check.js";
export { DOCUMENT_ITEM_LIMITS } from "./trace/distribution/stock-use-cases.js";
export { DIGITAL_LINK_SERIAL_PATTERN } from "./trace/gs1/digital-link.js";
export { AGGREGATION_LIMITS } from "./trace/lifecycle/aggregation-use-cases.js";
export { RECALL_REASONS, VOID_REASONS } from "./trace/lifecycle/code-lifecycle.js";
export { VOID_LIMITS } from "./trace/lifecycle/void-check.js";
export type {
  ProductionLineFields,
  ProductionTaskFields,
} from "./trace/production/production-check.js";
export {
  PRODUCTION_LIMITS,
  PRODUCTION_TASK_STATUSES,
} from "./trace/production/production-check.js";
export { SCAN_THRESHOLD_MAX, SCAN_VERDICTS } from "./trace/scans/scan.js";
export { SCAN_COUNT_ALERT_KINDS } from "./trace/scans/scan-count-alert.js";
export { SCANNED_CODE_PATTERN, SCANNED_TEXT_MAX } from "./trace/scans/scan-input.js";
export { SCAN_INPUT_LIMITS } from "./trace/scans/scan-input-check.js";
export { ANCHOR_LIMITS } from "./trace/seals/ledger-anchoring.js";
