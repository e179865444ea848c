import { afterAll, beforeAll, describe } from "vitest";
import type { Storage } from "../../src/ports/storage.js";
import { activityTests } from "./activity-tests.js";
import { afterSaleTests } from "./after-sale-tests.js";
import { aggregationTests } from "./aggregation-tests.js";
import { auditTests } from "./audit-tests.js";
import { batchBindingTests } from "./batch-binding-tests.js";
import { batchIsolationTests } from "./batch-isolation-tests.js";
import { campaignTests } from "./campaign-tests.js";
import { codeChunkTests } from "./code-chunk-tests.js";
import { codeLifecycleTests } from "./code-lifecycle-tests.js";
import { codePackageTests } from "./code-package-tests.js";
import { codeRuleTests } from "./code-rule-tests.js";
import { codeStatisticsTests } from "./code-statistics-tests.js";
import { codeUploadTests } from "./code-upload-tests.js";
import { codesIsolationTests } from "./codes-isolation-tests.js";
import { codesTransactionTests } from "./codes-transaction-tests.js";
import { couponTests } from "./coupon-tests.js";
import { distributionIsolationTests } from "./distribution-isolation-tests.js";
import { distributionTransactionTests } from "./distribution-transaction-tests.js";
import { distributorTests } from "./distributor-tests.js";
import { enterpriseTests } from "./enterprise-tests.js";
import { freightTemplateTests } from "./freight-template-tests.js";
import { gs1PackageTests } from "./gs1-package-tests.js";
import { ledgerTests } from "./ledger-tests.js";
import { limitedDiscountTests } from "./limited-discount-tests.js";
import { memberTests } from "./member-tests.js";
import { merchantTests } from "./merchant-tests.js";
import { notificationLogTests } from "./notification-log-tests.js";
import { orderFilterTests } from "./order-filter-tests.js";
import { orderSettingsTests } from "./order-settings-tests.js";
import { orderStatisticsTests } from "./order-statistics-tests.js";
import { orderTests } from "./order-tests.js";
import { outboxConcurrencyTests } from "./outbox-concurrency-tests.js";
import { outboxTests } from "./outbox-tests.js";
import { paymentTests } from "./payment-tests.js";
import { printOrderTests } from "./print-order-tests.js";
import { productTests } from "./product-tests.js";
import { productionTests } from "./production-tests.js";
import { scanAlertTests } from "./scan-alert-tests.js";
import { scanStatisticsTests } from "./scan-statistics-tests.js";
import { scanTests } from "./scan-tests.js";
import { sealTamperTests } from "./seal-tamper-tests.js";
import { skuTests } from "./sku-tests.js";
import { staffTests } from "./staff-tests.js";
import { stockConditionTests } from "./stock-condition-tests.js";
import { stockTests } from "./stock-tests.js";
import type { StorageSuiteContext, StorageSuiteOptions } from "./suite-context.js";
import { tenantIsolationTests } from "./tenant-isolation-tests.js";
import { tenantSettingsTests } from "./tenant-settings-tests.js";
import { timedSaleTests } from "./timed-sale-tests.js";
import { timerRunnerTests } from "./timer-runner-tests.js";
import { timerTests } from "./timer-tests.js";
import { traceBatchTests } from "./trace-batch-tests.js";
import { transactionTests } from "./transaction-tests.js";

/**
 * The storage conformance suite. Every storage adapter runs it; passing it is
 * what "implements the storage port" means. Tests use fresh tenant ids, so
 * the suite can share a database with other data.
 *
 * @example
 * ```ts
 * // adapter.test.ts
 * import { runStorageSuite } from "@onecode/core/testing";
 * runStorageSuite({
 *   name: "my adapter",
 *   create: async () => myStorage(),
 *   capabilities: {
 *     reopen: async () => myStorage(),
 *     // Raw row edits (SQL UPDATE/DELETE) so the seal tests can prove tamper detection.
 *     tamper: (storage) => myTamperer(storage),
 *   },
 * });
 * ```
 */
export function runStorageSuite(options: StorageSuiteOptions): void {
  const title = `storage conformance: ${options.name}${options.skip ? ` (skipped: ${options.skip})` : ""}`;
  describe.skipIf(Boolean(options.skip))(title, () => {
    let storage: Storage | undefined;
    beforeAll(async () => {
      storage = await options.create();
    });
    afterAll(async () => {
      if (storage) await (options.destroy ? options.destroy(storage) : storage.close());
    });
    const context: StorageSuiteContext = {
      options,
      storage: () => {
        if (!storage) throw new Error("storage suite: create() has not finished");
        return storage;
      },
    };
    merchantTests(context);
    productTests(context);
    transactionTests(context);
    tenantIsolationTests(context);
    codeRuleTests(context);
    codePackageTests(context);
    codeChunkTests(context);
    codeUploadTests(context);
    printOrderTests(context);
    codesTransactionTests(context);
    codesIsolationTests(context);
    gs1PackageTests(context);
    traceBatchTests(context);
    batchBindingTests(context);
    productionTests(context);
    ledgerTests(context);
    batchIsolationTests(context);
    sealTamperTests(context);
    enterpriseTests(context);
    staffTests(context);
    stockTests(context);
    stockConditionTests(context);
    codeLifecycleTests(context);
    aggregationTests(context);
    scanTests(context);
    scanAlertTests(context);
    distributionIsolationTests(context);
    distributionTransactionTests(context);
    scanStatisticsTests(context);
    codeStatisticsTests(context);
    tenantSettingsTests(context);
    freightTemplateTests(context);
    timerTests(context);
    timerRunnerTests(context);
    outboxTests(context);
    outboxConcurrencyTests(context);
    paymentTests(context);
    skuTests(context);
    auditTests(context);
    notificationLogTests(context);
    orderTests(context);
    orderFilterTests(context);
    orderStatisticsTests(context);
    afterSaleTests(context);
    orderSettingsTests(context);
    activityTests(context);
    memberTests(context);
    limitedDiscountTests(context);
    distributorTests(context);
    couponTests(context);
    timedSaleTests(context);
    campaignTests(context);
  });
}
