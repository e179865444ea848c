/**
 * `@onecode/adapter-postgres`: OneCode's storage and hot-state ports on
 * PostgreSQL through Kysely and node-postgres. The same adapters run on
 * embedded PGlite via `@onecode/adapter-postgres/pglite`.
 *
 * Start with {@link createPostgresDb}, {@link migrate}, then
 * {@link postgresStorage} and {@link postgresHotState}. Needs PostgreSQL 12
 * or later (exact `double precision` round trips for the rate limiter);
 * tested on PostgreSQL 15 and PGlite. On a pool from
 * {@link createPostgresDb} (or one passed as `postgresStorage({ db, pool })`)
 * generated codes are written with `COPY`, one short transaction per chunk;
 * elsewhere with one multi-row insert per chunk, with the same guarantees.
 *
 * @example
 * ```ts
 * import { createOneCode } from "@onecode/core";
 * import {
 *   createPostgresDb,
 *   migrate,
 *   postgresHotState,
 *   postgresStorage,
 * } from "@onecode/adapter-postgres";
 *
 * const db = createPostgresDb({ connectionString: process.env.DATABASE_URL! });
 * await migrate(db);
 * const onecode = createOneCode({
 *   storage: postgresStorage({ db }),
 *   hotState: postgresHotState({ db }),
 * });
 * // on shutdown: await db.destroy();
 * ```
 *
 * @module @onecode/adapter-postgres
 * @packageDocumentation
 */
export {
  createPostgresDb,
  type PostgresConnectionOptions,
  type ScanPoolOptions,
} from "./connect.js";
export type {
  ActivityBatchesTable,
  ActivityBatchPackagesTable,
  AfterSalesTable,
  AnyKysely,
  AuditLogTable,
  CampaignsTable,
  CodePackagesTable,
  CodeRulesTable,
  CodesTable,
  CodeUploadStagingTable,
  CouponCodesTable,
  CouponSettingsTable,
  CouponsTable,
  CouponUsesTable,
  DistributorCommissionsTable,
  DistributorSettingsTable,
  DistributorsTable,
  DistributorWithdrawalsTable,
  DrawsTable,
  FlashSaleRemindersTable,
  FreightTemplatesTable,
  HotCacheTable,
  HotCountersTable,
  HotGateBatchesTable,
  HotGateReceiptsTable,
  HotGateStateTable,
  HotIdempotencyTable,
  HotLocksTable,
  HotRateLimitsTable,
  Int8,
  Json,
  LimitedDiscountBuyersTable,
  LimitedDiscountItemsTable,
  LimitedDiscountsTable,
  LimitedDiscountTakesTable,
  MemberCustomersTable,
  MemberLevelsTable,
  MemberSettingsTable,
  MemberTagsTable,
  MerchantsTable,
  MigrationsTable,
  NotificationLogTable,
  NullableTimestamp,
  OneCodeDatabase,
  OrderSettingsTable,
  OrdersTable,
  OutboxHandledTable,
  OutboxTable,
  PaymentsTable,
  PointsLedgerTable,
  PrintOrdersTable,
  PrizeCdkKeysTable,
  PrizesTable,
  ProductsTable,
  PromotionActivitiesTable,
  PromotionActivityGiftsTable,
  SaleTakesTable,
  SkuReservationsTable,
  SkuSettingsTable,
  SkusTable,
  SsccCountersTable,
  TenantSettingsTable,
  TextArray,
  TimedSalesTable,
  TimersTable,
  Timestamp,
} from "./database.js";
export { purgeExpiredHotState } from "./hot-state/purge.js";
export { type MigrationResult, migrate } from "./migrate.js";
export { type PostgresHotStateOptions, postgresHotState } from "./postgres-hot-state.js";
export { type PostgresStorageOptions, postgresStorage } from "./postgres-storage.js";
export type { NamedQuery, PostgresPool, PostgresPoolClient } from "./storage/copy-pool.js";
export type { ScanGroupCommitOptions } from "./storage/scan-group-commit.js";
export type {
  AggregationChangesTable,
  CodeHoldingsTable,
  CodeLifecycleEntriesTable,
  CodePackageVersionsTable,
  CodeParentLinksTable,
  DiversionAlertsTable,
  EnterprisesTable,
  GeneratedInt8,
  InspectionReportsTable,
  LedgerEntriesTable,
  LifecycleTables,
  NullableInt8,
  ProductionLinesTable,
  ProductionTasksTable,
  ScanAlertSettingsTable,
  ScanCountAlertsTable,
  ScanStatsTable,
  ScansTable,
  ScanVisitorsTable,
  StaffTable,
  StockDocumentItemsTable,
  StockDocumentsTable,
  TraceBatchesTable,
  TraceBatchPackagesTable,
  TraceTables,
} from "./trace-tables.js";
