import type { ColumnType, Kysely } from "kysely";
import type { LifecycleTables, TraceTables } from "./trace-tables.js";

/**
 * A `bigint` column: node-postgres returns it as a string, PGlite as a
 * `bigint`. Read it through `Number(...)`.
 */
export type Int8 = ColumnType<string | bigint | number, number, number>;

/** Reads an {@link Int8} column value (counts stay far below 2^53). */
export function countFromColumn(value: string | bigint | number): number {
  return Number(value);
}

/** A `timestamptz` column: written as an ISO-8601 string, read as a `Date`. */
export type Timestamp = ColumnType<Date, string, string>;

/** A `text[]` column, kept in order. */
export type TextArray = ColumnType<string[], string[], string[]>;

/** Row of `onecode_merchants`. */
export interface MerchantsTable {
  tenant_id: string;
  id: string;
  name: string;
  remark: string;
  code_source: string;
  url_prefixes: TextArray;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_products`. */
export interface ProductsTable {
  tenant_id: string;
  id: string;
  merchant_id: string;
  name: string;
  images: TextArray;
  specification: string;
  description: string;
  gtin: string | null;
  bound_code_count: ColumnType<string | bigint | number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A nullable `timestamptz` column. */
export type NullableTimestamp = ColumnType<Date | null, string | null, string | null>;

/**
 * A `jsonb` column holding `T`: written as JSON text (cast to `jsonb` in the
 * statement), read back parsed by both drivers.
 */
export type Json<T> = ColumnType<T, string, string>;

/** Row of `onecode_code_rules`. */
export interface CodeRulesTable {
  tenant_id: string;
  id: string;
  merchant_id: string;
  name: string;
  mode: string;
  segments: Json<unknown[]>;
  length: number;
  serials: boolean;
  enabled: boolean;
  sequence_next: ColumnType<string | bigint | number | null, number | null, number | null>;
  sequence_end: ColumnType<string | bigint | number | null, number | null, number | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_code_packages`; the per-level rules are the three `*_rule_id` columns. */
export interface CodePackagesTable {
  tenant_id: string;
  id: string;
  merchant_id: string;
  product_id: string | null;
  source: string;
  code_type: string;
  ratio: Json<Record<string, number> | null> | null;
  associated: boolean;
  item_rule_id: string | null;
  middle_rule_id: string | null;
  outer_rule_id: string | null;
  quantity: number;
  total: number;
  done: number;
  status: string;
  failure_reason: string | null;
  /** Added by migration 0008. */
  failure_code: string | null;
  has_serials: boolean;
  reserved_sequences: Json<Record<string, [number, number]>>;
  file_name: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: NullableTimestamp;
  /** GS1 keys of the packaging levels (migration 0007). */
  packaging_keys: Json<Record<string, unknown>> | null;
  /** `serialTokenOf(id)`, indexed so a scanned AI 21 serial finds its package (migration 0007). */
  serial_token: string;
}

/** Row of `onecode_sscc_counters`: the next SSCC serial reference of a prefix and digit. */
export interface SsccCountersTable {
  tenant_id: string;
  company_prefix: string;
  extension_digit: number;
  next_reference: Int8;
}

/** Row of `onecode_codes`; `level` is 0 item, 1 outer, 2 middle, 3 inner. */
export interface CodesTable {
  serial: number;
  parent_serial: number | null;
  level: number;
  tenant_id: string;
  code: string;
  package_id: string;
  url: string | null;
}

/** Row of `onecode_code_upload_staging`. */
export interface CodeUploadStagingTable {
  tenant_id: string;
  package_id: string;
  line: number;
  code: string;
  url: string;
}

/** Row of `onecode_print_orders`. */
export interface PrintOrdersTable {
  tenant_id: string;
  id: string;
  package_ids: TextArray;
  finish: string;
  recipient: Json<Record<string, string>>;
  quote: Json<Record<string, unknown>>;
  status: string;
  tracking_number: string | null;
  courier: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_hot_counters`; `expires_at` is epoch ms on the adapter clock. */
export interface HotCountersTable {
  tenant_id: string;
  key: string;
  value: Int8;
  expires_at: number;
}

/** Row of `onecode_hot_rate_limits`: one token bucket per key and policy. */
export interface HotRateLimitsTable {
  tenant_id: string;
  key: string;
  policy: string;
  credits: Int8;
  updated_at_ms: Int8;
  expires_at: number;
}

/** Row of `onecode_hot_cache`. */
export interface HotCacheTable {
  tenant_id: string;
  key: string;
  value: string;
  expires_at: number;
}

/** Row of `onecode_hot_locks`. */
export interface HotLocksTable {
  tenant_id: string;
  key: string;
  token: string;
  expires_at: number;
}

/**
 * Row of `onecode_hot_idempotency`; `result` is `null` while in progress.
 * `token` fences the current claim (`null` only on rows older than migration 0012).
 */
export interface HotIdempotencyTable {
  tenant_id: string;
  key: string;
  token: string | null;
  result: string | null;
  expires_at: number;
}

/**
 * Row of `onecode_hot_gate_state`: a gate counter, once-key (`claim`) or flag
 * of a scope; `expires_at` `-Infinity` marks a once-key an undo freed.
 */
export interface HotGateStateTable {
  tenant_id: string;
  scope: string;
  kind: "claim" | "counter" | "flag";
  key: string;
  value: Int8;
  expires_at: number;
}

/** Row of `onecode_hot_gate_receipts`: what undoing a passed gate gives back. */
export interface HotGateReceiptsTable {
  tenant_id: string;
  scope: string;
  id: string;
  /** JSON: `{"takes": {key: amount}, "claims": [key]}`. */
  body: string;
  expires_at: number;
}

/** Row of `onecode_hot_gate_batches`: a batch the gate writer sent, with its outcomes. */
export interface HotGateBatchesTable {
  id: string;
  passed: boolean[] | null;
  refused_step: number[] | null;
  refused_value: string[] | null;
  step_values: string[] | null;
  expires_at: number;
}

/** Row of `onecode_migrations`, written by {@link migrate}. */
export interface MigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: ColumnType<Date, string | undefined, never>;
}

/** Row of `onecode_tenant_settings` (migration 0011). */
export interface TenantSettingsTable {
  tenant_id: string;
  time_zone: string;
  currency: string;
  updated_at: Timestamp;
}

/** Row of `onecode_timers` (migration 0014). */
export interface TimersTable {
  tenant_id: string;
  id: string;
  kind: string;
  key: string;
  payload: Json<Record<string, unknown>>;
  status: string;
  due_at: Timestamp;
  attempts: number;
  last_error: string | null;
  claim_token: string | null;
  lease_until: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_outbox` (migration 0013). */
export interface OutboxTable {
  position: ColumnType<string | bigint | number, never, never>;
  id: string;
  tenant_id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Json<unknown>;
  occurred_at: Timestamp;
  attempts: number;
  state: string;
  last_error: string | null;
  next_attempt_at: Timestamp;
  settled_at: Timestamp | null;
  locked_until: Timestamp | null;
  claim_token: string | null;
}

/** Row of `onecode_outbox_handled` (migration 0013): the inbox marks. */
export interface OutboxHandledTable {
  tenant_id: string;
  event_id: string;
  handler_name: string;
  handled_at: Timestamp;
}

/** Row of `onecode_freight_templates` (migration 0019). */
export interface FreightTemplatesTable {
  tenant_id: string;
  id: string;
  name: string;
  courier: string;
  currency: string;
  pricing: Json<Record<string, number>>;
  region_rules: Json<unknown[]>;
  undelivered_regions: Json<string[]>;
  self_pickup: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_payments` (migration 0017). */
export interface PaymentsTable {
  tenant_id: string;
  id: string;
  kind: string;
  status: string;
  amount: Int8;
  currency: string;
  failure_code: string | null;
  idempotency_key: string;
  related_id: string | null;
  subject_type: string;
  subject_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_sku_settings` (migration 0018). */
export interface SkuSettingsTable {
  tenant_id: string;
  product_id: string;
  policy: string;
  dimensions: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
}

/** Row of `onecode_limited_discounts` (migration 0026). */
export interface LimitedDiscountsTable {
  tenant_id: string;
  id: string;
  name: string;
  kind: string;
  rounding: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  recurrence: ColumnType<unknown, string | null, string | null>;
  limit_mode: string | null;
  limit_quantity: ColumnType<string | bigint | number | null, number | null, number | null>;
  state: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_limited_discount_items` (migration 0026); `sold` stays within 0..`stock`. */
export interface LimitedDiscountItemsTable {
  tenant_id: string;
  discount_id: string;
  sku_id: string;
  position: number;
  product_id: string;
  rate: string | null;
  amount: ColumnType<string | bigint | number | null, number | null, number | null>;
  stock: Int8;
  sold: Int8;
}

/** Row of `onecode_limited_discount_takes` (migration 0026). */
export interface LimitedDiscountTakesTable {
  tenant_id: string;
  order_id: string;
  discount_id: string;
  customer_id: string;
  lines: ColumnType<unknown, string, string>;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_limited_discount_buyers` (migration 0026). */
export interface LimitedDiscountBuyersTable {
  tenant_id: string;
  discount_id: string;
  customer_id: string;
  sku_id: string;
  units: Int8;
}

/** Row of `onecode_distributor_settings` (migration 0027). */
export interface DistributorSettingsTable {
  tenant_id: string;
  default_rate: string;
  updated_at: ColumnType<Date | null, string | null, string | null>;
}

/** Row of `onecode_distributors` (migration 0027). */
export interface DistributorsTable {
  tenant_id: string;
  id: string;
  customer_id: string;
  code: string;
  status: string;
  rate: string | null;
  phone: string | null;
  note: string | null;
  earned: Int8;
  withdrawing: Int8;
  withdrawn: Int8;
  applied_at: Timestamp;
  decided_at: ColumnType<Date | null, string | null, string | null>;
  decided_by: string | null;
  updated_at: Timestamp;
}

/** Row of `onecode_distributor_commissions` (migration 0027); id is the order id. */
export interface DistributorCommissionsTable {
  tenant_id: string;
  id: string;
  distributor_id: string;
  buyer_id: string;
  rate: string;
  base: Int8;
  status: string;
  amount: Int8;
  reversed: Int8;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_distributor_withdrawals` (migration 0027). */
export interface DistributorWithdrawalsTable {
  tenant_id: string;
  id: string;
  distributor_id: string;
  customer_id: string;
  amount: Int8;
  status: string;
  reason: string | null;
  payment_id: string | null;
  failure_code: string | null;
  requested_at: Timestamp;
  decided_at: ColumnType<Date | null, string | null, string | null>;
  decided_by: string | null;
  updated_at: Timestamp;
}

/** Row of `onecode_prizes` (migration 0028); `allocated` stays within `0..total_stock`. */
export interface PrizesTable {
  tenant_id: string;
  id: string;
  name: string;
  description: string;
  cover_image: string | null;
  detail_image: string | null;
  kind: "cdk" | "physical" | "cash_red_packet" | "points" | "coupon";
  total_stock: number;
  allocated: number;
  redirect_url: string | null;
  cash_amount: ColumnType<string | bigint | number | null, number | null, number | null>;
  points: ColumnType<string | bigint | number | null, number | null, number | null>;
  coupon_id: string | null;
  purchase: ColumnType<unknown, string | null, string | null>;
  funds_hold_id: string | null;
  funds_status: "frozen" | "pending" | "failed" | null;
  funds_frozen: ColumnType<string | bigint | number | null, number | null, number | null>;
  funds_settled: ColumnType<string | bigint | number | null, number | null, number | null>;
  funds_released: ColumnType<string | bigint | number | null, number | null, number | null>;
  cdk_handed_out: number;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_prize_cdk_keys` (migration 0028): a CDK key, `line` its 1-based import order. */
export interface PrizeCdkKeysTable {
  tenant_id: string;
  prize_id: string;
  line: number;
  key: string;
  draw_id: string | null;
}

/** Row of `onecode_campaigns` (migration 0028); changes are compare-and-set on `version`. */
export interface CampaignsTable {
  tenant_id: string;
  id: string;
  template: "wheel" | "scratch" | "lucky_draw";
  title: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  rules: string;
  top_image: string | null;
  slots: ColumnType<unknown, string, string>;
  status: "draft" | "online" | "frozen" | "offline";
  published_at: NullableTimestamp;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_activity_batches` (migration 0028); `batch_number` is unique per tenant. */
export interface ActivityBatchesTable {
  tenant_id: string;
  id: string;
  batch_number: string;
  campaign_id: string;
  merchant_id: string;
  product_id: string;
  remark: string;
  status: "inactive" | "active" | "frozen";
  package_ids: string[];
  code_count: Int8;
  activated_at: NullableTimestamp;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_activity_batch_packages` (migration 0028): the batch a package is bound to. */
export interface ActivityBatchPackagesTable {
  tenant_id: string;
  package_id: string;
  batch_id: string;
}

/** Row of `onecode_draws` (migration 0028): one per code played, ever. */
export interface DrawsTable {
  tenant_id: string;
  id: string;
  campaign_id: string;
  activity_batch_id: string;
  code: string;
  account_id: string;
  slot: number | null;
  prize_id: string | null;
  prize_kind: "cdk" | "physical" | "cash_red_packet" | "points" | "coupon" | null;
  prize_name: string | null;
  no_prize_reason: "no_prize" | "stock_exhausted" | "account_limit" | null;
  prize_state: "won" | "claimed" | "expired" | null;
  receipt: ColumnType<unknown, string, string>;
  drawn_at: Timestamp;
  claimed_at: NullableTimestamp;
  claim_by: NullableTimestamp;
  cdk_key: string | null;
  recipient: ColumnType<unknown, string | null, string | null>;
  shipping: ColumnType<unknown, string | null, string | null>;
  payout_status: "none" | "pending" | "done" | "failed";
  paid_amount: Int8;
  returned_amount: Int8;
}

/** Row of `onecode_skus` (migration 0018); `stock` never goes below zero. */
export interface SkusTable {
  tenant_id: string;
  id: string;
  product_id: string;
  code: string;
  spec: ColumnType<unknown, string, string>;
  price: Int8;
  currency: string;
  stock: Int8;
  weight_grams: Int8;
  low_stock_threshold: ColumnType<string | bigint | number | null, number | null, number | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_sku_reservations` (migration 0018). */
export interface SkuReservationsTable {
  tenant_id: string;
  id: string;
  status: string;
  lines: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_audit_log` (migration 0015); append-only. */
export interface AuditLogTable {
  tenant_id: string;
  id: string;
  actor_kind: "staff" | "system" | "consumer";
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  at: Timestamp;
  changes: ColumnType<unknown, string, never>;
}

/** Row of `onecode_coupons` (migration 0023). */
export interface CouponsTable {
  tenant_id: string;
  id: string;
  kind: string;
  name: string;
  status: string;
  value: ColumnType<unknown, string, string>;
  threshold: Int8;
  valid_from: Timestamp;
  valid_until: Timestamp;
  scope: ColumnType<unknown, string, string>;
  per_customer_limit: number;
  code_prefix: string | null;
  code: string | null;
  use_limit: ColumnType<string | bigint | number | null, number | null, number | null>;
  use_count: ColumnType<string | bigint | number, number | undefined, number>;
  claim_token: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: NullableTimestamp;
  abandoned_at: NullableTimestamp;
}

/** Row of `onecode_coupon_codes` (migration 0023). */
export interface CouponCodesTable {
  tenant_id: string;
  id: string;
  coupon_id: string;
  code: string;
  state: string;
  holder_id: string | null;
  via: string | null;
  grant_key: string | null;
  held_at: NullableTimestamp;
  order_id: string | null;
  used_at: NullableTimestamp;
}

/** Row of `onecode_coupon_uses` (migration 0023): one reusable code's use by an order. */
export interface CouponUsesTable {
  tenant_id: string;
  coupon_id: string;
  order_id: string;
  customer_id: string;
  at: Timestamp;
}

/** Row of `onecode_coupon_settings` (migration 0023). */
export interface CouponSettingsTable {
  tenant_id: string;
  signup_coupon_id: string | null;
  updated_at: Timestamp;
}

/** Row of `onecode_timed_sales` (migration 0024): a flash sale or a presale. */
export interface TimedSalesTable {
  tenant_id: string;
  id: string;
  kind: "flash_sale" | "presale";
  name: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  sku_ids: string[];
  items: ColumnType<unknown, string, string>;
  terms: ColumnType<unknown, string, string>;
  stopped_at: NullableTimestamp;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_sale_takes` (migration 0024): an order's gate take of a sale. */
export interface SaleTakesTable {
  tenant_id: string;
  order_id: string;
  kind: "flash_sale" | "presale";
  sale_id: string;
  customer_id: string;
  items: ColumnType<unknown, string, string>;
  receipt: ColumnType<unknown, string, string>;
  terms: ColumnType<unknown, string, string>;
  returned_at: NullableTimestamp;
  created_at: Timestamp;
}

/** Row of `onecode_flash_sale_reminders` (migration 0024). */
export interface FlashSaleRemindersTable {
  tenant_id: string;
  sale_id: string;
  customer_id: string;
  phone: string;
  created_at: Timestamp;
}

/** Row of `onecode_notification_log` (migration 0021); recipients are masked. */
export interface NotificationLogTable {
  tenant_id: string;
  id: string;
  channel: "sms" | "email" | "webhook";
  template: string;
  recipient: string;
  idempotency_key: string;
  outcome: "sent" | "rejected" | "suppressed_quiet_hours";
  reason: string | null;
  provider_id: string | null;
  trigger: string;
  trigger_id: string;
  at: Timestamp;
}

/** Row of `onecode_orders` (migration 0020); every change is compare-and-set on `version`. */
export interface OrdersTable {
  tenant_id: string;
  id: string;
  number: string;
  version: number;
  state: string;
  logistics_state: string;
  customer_id: string;
  owner_id: string | null;
  channel: string;
  delivery_method: string;
  store_id: string | null;
  /** A `date`: the repository reads it as `YYYY-MM-DD` text through `to_char`. */
  ship_on: ColumnType<string | null, string | null, string | null>;
  address: ColumnType<unknown, string, string>;
  lines: ColumnType<unknown, string, string>;
  product_ids: TextArray;
  sku_ids: TextArray;
  stock: string;
  currency: string;
  goods_total: Int8;
  adjustments: ColumnType<unknown, string, string>;
  shipping: Int8;
  total: Int8;
  price_version: number;
  charge_id: string | null;
  refunds: ColumnType<unknown, string, string>;
  refunded_total: Int8;
  last_refunded_at: NullableTimestamp;
  cancellation_request: ColumnType<unknown, string | null, string | null>;
  /** Generated from `cancellation_request`. */
  cancellation_requested: ColumnType<boolean, never, never>;
  verification_code: string | null;
  verified_at: NullableTimestamp;
  verified_by: string | null;
  shipments: ColumnType<unknown, string, string>;
  close_reason: string | null;
  buyer_note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  paid_at: NullableTimestamp;
  shipped_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  closed_at: NullableTimestamp;
}

/** Row of `onecode_order_settings` (migration 0020): one per tenant that saved its settings. */
export interface OrderSettingsTable {
  tenant_id: string;
  close_unpaid_after_minutes: number;
  complete_shipped_after_days: number;
  sender: ColumnType<unknown, string | null, string | null>;
  freight_template_id: string | null;
  alert_recipients: ColumnType<unknown, string, string>;
  updated_at: NullableTimestamp;
}

/** Row of `onecode_after_sales` (migration 0020); every change is compare-and-set on `version`. */
export interface AfterSalesTable {
  tenant_id: string;
  id: string;
  order_id: string;
  customer_id: string;
  kind: string;
  state: string;
  version: number;
  items: ColumnType<unknown, string, string>;
  refund_amount: Int8;
  currency: string;
  reason: string;
  description: string | null;
  evidence: ColumnType<unknown, string, string>;
  goods_received: boolean;
  return_address: ColumnType<unknown, string | null, string | null>;
  return_parcel: ColumnType<unknown, string | null, string | null>;
  reshipment: ColumnType<unknown, string | null, string | null>;
  refund_id: string | null;
  rejection_reason: string | null;
  decided_by: string | null;
  store_id: string | null;
  owner_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: NullableTimestamp;
}

/**
 * The tables OneCode's migrations create, for a typed Kysely instance. Every
 * table name starts with `onecode_`, so the adapter can share a schema with
 * the host's own tables.
 */
export interface OneCodeDatabase extends TraceTables, LifecycleTables {
  onecode_merchants: MerchantsTable;
  onecode_products: ProductsTable;
  onecode_code_rules: CodeRulesTable;
  onecode_code_packages: CodePackagesTable;
  onecode_sscc_counters: SsccCountersTable;
  onecode_codes: CodesTable;
  onecode_code_upload_staging: CodeUploadStagingTable;
  onecode_print_orders: PrintOrdersTable;
  onecode_hot_counters: HotCountersTable;
  onecode_hot_rate_limits: HotRateLimitsTable;
  onecode_hot_cache: HotCacheTable;
  onecode_hot_locks: HotLocksTable;
  onecode_hot_idempotency: HotIdempotencyTable;
  onecode_hot_gate_state: HotGateStateTable;
  onecode_hot_gate_receipts: HotGateReceiptsTable;
  onecode_hot_gate_batches: HotGateBatchesTable;
  onecode_migrations: MigrationsTable;
  onecode_tenant_settings: TenantSettingsTable;
  onecode_timers: TimersTable;
  onecode_outbox: OutboxTable;
  onecode_outbox_handled: OutboxHandledTable;
  onecode_payments: PaymentsTable;
  onecode_freight_templates: FreightTemplatesTable;
  onecode_audit_log: AuditLogTable;
  onecode_notification_log: NotificationLogTable;
  onecode_coupons: CouponsTable;
  onecode_coupon_codes: CouponCodesTable;
  onecode_coupon_uses: CouponUsesTable;
  onecode_coupon_settings: CouponSettingsTable;
  onecode_sku_settings: SkuSettingsTable;
  onecode_skus: SkusTable;
  onecode_sku_reservations: SkuReservationsTable;
  onecode_orders: OrdersTable;
  onecode_order_settings: OrderSettingsTable;
  onecode_after_sales: AfterSalesTable;
  onecode_promotion_activities: PromotionActivitiesTable;
  onecode_promotion_activity_gifts: PromotionActivityGiftsTable;
  onecode_member_customers: MemberCustomersTable;
  onecode_points_ledger: PointsLedgerTable;
  onecode_member_levels: MemberLevelsTable;
  onecode_member_tags: MemberTagsTable;
  onecode_member_settings: MemberSettingsTable;
  onecode_limited_discounts: LimitedDiscountsTable;
  onecode_limited_discount_items: LimitedDiscountItemsTable;
  onecode_limited_discount_takes: LimitedDiscountTakesTable;
  onecode_limited_discount_buyers: LimitedDiscountBuyersTable;
  onecode_distributor_settings: DistributorSettingsTable;
  onecode_distributors: DistributorsTable;
  onecode_distributor_commissions: DistributorCommissionsTable;
  onecode_distributor_withdrawals: DistributorWithdrawalsTable;
  onecode_timed_sales: TimedSalesTable;
  onecode_sale_takes: SaleTakesTable;
  onecode_flash_sale_reminders: FlashSaleRemindersTable;
  onecode_prizes: PrizesTable;
  onecode_prize_cdk_keys: PrizeCdkKeysTable;
  onecode_campaigns: CampaignsTable;
  onecode_activity_batches: ActivityBatchesTable;
  onecode_activity_batch_packages: ActivityBatchPackagesTable;
  onecode_draws: DrawsTable;
}

/** Row of `onecode_promotion_activities` (migration 0022); changes are compare-and-set on `version`. */
export interface PromotionActivitiesTable {
  tenant_id: string;
  id: string;
  name: string;
  kind: "spend_save" | "spend_discount" | "free_shipping" | "gift_coupon";
  terms: Json<Record<string, unknown>>;
  scope: Json<Record<string, unknown>>;
  audience: Json<Record<string, unknown>>;
  starts_at: Timestamp;
  ends_at: NullableTimestamp;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_member_customers` (migration 0025); `points_balance` changes only with a ledger row. */
export interface MemberCustomersTable {
  tenant_id: string;
  id: string;
  referrer_id: string | null;
  registered_at: Timestamp;
  last_seen_at: Timestamp;
  blacklisted: boolean;
  blacklist_reason: string | null;
  experience: Int8;
  points_balance: Int8;
  points_earned: Int8;
  orders_count: Int8;
  total_spent: Int8;
  last_order_at: NullableTimestamp;
  tag_ids: TextArray;
  last_check_in_on: string | null;
  check_in_streak: number;
  version: number;
  updated_at: Timestamp;
}

/** Row of `onecode_points_ledger` (migration 0025); append-only, one row per key. */
export interface PointsLedgerTable {
  tenant_id: string;
  id: string;
  customer_id: string;
  kind: string;
  delta: Int8;
  balance_after: Int8;
  key: string;
  order_id: string | null;
  year: number;
  note: string | null;
  actor_kind: string;
  actor_id: string;
  created_at: Timestamp;
}

/** Row of `onecode_member_levels` (migration 0025). */
export interface MemberLevelsTable {
  tenant_id: string;
  id: string;
  name: string;
  threshold: Int8;
  discount: string | null;
  icon: string | null;
  is_default: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_promotion_activity_gifts` (migration 0022): a gift coupon an order earned. */
export interface PromotionActivityGiftsTable {
  tenant_id: string;
  order_id: string;
  activity_id: string;
  coupon_id: string;
  customer_id: string;
  created_at: Timestamp;
}

/** Row of `onecode_member_tags` (migration 0025); names unique per tenant. */
export interface MemberTagsTable {
  tenant_id: string;
  id: string;
  name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of `onecode_member_settings` (migration 0025): one per tenant that saved its settings. */
export interface MemberSettingsTable {
  tenant_id: string;
  settings: ColumnType<unknown, string, string>;
  updated_at: NullableTimestamp;
}

/**
 * Any Kysely instance, whatever tables its type declares. The adapter only
 * touches its own `onecode_*` tables, so hosts can pass the instance they
 * already use for their own schema.
 */
// biome-ignore lint/suspicious/noExplicitAny: a host's Kysely<HostTables> must be accepted as is
export type AnyKysely = Kysely<any>;

/** Views a host's Kysely instance as one over OneCode's tables. */
export function oneCodeDb(db: AnyKysely): Kysely<OneCodeDatabase> {
  return db as Kysely<OneCodeDatabase>;
}
