import type { Draw, DrawInsert, Storage, StorageRepositories } from "@onecode/core";
import { SerialQueue, serializedRepositories } from "@onecode/core/adapter-kit";
import type { Kysely } from "kysely";
import { reportUnavailable, unavailableOnConnectionFailure } from "./connection-failures.js";
import { type AnyKysely, type OneCodeDatabase, oneCodeDb } from "./database.js";
import { activityRepository } from "./storage/activity-repository.js";
import { afterSaleRepository } from "./storage/after-sale-repository.js";
import { aggregationRepository } from "./storage/aggregation-repository.js";
import { auditLogRepository } from "./storage/audit-log-repository.js";
import { type BatchedLookups, batchedLookups } from "./storage/batched-lookups.js";
import { campaignRepositories } from "./storage/campaign-repositories.js";
import { codeLifecycleRepository } from "./storage/code-lifecycle-repository.js";
import { codePackageRepository } from "./storage/code-package-repository.js";
import { codeRuleRepository } from "./storage/code-rule-repository.js";
import { codeUploadRepository } from "./storage/code-upload-repository.js";
import { createdPoolOf, guardPool, type PostgresPool } from "./storage/copy-pool.js";
import { couponRepository } from "./storage/coupon-repository.js";
import { distributorRepository } from "./storage/distributor-repository.js";
import { drawInsertBatcher } from "./storage/draw-repository.js";
import { enterpriseRepository } from "./storage/enterprise-repository.js";
import { freightTemplateRepository } from "./storage/freight-template-repository.js";
import { ledgerRepository } from "./storage/ledger-repository.js";
import { limitedDiscountRepository } from "./storage/limited-discount-repository.js";
import { customerReadBatcher, memberRepositories } from "./storage/member-repositories.js";
import { merchantRepository } from "./storage/merchant-repository.js";
import { notificationLogRepository } from "./storage/notification-log-repository.js";
import { orderRepository } from "./storage/order-repository.js";
import { orderSettingsRepository } from "./storage/order-settings-repository.js";
import { outboxRepository } from "./storage/outbox-repository.js";
import { paymentRepository } from "./storage/payment-repository.js";
import { printOrderRepository } from "./storage/print-order-repository.js";
import { productRepository } from "./storage/product-repository.js";
import { productionRepository } from "./storage/production-repository.js";
import type { ReadBatcher } from "./storage/read-batcher.js";
import { scanBatchStore } from "./storage/scan-batch-store.js";
import { ScanGroupCommit, type ScanGroupCommitOptions } from "./storage/scan-group-commit.js";
import {
  type ScanRecorder,
  scanByScanRecorder,
  scanRepository,
} from "./storage/scan-repository.js";
import { scanStatementPoolOf } from "./storage/scan-statement-pool.js";
import { skuRepository } from "./storage/sku-repository.js";
import { staffRepository } from "./storage/staff-repository.js";
import { kyselyRunner, preparedRunner } from "./storage/statement-runner.js";
import { poolScope, type StatementScope, transactionScope } from "./storage/statement-scope.js";
import { statisticsRepository } from "./storage/statistics-repository.js";
import { stockRepository } from "./storage/stock-repository.js";
import { tenantSettingsRepository } from "./storage/tenant-settings-repository.js";
import { timedSaleRepositories } from "./storage/timed-sale-repository.js";
import { timerRepository } from "./storage/timer-repository.js";
import { traceBatchRepository } from "./storage/trace-batch-repository.js";

/** Options of {@link postgresStorage}. */
export interface PostgresStorageOptions {
  /**
   * A Kysely instance over a database that {@link migrate} brought up to
   * date, e.g. from {@link createPostgresDb} or `createPgliteDb`.
   */
  readonly db: AnyKysely;
  /**
   * The node-postgres `Pool` behind `db` (same database and `search_path`),
   * so generated codes are written with `COPY`, the fastest bulk path. Not
   * needed for an instance from {@link createPostgresDb}, whose pool is found
   * automatically. Without a pool (PGlite, or a host's Kysely instance)
   * codes are written with one multi-row `INSERT` per chunk: the same
   * guarantees, somewhat slower. A pool with no `error` listener gets one
   * (a warning line), since node-postgres would otherwise crash the process
   * when an idle connection fails; the connections the adapter checks out
   * get one too while it holds them. No session setting of its connections
   * is changed, and no other pool is opened.
   */
  readonly pool?: PostgresPool;
  /**
   * When `true`, {@link Storage.close} destroys `db` (ending its pool or
   * closing PGlite). Default `false`: an injected instance belongs to the
   * host, which may share it with the hot state or its own queries.
   */
  readonly ownsDb?: boolean;
  /**
   * How concurrent consumer scans share writes (group commit); see
   * {@link ScanGroupCommitOptions}. Each scan's promise still resolves only
   * once the statement holding it committed. `false` writes every scan with
   * a statement of its own.
   */
  readonly scanGroupCommit?: ScanGroupCommitOptions | false;
}

/** What only the pool scope has: the scan path's shared statements. */
interface PoolExtras {
  readonly copyPool?: PostgresPool;
  readonly recordScan?: ScanRecorder;
  readonly lookups?: BatchedLookups;
  readonly drawInserts?: ReadBatcher<Draw, DrawInsert>;
  readonly customerReads?: ReturnType<typeof customerReadBatcher>;
}

/**
 * The repositories on `scope`, each reporting a lost or unreachable database
 * as `SERVICE_UNAVAILABLE` (see {@link reportUnavailable}).
 */
function repositories(scope: StatementScope, extras: PoolExtras = {}): StorageRepositories {
  const { copyPool, recordScan, lookups, drawInserts, customerReads } = extras;
  const repos: StorageRepositories = {
    merchants: merchantRepository(scope),
    products: productRepository(scope),
    codeRules: codeRuleRepository(scope),
    codePackages: codePackageRepository(scope, copyPool, lookups),
    codeUploads: codeUploadRepository(scope),
    printOrders: printOrderRepository(scope),
    traceBatches: traceBatchRepository(scope, lookups),
    production: productionRepository(scope),
    ledger: ledgerRepository(scope),
    enterprises: enterpriseRepository(scope),
    staff: staffRepository(scope),
    stock: stockRepository(scope, lookups),
    scans: scanRepository(scope, recordScan),
    codeLifecycle: codeLifecycleRepository(scope),
    aggregation: aggregationRepository(scope),
    statistics: statisticsRepository(scope),
    tenantSettings: tenantSettingsRepository(scope),
    timers: timerRepository(scope),
    outbox: outboxRepository(scope),
    payments: paymentRepository(scope),
    skus: skuRepository(scope),
    audit: auditLogRepository(scope),
    freightTemplates: freightTemplateRepository(scope),
    notificationLog: notificationLogRepository(scope),
    orders: orderRepository(scope),
    orderSettings: orderSettingsRepository(scope),
    afterSales: afterSaleRepository(scope),
    activities: activityRepository(scope),
    ...memberRepositories(scope, customerReads),
    limitedDiscounts: limitedDiscountRepository(scope),
    distributors: distributorRepository(scope),
    coupons: couponRepository(scope),
    ...timedSaleRepositories(scope),
    ...campaignRepositories(scope, drawInserts),
  };
  return Object.fromEntries(
    Object.entries(repos).map(([name, repository]) => [
      name,
      reportUnavailable(repository, "storage"),
    ]),
  ) as unknown as StorageRepositories;
}

/**
 * The storage port on PostgreSQL (node-postgres) or PGlite, through Kysely.
 *
 * Each repository method is one atomic SQL statement (a follow-up read at
 * most), relying on the schema's primary, foreign and unique keys rather than
 * on locks held in application code. The exception is a chunk of generated
 * codes on a node-postgres pool: one short transaction on one connection that
 * advances the package's progress and streams the rows with `COPY`.
 * `transaction(work)` runs `work` in one database transaction (the server's
 * default isolation, normally READ COMMITTED); repository calls on its handle
 * run one at a time, and outcomes such as `gtin_taken` never abort it. The
 * few operations that need several statements (a stock move, an enterprise
 * move) run in a short transaction of their own, or under a savepoint inside
 * the caller's. Consumer scans recorded concurrently outside a transaction
 * are group-committed: one statement writes many, and each call resolves
 * once that statement committed; a statement whose connection failed is
 * looked up on a new connection and answered from what committed, or
 * written again (scans are idempotent by id), and a database that stays
 * unreachable fails the scans with `SERVICE_UNAVAILABLE`;
 * {@link Storage.close} writes what is still queued. Records come back with timestamps as `toISOString()` strings (UTC,
 * milliseconds).
 *
 * @example
 * ```ts
 * const db = createPostgresDb({ connectionString: process.env.DATABASE_URL! });
 * await migrate(db);
 * const onecode = createOneCode({ storage: postgresStorage({ db }) });
 * ```
 */
export function postgresStorage(options: PostgresStorageOptions): Storage {
  const db: Kysely<OneCodeDatabase> = oneCodeDb(options.db);
  if (options.pool) guardPool(options.pool);
  const copyPool = options.pool ?? createdPoolOf(options.db);
  // Prepared statements only on a scan pool the host asked createPostgresDb for: on any other
  // connection they would stay behind in the host's sessions.
  const scanPool = options.pool ? undefined : scanStatementPoolOf(options.db);
  const run = scanPool ? preparedRunner(scanPool) : kyselyRunner(db);
  const scanStore = scanBatchStore(run);
  const scanGroupCommit =
    options.scanGroupCommit === false
      ? undefined
      : new ScanGroupCommit(scanStore, options.scanGroupCommit);
  const recordScan: ScanRecorder = scanGroupCommit
    ? (entry) => scanGroupCommit.record(entry)
    : scanByScanRecorder(scanStore);
  const lookups = batchedLookups(run);
  const drawInserts = drawInsertBatcher(poolScope(db));
  const customerReads = customerReadBatcher(poolScope(db));
  let closed = false;
  return {
    ...repositories(poolScope(db), { copyPool, recordScan, lookups, drawInserts, customerReads }),
    transaction(work) {
      // BEGIN, COMMIT and ROLLBACK on a lost connection fail here, outside any repository.
      return unavailableOnConnectionFailure("storage", () =>
        db.transaction().execute((tx) => {
          const queue = new SerialQueue();
          // No COPY in here: it needs a connection of its own, outside the caller's transaction.
          return work(serializedRepositories(repositories(transactionScope(tx)), queue));
        }),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await scanGroupCommit?.close();
      if (options.ownsDb) await db.destroy();
    },
  };
}
