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
export type * from "./campaigns/activity-batch.js";
export type * from "./campaigns/campaign.js";
export type * from "./campaigns/campaign-services.js";
export type * from "./campaigns/draw.js";
export type * from "./campaigns/ports.js";
export type * from "./campaigns/prize.js";
export type { LotOmission } from "./catalog/gs1-keys.js";
export type {
  CodeSource,
  Merchant,
  MerchantPatchInput,
  NewMerchantInput,
} from "./catalog/merchant.js";
export type { MerchantService } from "./catalog/merchant-service.js";
export type * from "./catalog/ports.js";
export type {
  NewProductInput,
  Product,
  ProductFields,
  ProductPatchInput,
} from "./catalog/product.js";
export type { ProductService } from "./catalog/product-service.js";
export type * from "./catalog/skus/ports.js";
export type * from "./catalog/skus/sku.js";
export type {
  SkuConfigurationInput,
  SkuInput,
  SkuPatchInput,
} from "./catalog/skus/sku-input.js";
export type { ProductSkus, SkuService } from "./catalog/skus/sku-service.js";
export type { SkuStockLowPayload } from "./catalog/skus/stock-low.js";
export type { Charset } from "./codes/alphabets.js";
export type * from "./codes/code-package.js";
export type * from "./codes/code-rule.js";
export type * from "./codes/code-services.js";
export type * from "./codes/ports.js";
export type {
  NewPrintOrderInput,
  PrintFinish,
  PrintOrder,
  PrintOrderStatus,
  PrintOrderTransition,
  PrintPriceTable,
  PrintPriceTier,
  PrintQuote,
  PrintRecipient,
} from "./codes/print-order.js";
export type { PrintOrderService } from "./codes/print-order-service-types.js";
export type { UploadLineError } from "./codes/upload-line-reader.js";
export type { CorePorts, CouponsConfig, OneCodeConfig, OrdersOptions } from "./core-ports.js";
export { createOneCode, type OneCode } from "./create-one-code.js";
export type { AuditChangeInput } from "./kernel/audit/audit-change-check.js";
export type * from "./kernel/audit/audit-entry.js";
export type { AuditFilterInput } from "./kernel/audit/audit-filter-check.js";
export type { AuditService } from "./kernel/audit/audit-service.js";
export type * from "./kernel/audit/ports.js";
export type { AuditChange, RecordAudit } from "./kernel/audit/record-audit.js";
export {
  CALENDAR_PERIOD_KINDS,
  type CalendarPeriod,
  type CalendarPeriodKind,
  calendarPeriodAt,
} from "./kernel/calendar-periods.js";
export { type Clock, ManualClock, systemClock } from "./kernel/clock.js";
export { type DailyWindow, isInDailyWindow } from "./kernel/daily-window.js";
export { ERROR_CODES, type ErrorCode } from "./kernel/error-codes.js";
export type {
  ErrorDetails,
  ErrorDetailsArguments,
  ErrorDetailsMap,
  FlashUnitsRefusal,
} from "./kernel/error-details.js";
export { formatErrorForLog } from "./kernel/error-log.js";
export {
  type BackingService,
  isOneCodeError,
  OneCodeError,
  type ValidationIssue,
} from "./kernel/errors.js";
export type { TypedEmitter, Unsubscribe } from "./kernel/event-emitter.js";
export { type IdGenerator, sortableIds } from "./kernel/ids.js";
export {
  addMoney,
  allocateMoney,
  DEFAULT_CURRENCY,
  type Money,
  money,
  multiplyMoney,
  reduceMoney,
  subtractMoney,
  sumMoney,
} from "./kernel/money.js";
export type {
  DispatchOptions,
  DispatchResult,
  OutboxErrorListener,
} from "./kernel/outbox/dispatcher.js";
export type { OutboxConfig } from "./kernel/outbox/outbox-config.js";
export type * from "./kernel/outbox/outbox-event.js";
export type {
  OutboxDelivery,
  OutboxHandler,
  OutboxHandlerRegistration,
} from "./kernel/outbox/outbox-handlers.js";
export type { OutboxOptions, ResolvedOutboxOptions } from "./kernel/outbox/outbox-options.js";
export type { OutboxService } from "./kernel/outbox/outbox-service.js";
export type * from "./kernel/outbox/ports.js";
export type { RecordEvents } from "./kernel/outbox/record-events.js";
export type { Page, PageQuery, PageRequest } from "./kernel/pagination.js";
export {
  PAYMENT_EVENT_TYPES,
  type PaymentEventPayload,
} from "./kernel/payments/payment-events.js";
export type {
  PaymentNotificationOutcome,
  PaymentService,
  ReconcileOptions,
  ReconcileResult,
} from "./kernel/payments/payment-service.js";
export type * from "./kernel/payments/ports.js";
export { type PeriodTakeInput, periodTakeStep } from "./kernel/period-gate-step.js";
export {
  holdsCapability,
  listFilterFor,
  requireCapability,
} from "./kernel/permissions/access-check.js";
export type { Capability } from "./kernel/permissions/capabilities.js";
export {
  type AccessTarget,
  type ListFilter,
  listFilterAdmits,
  type RecordScope,
} from "./kernel/permissions/record-scope.js";
export type { RoleScope } from "./kernel/permissions/roles.js";
export { cryptoRandom, type RandomSource, seededRandom } from "./kernel/random.js";
export {
  applyRate,
  type ExchangeRatio,
  exchangeRatio,
  factorRate,
  moneyToUnits,
  percentRate,
  type Rate,
  unitsToMoney,
  zheRate,
} from "./kernel/rates.js";
export {
  checkRoundingMode,
  ROUNDING_MODES,
  type RoundingMode,
  roundMinorUnits,
} from "./kernel/rounding.js";
export {
  type Actor,
  type ConsumerActor,
  type Grant,
  type GrantScope,
  type Role,
  type StaffActor,
  SYSTEM_ACTOR,
  type SystemActor,
  type TenantContext,
  tenantContext,
} from "./kernel/tenant.js";
export type * from "./kernel/timers/ports.js";
export type { TimerRecurrence } from "./kernel/timers/timer-recurrence.js";
export type * from "./kernel/timers/timers.js";
export { type LocalKeyVaultOptions, localKeyVault } from "./memory/local-key-vault.js";
export { type LocalLedgerAnchor, localLedgerAnchor } from "./memory/local-ledger-anchor.js";
export { memoryHotState } from "./memory/memory-hot-state.js";
export { memoryStorage } from "./memory/memory-storage.js";
export type { PaymentScript } from "./memory/payment-script.js";
export { type RecordingCourier, recordingCourier } from "./memory/recording-courier.js";
export { type RecordingNotifier, recordingNotifier } from "./memory/recording-notifier.js";
export {
  type RecordingPaymentGateway,
  recordingPaymentGateway,
} from "./memory/recording-payment.js";
export { type GeoRange, staticGeo } from "./memory/static-geo.js";
export type { BulkSmsResult } from "./notifications/bulk-sms.js";
export type { BulkSmsInput } from "./notifications/bulk-sms-check.js";
export {
  NOTIFICATION_TEMPLATES,
  type NotificationTemplate,
} from "./notifications/event-notifications.js";
export type * from "./notifications/notification-events.js";
export type { NotificationLogFilterInput } from "./notifications/notification-filter-check.js";
export type * from "./notifications/notification-log.js";
export type { NotificationService } from "./notifications/notification-service.js";
export type { NotificationsOptions } from "./notifications/notifications-runtime.js";
export type * from "./notifications/ports.js";
export { DEFAULT_QUIET_HOURS, isInQuietHours } from "./notifications/quiet-hours.js";
export {
  AFTER_SALE_KINDS,
  AFTER_SALE_STATES,
  type AfterSale,
  type AfterSaleKind,
  type AfterSaleParcel,
  type AfterSaleState,
} from "./orders/after-sales/after-sale.js";
export type {
  AfterSaleApplication,
  AfterSaleApproval,
  AfterSaleItemInput,
  AfterSaleParcelInput,
  AfterSaleRejection,
  CheckedAfterSaleApplication,
} from "./orders/after-sales/after-sale-input.js";
export type { AfterSaleListFilter } from "./orders/after-sales/after-sale-list-filter.js";
export type { AfterSaleRefundDue } from "./orders/after-sales/after-sale-refund-handlers.js";
export type {
  AfterSaleDetails,
  AfterSaleService,
} from "./orders/after-sales/after-sale-service.js";
export type { AfterSaleAction } from "./orders/after-sales/after-sale-states.js";
export type * from "./orders/after-sales/ports.js";
export {
  type NewOrderDelivery,
  type NewOrderInput,
  ORDER_INPUT_LIMITS,
} from "./orders/checkout/new-order-input.js";
export {
  listPricing,
  type OrderPricing,
  type PricedLine,
  type PricingLine,
  type PricingRequest,
  type PricingResult,
  type PricingUndo,
} from "./orders/checkout/order-pricing.js";
export {
  type DeliveryMethod,
  type FreightQuoteInput,
  freightFor,
  type PricedFreightTemplate,
} from "./orders/freight/freight-price.js";
export type {
  FreightRegionRule,
  FreightTemplateRules,
  WeightPricing,
} from "./orders/freight/freight-template.js";
export type { FreightTemplateService } from "./orders/freight/freight-template-service.js";
export type * from "./orders/freight/ports.js";
export type { ChangePriceInput, ClosePaidInput } from "./orders/lifecycle/order-lifecycle.js";
export {
  type AdjustmentSource,
  type CancellationRequest,
  LOGISTICS_STATES,
  type LogisticsState,
  ORDER_DELIVERY_METHODS,
  ORDER_STATES,
  type Order,
  type OrderAdjustment,
  type OrderCloseReason,
  type OrderDelivery,
  type OrderDeliveryMethod,
  type OrderLine,
  type OrderRefund,
  type OrderState,
  type OrderStockState,
  type OrderVerification,
  type RefundStatus,
  type Shipment,
} from "./orders/order.js";
export type {
  ClosePaidOutcome,
  OrderService,
  OrderStatistics,
  OrderStatisticsInput,
} from "./orders/order-service-types.js";
export {
  type AlertRecipient,
  DEFAULT_ORDER_SETTINGS,
  type OrderSettings,
} from "./orders/order-settings.js";
export { ORDER_ACTIONS, type OrderAction, orderAllows } from "./orders/order-states.js";
export type { PayOrderInput, PayOrderOutcome } from "./orders/payment/order-payment.js";
export type * from "./orders/ports.js";
export type {
  OrderRefunds,
  RefundOutcome,
  RefundRequestInput,
} from "./orders/refunds/order-refunds.js";
export {
  ORDER_SETTINGS_LIMITS,
  type OrderSettingsPatch,
  type OrderSettingsService,
} from "./orders/settings/order-settings-service.js";
export type * from "./orders/shipping/shipment-service-types.js";
export { ORDER_VIEWS, type OrderQuery, type OrderView } from "./orders/views/order-query.js";
export { ORDER_CSV_COLUMNS } from "./orders/views/orders-csv.js";
export type * from "./ports/courier.js";
export {
  DEFAULT_GATE_RECEIPT_TTL_MS,
  type GateClaimOnceStep,
  type GateFlagStep,
  type GateOutcome,
  type GatePassOptions,
  type GateReceipt,
  type GateRefusal,
  type GateRefusalReason,
  type GateStep,
  type Gates,
  type GateTakeStep,
  MAX_GATE_STEPS,
} from "./ports/gates.js";
export type * from "./ports/geo.js";
export type * from "./ports/hot-state.js";
export { failoverHotState, type HotStateFailoverOptions } from "./ports/hot-state-failover.js";
export type * from "./ports/keys.js";
export type * from "./ports/ledger-anchor.js";
export type * from "./ports/notifier.js";
export type * from "./ports/payment.js";
export type * from "./ports/storage.js";
export {
  ACTIVITY_KINDS,
  ACTIVITY_STATES,
  type Activity,
  type ActivityGift,
  type ActivityKind,
  type ActivityState,
  type ActivityView,
  type StoredActivityTerms,
} from "./promotions/activities/activity.js";
export type { ActivityConflict } from "./promotions/activities/activity-conflict.js";
export type {
  ActivityInput,
  ActivityPatch,
  ActivityTermsInput,
} from "./promotions/activities/activity-input.js";
export {
  COUPON_GIFT_DUE_EVENT,
  type CouponGiftDuePayload,
} from "./promotions/activities/activity-pricing-source.js";
export type {
  ActivityListFilter,
  ActivityService,
} from "./promotions/activities/activity-service.js";
export type * from "./promotions/activities/ports.js";
export type * from "./promotions/coupons/coupon.js";
export type {
  WalletCodeState,
  WalletCoupon,
} from "./promotions/coupons/coupon-consumer.js";
export type { CouponGiftSkip } from "./promotions/coupons/coupon-handlers.js";
export type {
  CheckedCouponInput,
  CheckedCouponTerms,
  CouponDistributionInput,
  CouponInput,
  CouponTermsInput,
  CouponValueInput,
} from "./promotions/coupons/coupon-input.js";
export type { CouponPushPreview, CouponPushResult } from "./promotions/coupons/coupon-push.js";
export type {
  CouponDetail,
  CouponListFilter,
  CouponOptions,
  CouponService,
} from "./promotions/coupons/coupon-service.js";
export type * from "./promotions/coupons/ports.js";
export type { CustomerSegment, CustomerSegments } from "./promotions/customer-segment.js";
export type * from "./promotions/distributors/distributor.js";
export {
  DEFAULT_DISTRIBUTOR_RATE,
  WITHDRAWAL_APPROVED_EVENT,
} from "./promotions/distributors/distributor.js";
export { commissionOn } from "./promotions/distributors/distributor-commissions.js";
export type { DistributorService } from "./promotions/distributors/distributor-service.js";
export type * from "./promotions/distributors/ports.js";
export type {
  FlashSale,
  FlashSaleItem,
  FlashSaleReminder,
  TimedSaleState,
} from "./promotions/flash-sales/flash-sale.js";
export type {
  FlashSaleReminderInput,
  NewFlashSaleInput,
} from "./promotions/flash-sales/flash-sale-input.js";
export type {
  FlashSaleService,
  FlashSaleSoldUnits,
  FlashSaleView,
} from "./promotions/flash-sales/flash-sale-service.js";
export type * from "./promotions/flash-sales/ports.js";
export type { SaleTake } from "./promotions/flash-sales/sale-take.js";
export type * from "./promotions/limited-discounts/limited-discount.js";
export type {
  LimitedDiscountInput,
  LimitedDiscountItemInput,
  LimitedDiscountRecurrenceInput,
} from "./promotions/limited-discounts/limited-discount-input.js";
export { discountedUnitPrice } from "./promotions/limited-discounts/limited-discount-price.js";
export type { LimitedDiscountService } from "./promotions/limited-discounts/limited-discount-service.js";
export type * from "./promotions/limited-discounts/ports.js";
export type {
  CustomerListQuery,
  CustomerRegistration,
  CustomerService,
  CustomerView,
} from "./promotions/members/customers/customer-service.js";
export type {
  MemberLevelInput,
  MemberLevelService,
} from "./promotions/members/levels/level-service.js";
export {
  DEFAULT_MEMBER_SETTINGS,
  type MemberCustomer,
  type MemberLevel,
  type MemberSettings,
  type MemberTag,
  POINTS_ENTRY_KINDS,
  type PointsEntry,
  type PointsEntryKind,
} from "./promotions/members/member-records.js";
export type { MemberSettingsInput } from "./promotions/members/member-settings.js";
export type {
  CheckInResult,
  PointsAccount,
  PointsAdjustment,
  PointsService,
} from "./promotions/members/points/points-service.js";
export type * from "./promotions/members/ports.js";
export type { MemberTagService } from "./promotions/members/tags/tag-service.js";
export type { Presale, PresaleDelivery, PresaleItem } from "./promotions/presales/presale.js";
export type { NewPresaleInput } from "./promotions/presales/presale-input.js";
export type {
  PresaleDeliveryPromise,
  PresaleService,
  PresaleView,
} from "./promotions/presales/presale-service.js";
export { runPricingPipeline } from "./promotions/pricing/pricing-pipeline.js";
// Promotion engine: the pricing pipeline (§4.4), its sources' contract and quotes.
export type * from "./promotions/pricing/pricing-receipt.js";
export type * from "./promotions/pricing/pricing-sources.js";
export {
  type PromotionPricing,
  promotionPricing,
} from "./promotions/pricing/promotion-pricing.js";
export type {
  PricingQuote,
  PromotionsService,
  QuoteLine,
} from "./promotions/pricing/promotions-service.js";
export type { CartQuoteInput } from "./promotions/pricing/quote-input.js";
export {
  DEFAULT_TENANT_SETTINGS,
  type TenantSettings,
  type TenantSettingsChanges,
  type TenantSettingsPatch,
  type TenantSettingsRepositories,
  type TenantSettingsRepository,
  type TenantSettingsService,
} from "./settings/tenant-settings.js";
export type * from "./statistics/ports.js";
export type {
  CodeCounts,
  CodeStatistics,
  CodeStatisticsDimension,
  CodeStatisticsInput,
  CodeStatisticsRow,
  ScanStatistics,
  ScanStatisticsDimension,
  ScanStatisticsInput,
  ScanStatisticsRow,
  StatisticsGranularity,
  StatisticsPeriod,
  StatisticsRange,
  StatisticsRangeInput,
} from "./statistics/statistics.js";
export type { StatisticsService } from "./statistics/statistics-service.js";
export type * from "./trace/batches/ports.js";
export type * from "./trace/batches/trace-batch.js";
export type { CustomField, CustomFieldInput, CustomFieldType } from "./trace/custom-field.js";
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
} from "./trace/distribution/distribution.js";
export type * from "./trace/distribution/ports.js";
export {
  isValidSocialCreditCode,
  socialCreditCheckCharacter,
} from "./trace/distribution/social-credit-code.js";
export type { FlowRule } from "./trace/distribution/stock-flow.js";
export {
  buildDigitalLink,
  type DigitalLink,
  digitalLinkSerial,
  parseDigitalLink,
} from "./trace/gs1/digital-link.js";
export type { CodeDigitalLink, DigitalLinkService } from "./trace/gs1/digital-link-service.js";
export {
  type EpcisJson,
  epcisEventHash,
  epcisPreHash,
  type PresortedList,
} from "./trace/gs1/epcis-event-hash.js";
export { canonicalGs1Uri } from "./trace/gs1/gs1-uri.js";
export type * from "./trace/lifecycle/aggregation.js";
export type {
  CodeLifecycleEntry,
  CodeLifecycleKind,
  CodeStatus,
  LifecycleEntryFilter,
  RecallReason,
  VoidCodesInput,
  VoidCodesResult,
  VoidReason,
} from "./trace/lifecycle/code-lifecycle.js";
export type * from "./trace/lifecycle/ports.js";
export type { CodeLifecycleService } from "./trace/lifecycle/service-types.js";
export type * from "./trace/ports.js";
export type * from "./trace/production/ports.js";
export type * from "./trace/production/production.js";
export type * from "./trace/scans/ports.js";
export {
  type ConsumerScanInput,
  type DistributionStep,
  type DiversionAlert,
  type RecordedScanStats,
  type ScanCodeStatus,
  type ScanProductionTask,
  type ScanRecord,
  type ScanResult,
  type ScanStats,
  type ScanVerdict,
  type SuspicionThreshold,
  UNKNOWN_CLIENT_ADDRESS,
} from "./trace/scans/scan.js";
export type {
  ScanCountAlert,
  ScanCountAlertKind,
  ScanCountAlertSettings,
  ScanCountAlertSettingsInput,
  ScanCountNotice,
  ScanCountThresholds,
} from "./trace/scans/scan-count-alert.js";
export { canonicalJson } from "./trace/seals/canonical-json.js";
export type * from "./trace/seals/ledger.js";
export type * from "./trace/seals/ports.js";
export type { BatchChangeReason, TraceEvents } from "./trace/trace-runtime.js";
export type {
  DistributionService,
  ProductionService,
  ScanService,
  SealService,
  TraceBatchService,
  TraceOptions,
} from "./trace/trace-services.js";
