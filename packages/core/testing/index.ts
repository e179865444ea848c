/**
 * `@onecode/core/testing`: the conformance suites every adapter runs, and the
 * fixtures they use. Import it from test files only (it needs `vitest`).
 *
 * @module @onecode/core/testing
 * @packageDocumentation
 */
export { auditEntryRecord } from "./audit-fixtures.js";
export {
  type CampaignDrawRaceResult,
  campaignDrawRace,
  campaignRaceViolations,
  type RaceSlot,
} from "./campaign-draw-race.js";
export {
  activityBatchRecord,
  type CampaignPrizeFixture,
  type CampaignSlotFixture,
  campaignPrize,
  campaignRecord,
} from "./campaign-fixtures.js";
export { type Capability, provided, skipNote } from "./capability.js";
export {
  alertRecord,
  countAlertRecord,
  enterpriseRecord,
  inspectionReportRecord,
  scanRecord,
  staffRecord,
  stockDocumentRecord,
  stockItem,
  storedPackage,
} from "./distribution-fixtures.js";
export {
  codePackageRecord,
  codeRows,
  codeRuleRecord,
  freshId,
  freshTenantId,
  ledgerEntryRecord,
  merchantRecord,
  printOrderRecord,
  productionLineRecord,
  productionTaskRecord,
  productRecord,
  sleep,
  traceBatchRecord,
} from "./fixtures.js";
export { type FlashSaleRaceResult, flashSaleRace } from "./flash-sale-race.js";
export { freightTemplateRecord, freightTemplateRules } from "./freight-fixtures.js";
export { runHotStateSuite } from "./hot-state/run-hot-state-suite.js";
export type { HotStateSuiteOptions, HotStateUnderTest } from "./hot-state/suite-context.js";
export { aggregationChangeRecord, lifecycleEntryRecord } from "./lifecycle-fixtures.js";
export { afterSaleRecord, orderLineRecord, orderRecord } from "./order-fixtures.js";
export {
  type PaymentGatewaySuiteOptions,
  runPaymentGatewaySuite,
} from "./payment/run-payment-gateway-suite.js";
export { type ReleasedCodes, releasedCodes } from "./released-codes.js";
export { runningInCi, type ServiceProbe, serviceSkipReason } from "./service-availability.js";
export { memoryStorageTamperer } from "./storage/memory-tamperer.js";
export { runStorageSuite } from "./storage/run-storage-suite.js";
export type { StorageTamperer } from "./storage/storage-tamperer.js";
export type { StorageSuiteOptions } from "./storage/suite-context.js";
