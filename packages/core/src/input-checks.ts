/*
 * The pure input checks of the use cases: each validates one input the way
 * its use case does before touching storage, and throws `VALIDATION_FAILED`
 * listing every broken rule of every field. Use cases run them themselves;
 * they are exported so a host can check a form before calling, and so the
 * HTTP layer can report core's rules together with its schema's in one
 * answer. Rules that need stored records (does the merchant exist, is the
 * GTIN taken) are the use cases' alone.
 */

export {
  ACCOUNT_LIMIT_PERIODS,
  type CheckedActivityBatch,
  type CheckedCampaign,
  type CheckedCampaignPatch,
  type CheckedCampaignSlot,
  type CheckedPrize,
  checkActivityBatchPatch,
  checkCampaignPatch,
  checkNewActivityBatch,
  checkNewCampaign,
  checkNewPrize,
  checkPrizePatch,
  MAX_ACCOUNT_LIMIT,
  MAX_CASH_AMOUNT,
  MAX_PRIZE_POINTS,
  MAX_PRIZE_STOCK,
} from "./campaigns/campaign-input.js";
export {
  MAX_CDK_KEY_LENGTH,
  MAX_CDK_KEYS,
  type ParsedCdkText,
} from "./campaigns/cdk-import.js";
export { checkClaimInput, checkDrawInput, checkShipmentInput } from "./campaigns/draw-input.js";
export { checkMerchantPatch, checkNewMerchant } from "./catalog/merchant.js";
export { checkNewProduct, checkProductPatch } from "./catalog/product.js";
export {
  type CheckedSku,
  type CheckedSkuConfiguration,
  checkSkuConfiguration,
  checkSkuPatch,
  checkStockCount,
  checkStockPolicy,
} from "./catalog/skus/sku-input.js";
export { checkRulePatch } from "./codes/code-rule-check.js";
export { type CheckedGeneration, checkGenerationInput } from "./codes/generation-input-check.js";
export type { CheckedPackagingKeys, PackagingLevel } from "./codes/packaging-key-check.js";
export {
  type CheckedTransition as CheckedPrintOrderTransition,
  checkNewPrintOrder,
  checkQuoteInput,
  checkTransition as checkPrintOrderTransition,
} from "./codes/print-order-check.js";
export {
  checkAfterSaleApplication,
  checkAfterSaleApproval,
  checkAfterSaleParcel,
  checkAfterSaleRejection,
} from "./orders/after-sales/after-sale-input.js";
export { checkAfterSaleListFilter } from "./orders/after-sales/after-sale-list-filter.js";
export { type CheckedNewOrder, checkNewOrder } from "./orders/checkout/new-order-input.js";
export { checkOrderSettingsPatch } from "./orders/settings/order-settings-service.js";
export {
  checkApplicationInput,
  checkApprovalInput,
  checkDistributorSettingsInput,
  checkReasonInput,
  checkWithdrawalInput,
} from "./promotions/distributors/distributor-input.js";
export {
  type CheckedFlashSale,
  checkNewFlashSale,
  checkReminderInput as checkFlashSaleReminder,
} from "./promotions/flash-sales/flash-sale-input.js";
export {
  type CheckedLimitedDiscountInput,
  checkLimitedDiscountInput,
} from "./promotions/limited-discounts/limited-discount-input.js";
export { checkMemberLevel } from "./promotions/members/levels/level-service.js";
export { checkMemberSettingsPatch } from "./promotions/members/member-settings.js";
export { type CheckedPresale, checkNewPresale } from "./promotions/presales/presale-input.js";
export { type CheckedCartQuote, checkCartQuote } from "./promotions/pricing/quote-input.js";
export {
  checkNewTraceBatch,
  checkTraceBatchPatchFields,
} from "./trace/batches/trace-batch-check.js";
export { checkEnterprisePatch, checkNewEnterprise } from "./trace/distribution/enterprise-check.js";
export { checkNewInspection } from "./trace/distribution/inspection-use-cases.js";
export { checkStaff, checkStaffPatch } from "./trace/distribution/staff-check.js";
export { checkNewStockDocument } from "./trace/distribution/stock-document-check.js";
export { type CheckedVoid, checkVoidInput } from "./trace/lifecycle/void-check.js";
export {
  checkProductionLine,
  checkProductionLinePatch,
  checkProductionTask,
  checkProductionTaskPatch,
} from "./trace/production/production-check.js";
export { type CheckedScan, checkConsumerScan } from "./trace/scans/scan-input-check.js";
export type { ScannedKey } from "./trace/scans/scan-link-check.js";
