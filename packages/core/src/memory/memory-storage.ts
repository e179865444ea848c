import type { AuditEntry } from "../kernel/audit/audit-entry.js";
import type { StoredPayment } from "../kernel/payments/ports.js";
import type { StoredAfterSale } from "../orders/after-sales/ports.js";
import type { FreightTemplate } from "../orders/freight/ports.js";
import type { Order } from "../orders/order.js";
import type { OrderSettings } from "../orders/order-settings.js";
import type { Storage, StorageRepositories } from "../ports/storage.js";
import type { TenantSettings } from "../settings/tenant-settings.js";
import { MemoryActivityTables, memoryActivityRepository } from "./memory-activities.js";
import { memoryAfterSaleRepository } from "./memory-after-sales.js";
import { memoryAggregationRepository } from "./memory-aggregation.js";
import { memoryAuditLogRepository } from "./memory-audit-log.js";
import {
  exposeBatchTables,
  MemoryBatchTables,
  memoryBatchRepositories,
} from "./memory-batch-tables.js";
import { MemoryCampaignTables, memoryCampaignRepositories } from "./memory-campaigns.js";
import { MemoryCatalogTables, memoryCatalogRepositories } from "./memory-catalog.js";
import { memoryCodeLifecycleRepository } from "./memory-code-lifecycle.js";
import { MemoryCodesTables, memoryCodesRepositories } from "./memory-codes.js";
import { MemoryCouponTables, memoryCouponRepository } from "./memory-coupons.js";
import { MemoryDistributionTables, memoryDistributionRepositories } from "./memory-distribution.js";
import { MemoryDistributorTables, memoryDistributorRepository } from "./memory-distributors.js";
import { memoryFreightTemplateRepository } from "./memory-freight-templates.js";
import { MemoryLifecycleTables } from "./memory-lifecycle-tables.js";
import {
  MemoryLimitedDiscountTables,
  memoryLimitedDiscountRepository,
} from "./memory-limited-discounts.js";
import { MemoryMemberTables, memoryMemberRepositories } from "./memory-members.js";
import {
  MemoryNotificationLog,
  memoryNotificationLogRepository,
} from "./memory-notification-log.js";
import { memoryOrderRepository, memoryOrderSettingsRepository } from "./memory-orders.js";
import { MemoryOutboxTables, memoryOutboxRepository } from "./memory-outbox.js";
import { memoryPaymentRepository } from "./memory-payments.js";
import { MemorySkuTables, memorySkuRepository } from "./memory-skus.js";
import { memoryStatisticsRepository } from "./memory-statistics.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";
import { memoryTenantSettingsRepository } from "./memory-tenant-settings.js";
import { MemoryTimedSaleTables, memoryTimedSaleRepositories } from "./memory-timed-sales.js";
import { memoryTimerRepository, type StoredTimer } from "./memory-timers.js";
import { SerialQueue } from "./serial-queue.js";
import { serializedRepositories } from "./serialized-repositories.js";

/**
 * The in-memory storage adapter: every port method, no durability. Calls and
 * transactions run one at a time (serializable); a transaction that throws is
 * undone step by step. For tests, demos and embedding where nothing must
 * survive a restart.
 *
 * Inside `transaction(work)`, use only the handle passed to `work`: calling
 * the storage object itself there would wait for the transaction to finish.
 *
 * @example
 * ```ts
 * const onecode = createOneCode({ storage: memoryStorage() });
 * ```
 */
export function memoryStorage(): Storage {
  const catalog = new MemoryCatalogTables();
  const codes = new MemoryCodesTables(catalog.merchants, catalog.products);
  const lifecycle = new MemoryLifecycleTables();
  const batches = new MemoryBatchTables(catalog.products, codes.packages, codes.codes, lifecycle);
  const distribution = new MemoryDistributionTables(lifecycle);
  const tenantSettings = new Map<string, TenantSettings>();
  const timers = new MemoryTable<StoredTimer>();
  const outbox = new MemoryOutboxTables();
  const payments = new Map<string, StoredPayment>();
  const auditLog = new MemoryTable<AuditEntry>();
  const freightTemplates = new MemoryTable<FreightTemplate>();
  const skus = new MemorySkuTables();
  const orders = new MemoryTable<Order>();
  const orderSettings = new Map<string, OrderSettings>();
  const afterSales = new MemoryTable<StoredAfterSale>();
  const notificationLog = new MemoryNotificationLog();
  const activities = new MemoryActivityTables();
  const members = new MemoryMemberTables();
  const limitedDiscounts = new MemoryLimitedDiscountTables();
  const distributors = new MemoryDistributorTables();
  const coupons = new MemoryCouponTables();
  const timedSales = new MemoryTimedSaleTables();
  const campaigns = new MemoryCampaignTables();
  const queue = new SerialQueue();
  const repositoriesFor = (undo: UndoLog | null): StorageRepositories => ({
    ...memoryCatalogRepositories(catalog, undo, codes, batches),
    ...memoryBatchRepositories(batches, undo),
    ...memoryCodesRepositories(codes, undo),
    ...memoryDistributionRepositories(distribution, undo),
    codeLifecycle: memoryCodeLifecycleRepository(lifecycle, undo),
    aggregation: memoryAggregationRepository(lifecycle, distribution.holdings, undo),
    statistics: memoryStatisticsRepository({
      scans: distribution.scans,
      products: catalog.products,
      packages: codes.packages,
      bindings: batches.bindings,
      batches: batches.batches,
    }),
    tenantSettings: memoryTenantSettingsRepository(tenantSettings, undo),
    timers: memoryTimerRepository(timers, undo),
    outbox: memoryOutboxRepository(outbox, undo),
    payments: memoryPaymentRepository(payments, undo),
    skus: memorySkuRepository(skus, undo),
    audit: memoryAuditLogRepository(auditLog, undo),
    freightTemplates: memoryFreightTemplateRepository(freightTemplates, undo),
    orders: memoryOrderRepository(orders, undo),
    orderSettings: memoryOrderSettingsRepository(orderSettings, undo),
    afterSales: memoryAfterSaleRepository(afterSales, undo),
    notificationLog: memoryNotificationLogRepository(notificationLog, undo),
    activities: memoryActivityRepository(activities, undo),
    ...memoryMemberRepositories(members, undo),
    limitedDiscounts: memoryLimitedDiscountRepository(limitedDiscounts, undo),
    distributors: memoryDistributorRepository(distributors, undo),
    coupons: memoryCouponRepository(coupons, undo),
    ...memoryTimedSaleRepositories(timedSales, undo),
    ...memoryCampaignRepositories(campaigns, undo),
  });

  return exposeBatchTables(batches, {
    ...serializedRepositories(repositoriesFor(null), queue),
    transaction<T>(work: (tx: StorageRepositories) => Promise<T>): Promise<T> {
      return queue.run(async () => {
        const undo: UndoLog = [];
        try {
          return await work(repositoriesFor(undo));
        } catch (error) {
          for (const step of undo.reverse()) step();
          throw error;
        }
      });
    },
    async close() {},
  });
}
