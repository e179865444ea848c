import type { CampaignRepositories } from "../campaigns/ports.js";
import type { CatalogRepositories } from "../catalog/ports.js";
import type { SkuRepositories } from "../catalog/skus/ports.js";
import type { CodesRepositories } from "../codes/ports.js";
import type { AuditRepositories } from "../kernel/audit/ports.js";
import type { OutboxRepositories } from "../kernel/outbox/ports.js";
import type { PaymentRepositories } from "../kernel/payments/ports.js";
import type { TimerRepositories } from "../kernel/timers/ports.js";
import type { NotificationRepositories } from "../notifications/ports.js";
import type { FreightRepositories } from "../orders/freight/ports.js";
import type { OrderRepositories } from "../orders/ports.js";
import type { ActivityRepositories } from "../promotions/activities/ports.js";
import type { CouponRepositories } from "../promotions/coupons/ports.js";
import type { DistributorRepositories } from "../promotions/distributors/ports.js";
import type { TimedSaleRepositories } from "../promotions/flash-sales/ports.js";
import type { LimitedDiscountRepositories } from "../promotions/limited-discounts/ports.js";
import type { MemberRepositories } from "../promotions/members/ports.js";
import type { TenantSettingsRepositories } from "../settings/tenant-settings.js";
import type { StatisticsRepositories } from "../statistics/ports.js";
import type { LifecycleRepositories } from "../trace/lifecycle/ports.js";
import type { BatchRepositories, DistributionRepositories } from "../trace/ports.js";

/**
 * Every repository of every module, as one object. Each module declares the
 * repository it needs in its own `ports.ts`; this interface gathers them.
 */
export interface StorageRepositories
  extends AuditRepositories,
    CatalogRepositories,
    CodesRepositories,
    FreightRepositories,
    OrderRepositories,
    BatchRepositories,
    DistributionRepositories,
    LifecycleRepositories,
    NotificationRepositories,
    StatisticsRepositories,
    OutboxRepositories,
    PaymentRepositories,
    SkuRepositories,
    TenantSettingsRepositories,
    TimerRepositories,
    ActivityRepositories,
    MemberRepositories,
    LimitedDiscountRepositories,
    DistributorRepositories,
    CouponRepositories,
    TimedSaleRepositories,
    CampaignRepositories {}

/**
 * The storage port: durable records, scoped by tenant.
 *
 * Guarantees every adapter must give (checked by `runStorageSuite` from
 * `@onecode/core/testing`):
 * - every repository method is atomic on its own;
 * - a record of one tenant is invisible to every other tenant;
 * - {@link Storage.transaction} commits all writes made through its handle or
 *   none of them, and a committed write is never lost.
 *
 * Isolation is at least READ COMMITTED (PostgreSQL's default), not
 * serializable: a use case must never guard a write with an earlier read,
 * even inside a transaction. Every check-then-write that must hold under
 * concurrency is a repository method that the adapter performs atomically
 * (a conditional statement, a constraint), and the suite tests it in parallel.
 */
export interface Storage extends StorageRepositories {
  /**
   * Runs `work` as one unit: it either commits completely (when `work`
   * resolves) or rolls back completely (when it throws; the error is
   * rethrown). Use only the repositories of the handle passed to `work`
   * inside it. Core never holds a transaction open across calls to external
   * ports (payment, courier, notifier).
   */
  transaction<T>(work: (tx: StorageRepositories) => Promise<T>): Promise<T>;
  /** Releases connections the adapter opened itself (not those injected by the host). */
  close(): Promise<void>;
}
