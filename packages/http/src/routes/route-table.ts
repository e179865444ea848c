import type { Route } from "../define-route.js";
import type { OpenApiDocument } from "../openapi.js";
import { activityBatchRoutes } from "./activity-batch-routes.js";
import { activityRoutes } from "./activity-routes.js";
import { afterSaleRoutes } from "./after-sale-routes.js";
import { auditLogRoutes } from "./audit-log-routes.js";
import { campaignRoutes } from "./campaign-routes.js";
import { codeImageRoutes } from "./code-image-routes.js";
import { codeLifecycleRoutes } from "./code-lifecycle-routes.js";
import { codePackageExportRoutes } from "./code-package-export-routes.js";
import { codePackageRoutes } from "./code-package-routes.js";
import { codeRuleRoutes } from "./code-rule-routes.js";
import { codeTraceRoutes } from "./code-trace-routes.js";
import { couponRoutes } from "./coupon-routes.js";
import { customerRoutes } from "./customer-routes.js";
import { digitalLinkRoutes } from "./digital-link-routes.js";
import { distributorRoutes } from "./distributor-routes.js";
import { drawRoutes } from "./draw-routes.js";
import { enterpriseRoutes } from "./enterprise-routes.js";
import { flashSaleRoutes } from "./flash-sale-routes.js";
import { freightTemplateRoutes } from "./freight-template-routes.js";
import { ledgerRoutes } from "./ledger-routes.js";
import { limitedDiscountRoutes } from "./limited-discount-routes.js";
import { memberRoutes } from "./member-routes.js";
import { merchantRoutes } from "./merchant-routes.js";
import { myCouponRoutes } from "./my-coupon-routes.js";
import { myDistributorRoutes } from "./my-distributor-routes.js";
import { myDrawRoutes } from "./my-draw-routes.js";
import { myMemberRoutes } from "./my-member-routes.js";
import { myOrderRoutes } from "./my-order-routes.js";
import { notificationRoutes } from "./notification-routes.js";
import { orderRoutes } from "./order-routes.js";
import { orderSettingsRoutes } from "./order-settings-routes.js";
import { outboxRoutes } from "./outbox-routes.js";
import { paymentRoutes } from "./payment-routes.js";
import { presaleRoutes } from "./presale-routes.js";
import { printOrderRoutes } from "./print-order-routes.js";
import { prizeRoutes } from "./prize-routes.js";
import { productRoutes } from "./product-routes.js";
import { productionLineRoutes } from "./production-line-routes.js";
import { productionTaskRoutes } from "./production-task-routes.js";
import { promotionQuoteRoutes } from "./promotion-quote-routes.js";
import { publicScanRoutes } from "./public-scan-routes.js";
import { scanAlertRoutes } from "./scan-alert-routes.js";
import { shipmentRoutes } from "./shipment-routes.js";
import { skuRoutes } from "./sku-routes.js";
import { staffRoutes } from "./staff-routes.js";
import { statisticsRoutes } from "./statistics-routes.js";
import { stockDocumentRoutes } from "./stock-document-routes.js";
import { systemRoutes } from "./system-routes.js";
import { tenantSettingsRoutes } from "./tenant-settings-routes.js";
import { timerRoutes } from "./timer-routes.js";
import { traceBatchPackageRoutes } from "./trace-batch-package-routes.js";
import { traceBatchRoutes } from "./trace-batch-routes.js";
import { traceBatchSealRoutes } from "./trace-batch-seal-routes.js";

/** Descriptions of the tags the routes use, for the OpenAPI document. */
export const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  merchants: "Merchants (商户): owners of products and code packages.",
  products: "Products (商品) of merchants.",
  skus: "SKUs (规格) of products: spec dimensions, one SKU per combination with its code, price, weight and stock, the stock policy, staff stock counts.",
  "code-rules": "Code rules (码规则): how platform merchants' codes are made.",
  "code-packages":
    "Code packages (码包): generation jobs and their progress, uploads of external codes, the text package (CSV, ZIP) and the image package (QR PNG/SVG, sample sheets, ZIP).",
  "print-orders": "Print orders (印码订单) of packages with serial numbers.",
  "trace-batches":
    "Trace batches (溯源批次): trace information shared by every item of a batch, bound code packages, status, sealing (上链) and the GS1 EPCIS 2.0 export.",
  production:
    "Production traceability (生产溯源): production lines and the production tasks of trace batches.",
  ledger: "The tenant's append-only, hash-chained ledger of seals, and its verification.",
  distribution:
    "Distribution traceability (销售溯源): the enterprise tree, staff of the staff app, stock documents (出入库单), code locations and inspection reports.",
  scans:
    "Consumer scans as recorded, diversion alerts (窜货预警) and count alerts (查询次数超限) with their settings, for staff.",
  gs1: "GS1 identification of codes: the Digital Link to print and the EPC that EPCIS documents use.",
  "code-lifecycle":
    "Per-code lifecycle: voids and recalls (作废 / 召回) with restores, destruction records, unpacking and re-packing (拆箱 / 换箱) with their history.",
  statistics:
    "Statistics for dashboards, computed by the database: scans per period, region, product, batch and verdict (扫码统计); codes generated, uploaded, bound and activated per period and merchant (码量统计).",
  tenant:
    "The tenant's own settings: the time zone its calendar periods and code dates are counted in, and its currency.",
  "after-sales":
    "After-sales requests (售后): refund only, return and refund, exchange, each moved along its own state machine; staff decide them, buyers apply, withdraw and ship goods back under `/v1/my/`.",
  timers:
    "Durable timers and recurring jobs (定时任务) of the tenant: the parked ones an operator looks at and retries.",
  outbox:
    "The transactional outbox: events whose handlers kept failing, parked as dead for an operator to retry or discard.",
  payments:
    "Payments (支付): charges, refunds, transfers and frozen funds performed through the payment port, with the provider's outcomes.",
  orders:
    "Orders (订单) for staff: checkout on behalf of customers, views, CSV export, statistics, price changes, cancellation, closing, refunds, and the order settings and freight templates.",
  "my-orders":
    "The signed-in buyer's own orders (consumer routes): place, list, pay, cancel, ask to cancel.",
  audit:
    "The audit log: every state change made by staff or the system, with actor, action, target, time and what changed; read-only.",
  notifications:
    "Notifications (通知): the log of every notification decided (sent, rejected, suppressed in SMS quiet hours) and bulk SMS (群发短信).",
  promotions:
    "The promotion engine (营销中心): a cart priced through the pricing pipeline (special prices and activities, one coupon, member level, points) as a step-by-step receipt; time-limited discounts (限时折扣) and distribution (分销): distributors, commissions and withdrawals.",
  "my-distributor":
    "The signed-in consumer as a distributor (consumer routes): apply, see the code and commission, withdraw.",
  public:
    "Routes consumers call without credentials (`security: []`), rate-limited per client address.",
  system: "Health and the API description.",
  "promotion-activities":
    "Promotion activities (营销活动): spend-and-save (满减), spend-and-discount (满折), free shipping (满免邮) and gift coupons (满赠券); a product is in at most one activity at a time, free shipping excepted.",
  customers:
    "Customers (顾客) for staff: registration, statistics, the blacklist, points balances, ledgers and adjustments.",
  members:
    "Member levels (会员等级), member and points settings (积分), and customer tags (会员标签).",
  campaigns:
    "Scan-to-win campaigns (一物一码活动): prize stocks (奖品库) with CDK keys, stock and frozen funds; campaigns (wheel, scratch card, lucky draw) with their slots and statistics; activity batches (活动批次) binding code packages; winners, their CSV export and the shipping of physical prizes.",
  "my-draws":
    "The signed-in consumer's draws (consumer routes): play a scanned code once, list the draws, claim a prize won.",
  "my-membership":
    "The signed-in buyer's own membership (consumer routes): level, points and ledger, daily check-in (签到).",
};

/** Every route of the handler. A new module adds its route list here. */
export function routeTable(document: () => OpenApiDocument): readonly Route[] {
  return [
    ...merchantRoutes,
    ...productRoutes,
    ...skuRoutes,
    ...codeRuleRoutes,
    ...codePackageRoutes,
    ...codePackageExportRoutes,
    ...codeImageRoutes,
    ...printOrderRoutes,
    ...traceBatchRoutes,
    ...traceBatchPackageRoutes,
    ...traceBatchSealRoutes,
    ...productionLineRoutes,
    ...productionTaskRoutes,
    ...ledgerRoutes,
    ...enterpriseRoutes,
    ...staffRoutes,
    ...stockDocumentRoutes,
    ...codeTraceRoutes,
    ...digitalLinkRoutes,
    ...scanAlertRoutes,
    ...codeLifecycleRoutes,
    ...statisticsRoutes,
    ...tenantSettingsRoutes,
    ...freightTemplateRoutes,
    ...orderSettingsRoutes,
    ...orderRoutes,
    ...myOrderRoutes,
    ...shipmentRoutes,
    ...afterSaleRoutes,
    ...timerRoutes,
    ...outboxRoutes,
    ...paymentRoutes,
    ...auditLogRoutes,
    ...notificationRoutes,
    ...promotionQuoteRoutes,
    ...customerRoutes,
    ...memberRoutes,
    ...myMemberRoutes,
    ...limitedDiscountRoutes,
    ...distributorRoutes,
    ...myDistributorRoutes,
    ...couponRoutes,
    ...myCouponRoutes,
    ...flashSaleRoutes,
    ...presaleRoutes,
    ...prizeRoutes,
    ...campaignRoutes,
    ...activityBatchRoutes,
    ...drawRoutes,
    ...myDrawRoutes,
    ...publicScanRoutes,
    ...systemRoutes(document),
    ...activityRoutes,
  ];
}
