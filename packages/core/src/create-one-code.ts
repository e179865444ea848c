import { type BoundOneCode, bindContext, type OneCodeServices } from "./bound-context.js";
import type {
  ActivityBatchService,
  CampaignService,
  DrawService,
  PrizeService,
} from "./campaigns/campaign-services.js";
import { campaignsModule } from "./campaigns/campaigns-module.js";
import { type MerchantService, merchantService } from "./catalog/merchant-service.js";
import { type ProductService, productService } from "./catalog/product-service.js";
import { type SkuService, skuService } from "./catalog/skus/sku-service.js";
import { codePackageService } from "./codes/code-package-service.js";
import { codeRuleService } from "./codes/code-rule-service.js";
import type { CodePackageService, CodeRuleService } from "./codes/code-services.js";
import { resolveCodesOptions } from "./codes/codes-options.js";
import type { CodesEvents, CodesRuntime } from "./codes/codes-runtime.js";
import { JobLifecycle } from "./codes/job-lifecycle.js";
import { printOrderService } from "./codes/print-order-service.js";
import type { PrintOrderService } from "./codes/print-order-service-types.js";
import { type CorePorts, type OneCodeConfig, resolvePorts } from "./core-ports.js";
import { type AuditService, auditService } from "./kernel/audit/audit-service.js";
import { auditRecorder } from "./kernel/audit/record-audit.js";
import { TypedEmitter } from "./kernel/event-emitter.js";
import { outboxRuntime } from "./kernel/outbox/outbox-config.js";
import { type OutboxService, outboxService } from "./kernel/outbox/outbox-service.js";
import { eventRecorder } from "./kernel/outbox/record-events.js";
import { paymentDecisionEvents } from "./kernel/payments/payment-events.js";
import type { PaymentService } from "./kernel/payments/payment-service.js";
import { paymentsKernel } from "./kernel/payments/payment-use-cases.js";
import type { TenantContext } from "./kernel/tenant.js";
import { timersService } from "./kernel/timers/timer-service.js";
import type { TimersService } from "./kernel/timers/timers.js";
import { notificationHandlers } from "./notifications/event-notifications.js";
import {
  type NotificationService,
  notificationService,
} from "./notifications/notification-service.js";
import type { NotificationsRuntime } from "./notifications/notifications-runtime.js";
import { resolveQuietHours } from "./notifications/notifications-runtime.js";
import { afterSaleOutboxHandlers } from "./orders/after-sales/after-sale-refund-handlers.js";
import {
  type AfterSaleService,
  afterSaleService,
} from "./orders/after-sales/after-sale-service.js";
import {
  type FreightTemplateService,
  freightTemplateService,
} from "./orders/freight/freight-template-service.js";
import { orderService } from "./orders/order-service.js";
import type { OrderService } from "./orders/order-service-types.js";
import { ordersRuntime } from "./orders/orders-runtime.js";
import type { OrderRefunds } from "./orders/refunds/order-refunds.js";
import {
  type OrderSettingsService,
  orderSettingsService,
} from "./orders/settings/order-settings-service.js";
import { shipmentService } from "./orders/shipping/shipment-service.js";
import type { ShipmentService } from "./orders/shipping/shipment-service-types.js";
import type { ActivityService } from "./promotions/activities/activity-service.js";
import type { CouponService } from "./promotions/coupons/coupon-service.js";
import type { DistributorService } from "./promotions/distributors/distributor-service.js";
import type { FlashSaleService } from "./promotions/flash-sales/flash-sale-service.js";
import type { LimitedDiscountService } from "./promotions/limited-discounts/limited-discount-service.js";
import type { CustomerService } from "./promotions/members/customers/customer-service.js";
import type { MemberLevelService } from "./promotions/members/levels/level-service.js";
import type { PointsService } from "./promotions/members/points/points-service.js";
import type { MemberTagService } from "./promotions/members/tags/tag-service.js";
import type { PresaleService } from "./promotions/presales/presale-service.js";
import type { PricingSource } from "./promotions/pricing/pricing-sources.js";
import { promotionPricing } from "./promotions/pricing/promotion-pricing.js";
import type { PromotionsService } from "./promotions/pricing/promotions-service.js";
import { promotionsModule } from "./promotions/promotions-module.js";
import type { TenantSettingsService } from "./settings/tenant-settings.js";
import { tenantSettingsReader, tenantSettingsService } from "./settings/tenant-settings-service.js";
import { type StatisticsService, statisticsService } from "./statistics/statistics-service.js";
import { traceBatchService } from "./trace/batches/trace-batch-service.js";
import { distributionService } from "./trace/distribution/distribution-service.js";
import { type DigitalLinkService, digitalLinkService } from "./trace/gs1/digital-link-service.js";
import { epcisExporter } from "./trace/gs1/epcis-export.js";
import { digitalLinkPrinter } from "./trace/gs1/package-naming.js";
import { codeLifecycleService } from "./trace/lifecycle/code-lifecycle-service.js";
import type { CodeLifecycleService } from "./trace/lifecycle/service-types.js";
import { productionService } from "./trace/production/production-service.js";
import { scanService } from "./trace/scans/scan-service.js";
import { ledgerAnchoringHandler } from "./trace/seals/ledger-anchoring.js";
import { sealService } from "./trace/seals/seal-service.js";
import { invalidateProductBatches, traceRuntime } from "./trace/trace-runtime.js";
import type {
  DistributionService,
  ProductionService,
  ScanService,
  SealService,
  TraceBatchService,
} from "./trace/trace-services.js";

/** The OneCode SDK: one object per deployment, grouping the use cases by module. */
export interface OneCode {
  /** Merchants (商户) and their code sources. */
  readonly merchants: MerchantService;
  /** Products (商品) of merchants. */
  readonly products: ProductService;
  /**
   * SKUs (规格) of products: spec dimensions and their combinations, each
   * with its own code, price, weight and stock; the product's stock policy;
   * staff stock counts and low-stock alerts (`sku.stock_low` events).
   */
  readonly skus: SkuService;
  /** Code rules (码规则) of platform merchants. */
  readonly codeRules: CodeRuleService;
  /** Code packages (码包): generation jobs, uploads, progress, listing and CSV export. */
  readonly codePackages: CodePackageService;
  /** Print orders (印码订单) of packages with serial numbers. */
  readonly printOrders: PrintOrderService;
  /** Trace batches (溯源批次): fields, states, bound code packages, scan-page template. */
  readonly traceBatches: TraceBatchService;
  /** Production lines and tasks (生产溯源). */
  readonly production: ProductionService;
  /** Sealing (上链): the hash-chained ledger of batches and production tasks, and its verification. */
  readonly seals: SealService;
  /** Distribution (销售溯源): enterprises, staff, stock documents, code location and inspections. */
  readonly distribution: DistributionService;
  /** Consumer scans (扫码): the public scan, scan records and diversion alerts. */
  readonly scans: ScanService;
  /** GS1 Digital Links of codes: the printed link and the EPCIS name of a code. */
  readonly digitalLinks: DigitalLinkService;
  /** Per-code lifecycle: void and recall (作废 / 召回), destruction records, unpack and re-pack (拆箱 / 换箱). */
  readonly codeLifecycle: CodeLifecycleService;
  /**
   * Statistics for dashboards (扫码统计, 码量统计): scans per period, region,
   * product, batch and verdict; codes generated, uploaded, bound and
   * activated per period and merchant. Computed by storage.
   */
  readonly statistics: StatisticsService;
  /**
   * Freight templates (运费模板): weight pricing, region rules, regions not
   * delivered to and self pickup; `quote` prices a parcel under one.
   */
  readonly freightTemplates: FreightTemplateService;
  /**
   * Orders (订单): checkout with stock reservation, payment through the
   * payment port, cancellation and timeouts, price changes, closing,
   * refunds, views, CSV export and statistics.
   */
  readonly orders: OrderService;
  /** Order settings (订单设置): payment timeout, auto-complete, e-waybill sender, checkout freight, alerts. */
  readonly orderSettings: OrderSettingsService;
  /**
   * Shipping and handing over orders (订单发货, 到店核销): shipments split by
   * line, e-waybills, bulk shipping from CSV, pickup verification, receipt
   * confirmation, automatic completion and tracking.
   */
  readonly shipments: ShipmentService;
  /**
   * After-sales requests (售后): refund only, return and refund, exchange,
   * each moved along its own state machine from the buyer's application to
   * the refund or the re-shipment.
   */
  readonly afterSales: AfterSaleService;
  /** Tenant settings (租户设置): the time zone calendars are counted in and the currency. */
  readonly tenantSettings: TenantSettingsService;
  /**
   * Durable timers and recurring jobs (定时任务): schedule and cancel them,
   * register their handlers, tick {@link TimersService.runDue}, and let
   * admins list and retry parked ones.
   */
  readonly timers: TimersService;
  /**
   * The transactional outbox: handlers of domain events (`on`), the
   * dispatcher tick a scheduler calls (`dispatch`), and the operator view of
   * dead events (`listDead`, `retryDead`, `discardDead`).
   */
  readonly outbox: OutboxService;
  /**
   * Payments (支付): what was charged, refunded, transferred, frozen,
   * settled and released through the payment port, and the provider's
   * notifications of pending outcomes (`recordNotification`, called from
   * the host's webhook).
   */
  readonly payments: PaymentService;
  /**
   * The audit log: every state change made by staff or the system, appended
   * in the same transaction as the change; read with `audit.read`, appended
   * to by host modules with `record`.
   */
  readonly audit: AuditService;
  /**
   * Notifications (通知): the log of every notification decided (sent,
   * refused, suppressed in SMS quiet hours) and bulk SMS (群发短信). Payment,
   * dispatch, refund, withdrawal, stored-value and low-stock notifications
   * are sent by outbox handlers through the notifier port.
   */
  readonly notifications: NotificationService;
  /**
   * The promotion engine (营销中心): `quote` prices a cart through the §4.4
   * pipeline (special prices and activities, one coupon, the member level,
   * points) exactly as checkout would, returning the step-by-step receipt
   * and storing nothing.
   */
  readonly promotions: PromotionsService;
  /**
   * Promotion activities (营销活动): spend-and-save (满减), spend-and-discount
   * (满折), free shipping (满免邮) and gift coupons (满赠券), scoped to all or
   * listed products and an audience, from a (maybe future) start until an
   * end or permanently. A product is in at most one activity at a time
   * (free shipping excepted); running activities feed the pricing pipeline.
   */
  readonly activities: ActivityService;
  /**
   * Customers (顾客): registration (event `customer.registered`), statistics
   * from paid orders, points balance and level, the blacklist (no login, no
   * orders: `assertMayLogIn` for the host's login).
   */
  readonly customers: CustomerService;
  /** Member levels (会员等级): threshold, discount, icon; a default level that cannot be deleted. */
  readonly memberLevels: MemberLevelService;
  /**
   * Points (积分): settings, balances and the ledger, staff adjustments and
   * the daily check-in (签到). Orders earn on completion and spend at
   * checkout; points expire at the end of the year after they were credited.
   */
  readonly points: PointsService;
  /** Customer tags (会员标签): free-form, assigned to customers; deleting one unassigns it. */
  readonly memberTags: MemberTagService;
  /**
   * Time-limited discounts (限时折扣): fixed-rate (折), reduction or
   * fixed-price special prices of listed SKUs during a validity, optionally
   * recurring (daily window, days of month or week), with their own stock,
   * rounding and per-person limit; exclusive of every other promotion.
   */
  readonly limitedDiscounts: LimitedDiscountService;
  /**
   * Distribution (分销): distributor applications and decisions, commission
   * on completed orders placed with a distributor's code (reversed on
   * refunds), withdrawals paid out by transfer, and statistics.
   */
  readonly distributors: DistributorService;
  /**
   * Coupons (优惠券): normal coupons (single-use codes with a merchant
   * prefix, generated or imported; distributed to listed customers, claimed
   * through a link/QR, given as sign-up and activity gifts, pushed to a
   * customer segment) and reusable coupons (one code used up to a use
   * count); draft → published (immutable) → abandoned; statistics; the
   * buyer's wallet and claims. Orders redeem a code through the pricing
   * pipeline's coupon source; a code comes back when its order closes unpaid.
   */
  readonly coupons: CouponService;
  /**
   * Flash sales (秒杀): special prices of some SKUs in a window, each with
   * its own stock and per-person limit, taken when an order is placed and
   * given back when it closes unpaid (after the sale's payment window,
   * default 30 minutes); optional SMS reminders before the start.
   */
  readonly flashSales: FlashSaleService;
  /**
   * Presales (预售): full payment now, delivery from a date or N days after
   * payment, units sold from a virtual stock (not the SKU's), one presale
   * of a tenant at a time; `deliveryOf` tells an order's promise.
   */
  readonly presales: PresaleService;
  /**
   * Prize stocks (奖品库) of scan-to-win campaigns: CDK keys in file order,
   * physical prizes, cash red packets on frozen funds, points and coupons.
   */
  readonly prizes: PrizeService;
  /** Scan-to-win campaigns (一物一码活动): wheel, scratch card or lucky draw, slots with probabilities and limits. */
  readonly campaigns: CampaignService;
  /** Activity batches (活动批次): which code packages lead to which campaign. */
  readonly activityBatches: ActivityBatchService;
  /** Draws: a consumer plays a code once, claims the prize; operators list, export and ship winners. */
  readonly draws: DrawService;
  /** The ports this instance runs on, for hosts that share them (e.g. the HTTP layer's rate limits). */
  readonly ports: CorePorts;
  /**
   * The same services with `ctx` bound, for a host that resolves the tenant
   * and actor once per request: `onecode.as(ctx).merchants.create(input)` is
   * `onecode.merchants.create(ctx, input)`. Methods that take no context
   * (`scans.scan`, `codePackages.resumeUnfinished`, `seals.anchorPending`,
   * `timers.register`, `timers.runDue`, `outbox.on`, `outbox.record`,
   * `outbox.dispatch`, `outbox.purgeSettled`, `payments.reconcilePending`,
   * `audit.record`)
   * are called on `onecode` itself.
   *
   * @example
   * ```ts
   * const ctx = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
   * const acme = onecode.as(ctx);
   * const merchant = await acme.merchants.create({
   *   name: "Acme Tea",
   *   codeSource: "platform",
   *   urlPrefixes: ["https://t.acme.example/c/"],
   * });
   * const products = await acme.products.list({ merchantId: merchant.id });
   * ```
   */
  as(ctx: TenantContext): BoundOneCode;
  /**
   * Stops the generation jobs running in this process after their current
   * chunk (they stay resumable), then closes storage and hot state
   * (connections the adapters opened themselves).
   */
  close(): Promise<void>;
}

/**
 * Wires every module to the given ports; a missing port defaults to its
 * in-memory implementation, so `createOneCode()` alone runs a full demo.
 *
 * @example
 * ```ts
 * import { createOneCode, tenantContext } from "@onecode/core";
 *
 * const onecode = createOneCode();
 * const ctx = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
 * const merchant = await onecode.merchants.create(ctx, {
 *   name: "Acme Tea",
 *   codeSource: "platform",
 *   urlPrefixes: ["https://t.acme.example/c/"],
 * });
 * ```
 */
export function createOneCode(config: OneCodeConfig = {}): OneCode {
  const ports = resolvePorts(config);
  const outbox = outboxRuntime(ports, config.outbox);
  const trace = traceRuntime(ports, config.trace);
  // Core's own durable effects after a commit run as outbox handlers.
  const anchoring = ledgerAnchoringHandler(trace);
  outbox.handlers.on(anchoring.type, anchoring.name, anchoring.handler);
  const payments = paymentsKernel(ports, paymentDecisionEvents(eventRecorder(ports)));
  const codesOptions = resolveCodesOptions(config.codes);
  const settings = tenantSettingsReader(ports, codesOptions.timeZone);
  const { timeZoneOf } = settings;
  const currencyOf = async (tenantId: string) => (await settings.settingsOf(tenantId)).currency;
  const timers = timersService({ ...ports, timeZoneOf });
  // The parts of pricing (§4.4): the host's sources, then each promotion module's (pushed
  // by promotionsModule below); the engine reads this live array at every pricing.
  const pricingSources: PricingSource[] = [...(config.pricingSources ?? [])];
  const promotionEngine = promotionPricing(pricingSources);
  const ordersRt = ordersRuntime(ports, {
    timers,
    outbox: outbox.handlers,
    payments,
    timeZoneOf,
    currencyOf,
    pricing: config.orders?.pricing ?? promotionEngine,
  });
  const notifications: NotificationsRuntime = {
    ports,
    recordAudit: ordersRt.recordAudit,
    quietHours: resolveQuietHours(config.notifications),
    timeZoneOf,
    orderSettingsOf: ordersRt.settingsOf,
  };
  for (const { type, name, handler } of notificationHandlers(notifications)) {
    outbox.handlers.on(type, name, handler);
  }
  const orders = orderService(ordersRt);
  // The promotion modules: their services, pricing sources, outbox handlers and timers.
  const promotions = promotionsModule(ordersRt, {
    pricingSources,
    engine: promotionEngine,
    notifications,
    ...(config.coupons !== undefined && { coupons: config.coupons }),
  });
  // Scan-to-win campaigns pay prizes out through the coupons and points services.
  const campaigns = campaignsModule(ordersRt, {
    coupons: promotions.coupons,
    points: promotions.points,
  });
  trace.campaignEntries.lookup = campaigns.campaignEntries;
  // After-sales requests are paid by the orders' own refunds (idempotent by refund id).
  const refunds: OrderRefunds = { request: orders.refund, retry: orders.retryRefund };
  for (const { type, name, handler } of afterSaleOutboxHandlers(ordersRt, refunds)) {
    outbox.handlers.on(type, name, handler);
  }
  const codes: CodesRuntime = {
    ports,
    timeZoneOf,
    digitalLinks: digitalLinkPrinter(trace),
    options: codesOptions,
    events: new TypedEmitter<CodesEvents>(),
    jobs: new JobLifecycle(),
  };
  const services: OneCodeServices = {
    merchants: merchantService(ports),
    products: productService(ports, (tenantId, productId) =>
      invalidateProductBatches(trace, tenantId, productId),
    ),
    skus: skuService(ports, { currencyOf }),
    codeRules: codeRuleService(ports),
    codePackages: codePackageService(codes),
    printOrders: printOrderService(ports, codes.options.printPrices),
    traceBatches: traceBatchService(trace, epcisExporter(trace, { timeZoneOf })),
    production: productionService(trace),
    seals: sealService(trace),
    distribution: distributionService(trace, { timeZoneOf }),
    scans: scanService(trace),
    digitalLinks: digitalLinkService(trace),
    codeLifecycle: codeLifecycleService(trace),
    statistics: statisticsService(ports, { timeZoneOf }),
    freightTemplates: freightTemplateService(ports),
    orders,
    orderSettings: orderSettingsService(ordersRt),
    shipments: shipmentService(ordersRt),
    afterSales: afterSaleService(ordersRt),
    tenantSettings: tenantSettingsService(ports, settings),
    timers,
    outbox: outboxService(outbox),
    payments: payments.service,
    audit: auditService(ports, auditRecorder(ports)),
    notifications: notificationService(notifications),
    ...promotions,
    ...campaigns.services,
  };
  return {
    ...services,
    ports,
    as: (ctx) => bindContext(services, ctx),
    async close() {
      await codes.jobs.stop();
      await ports.storage.close();
      await ports.hotState.close();
    },
  };
}
