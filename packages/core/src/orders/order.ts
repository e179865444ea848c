import type { StockPolicy } from "../catalog/skus/sku.js";
import type { Money } from "../kernel/money.js";
import type { PostalAddress } from "../ports/courier.js";
import type { PaymentFailureCode } from "../ports/payment.js";

/**
 * Where an order is in its life: `unpaid → to_ship → shipped → completed`,
 * or `unpaid → closed` (payment timeout, cancelled). A paid order is closed
 * only by a refund or a merchant's cancellation (退单).
 */
export type OrderState = "unpaid" | "to_ship" | "shipped" | "completed" | "closed";

/** Every {@link OrderState}, in lifecycle order. */
export const ORDER_STATES = Object.freeze([
  "unpaid",
  "to_ship",
  "shipped",
  "completed",
  "closed",
] as const);

/** Where the goods are (物流状态): none sent, some lines sent (split shipment), all sent, received. */
export type LogisticsState = "not_shipped" | "partly_shipped" | "shipped" | "signed";

/** Every {@link LogisticsState}. */
export const LOGISTICS_STATES = Object.freeze([
  "not_shipped",
  "partly_shipped",
  "shipped",
  "signed",
] as const);

/** See {@link Order.stock}. */
export type OrderStockState = "none" | "held" | "committed" | "released";

/**
 * How the buyer receives the goods: by courier (`express`, priced by the
 * freight template), picked up at a store (`self_pickup`), or handed over in
 * store (`in_store`, no shipping).
 */
export type OrderDeliveryMethod = "express" | "self_pickup" | "in_store";

/** Every {@link OrderDeliveryMethod}. */
export const ORDER_DELIVERY_METHODS = Object.freeze([
  "express",
  "self_pickup",
  "in_store",
] as const);

/** Why an order was closed. */
export type OrderCloseReason =
  /** Not paid before the tenant's payment timeout (default 30 min). */
  | "payment_timeout"
  /** The buyer cancelled it while unpaid. */
  | "buyer_cancelled"
  /** Staff cancelled it (unpaid), or agreed to the buyer's cancellation request of a paid order. */
  | "merchant_cancelled"
  /** Paid under `reserve_on_pay` when the stock was gone: refunded automatically. */
  | "stock_exhausted"
  /** Every paid fen was refunded. */
  | "refunded";

/**
 * Where a price change comes from: the promotion engine's activities,
 * coupons, member levels and points, a staff price change (改价), or
 * another named source a host's pricing adds.
 */
export interface AdjustmentSource {
  /** E.g. `activity`, `coupon`, `member_level`, `points`, `flash_sale`, `price_change`. */
  readonly kind: string;
  /** The activity's, coupon's, ... id; `null` when the kind alone says it (a price change). */
  readonly id: string | null;
}

/** One change of price with its source; negative amounts reduce, positive ones add. */
export interface OrderAdjustment {
  readonly source: AdjustmentSource;
  /** Shown to the buyer, e.g. "Spend 100 save 10". */
  readonly label: string;
  readonly amount: Money;
}

/** One line of an order: a SKU, how many, its list price and what changed it. */
export interface OrderLine {
  /** Unique within the order: `l1`, `l2`, ... in line order. */
  readonly lineId: string;
  readonly productId: string;
  readonly skuId: string;
  /** The SKU's code when ordered (kept: SKUs change later). */
  readonly skuCode: string;
  /** The product's name when ordered. */
  readonly title: string;
  /** The SKU's spec values, e.g. `{ colour: "red", size: "M" }`. */
  readonly spec: Readonly<Record<string, string>>;
  /** Positive count. */
  readonly quantity: number;
  /** The SKU's list price per unit when ordered. */
  readonly unitPrice: Money;
  /** Grams per unit, for freight and e-waybills. */
  readonly weightGrams: number;
  /** This line's share of every adjustment, so lines sum exactly to the goods total. */
  readonly adjustments: readonly OrderAdjustment[];
  /** `unitPrice × quantity + Σ adjustments`: what the buyer pays for the line. */
  readonly amount: Money;
  /** Units sent so far, by all shipments (0 to `quantity`). */
  readonly shippedQuantity: number;
  /** The product's stock policy when ordered: when this line's units are taken. */
  readonly stockPolicy: StockPolicy;
  /**
   * Units sold from a promotion's own stock (a presale's virtual stock):
   * the SKU's stock is neither reserved nor committed for them. Absent
   * means 0, so every unit takes the SKU's stock.
   */
  readonly ownStockUnits?: number;
}

/** How the goods reach the buyer. */
export interface OrderDelivery {
  readonly method: OrderDeliveryMethod;
  /** The recipient for `express`; the buyer's contact for the others (name and phone are required then too). */
  readonly address: PostalAddress;
  /** The store of `self_pickup` and `in_store` orders, or `null`. */
  readonly storeId: string | null;
  /**
   * The local date (`YYYY-MM-DD`, tenant time zone) the buyer asked the
   * goods to leave on (pickup-card orders), or `null` for "as soon as
   * possible". Drives the "to ship today / tomorrow / the day after" views.
   */
  readonly shipOn: string | null;
}

/** One parcel of an order (运单): which lines and units it carries, by which courier. */
export interface Shipment {
  readonly id: string;
  readonly items: readonly { readonly lineId: string; readonly quantity: number }[];
  /** Courier company code, e.g. `SF`; `self` for the merchant's own delivery. */
  readonly courier: string;
  readonly trackingNumber: string;
  /** Printable e-waybill label when the waybill came from the courier port. */
  readonly waybillLabel: string | null;
  readonly shippedAt: string;
  /** Actor id of who shipped it. */
  readonly shippedBy: string;
  /** When the courier reported it signed for, or `null`. */
  readonly signedAt: string | null;
}

/** The state of one refund through the payment port. */
export type RefundStatus =
  /** Recorded; the payment port has not answered yet (or could not be reached: retried by the outbox). */
  | "requested"
  /** The provider accepted it and decides later; a notification settles it. */
  | "pending"
  | "succeeded"
  /** The provider refused it with `failureCode`; staff may retry it once the cause is fixed. */
  | "failed";

/** One refund of an order: idempotent by its id, which is the payment port's idempotency key. */
export interface OrderRefund {
  readonly id: string;
  readonly amount: Money;
  readonly reason: string;
  readonly status: RefundStatus;
  /** Why the provider refused it (insufficient merchant balance, expired certificate, ...). */
  readonly failureCode: PaymentFailureCode | null;
  /** The payment port's id of the charge it returns money of. */
  readonly chargeId: string;
  /** The provider's id of the refund once it answered. */
  readonly paymentId: string | null;
  /** The after-sales request it settles, or `null`. */
  readonly afterSaleId: string | null;
  /** Kind and id of who asked for it (`system` for automatic refunds). */
  readonly requestedBy: { readonly kind: string; readonly id: string };
  readonly requestedAt: string;
  /** Attempts made through the payment port. */
  readonly attempts: number;
  /** When it reached `succeeded` or `failed`, or `null`. */
  readonly decidedAt: string | null;
}

/** The buyer's request to cancel a paid order (退单申请), until staff decide it. */
export interface CancellationRequest {
  readonly reason: string;
  readonly requestedAt: string;
}

/** The in-store verification code of a `self_pickup` or `in_store` order (到店核销). */
export interface OrderVerification {
  /** What the buyer's QR code carries: 12 digits from the ids port, unique within the tenant. */
  readonly code: string;
  /** When staff handed the goods over, or `null`. */
  readonly verifiedAt: string | null;
  /** Actor id of who verified it, or `null`. */
  readonly verifiedBy: string | null;
}

/**
 * An order (订单) of one buyer. Every change goes through one transition
 * function that checks the state, bumps `version` (the adapters update only
 * when the stored version is the one read, so concurrent changes never
 * overwrite each other) and records who did it in the audit log.
 */
export interface Order {
  readonly tenantId: string;
  /** Sortable id from the ids port (`ord_…`). */
  readonly id: string;
  /** The human order number (订单编号): the creation's local date and 10 digits, unique within the tenant. */
  readonly number: string;
  /** Bumped by every change; the adapters' compare-and-set key. */
  readonly version: number;
  readonly state: OrderState;
  readonly logisticsState: LogisticsState;
  /** The buyer's account id (the consumer actor's id). */
  readonly customerId: string;
  /** Staff member who owns the order (the one who placed it, or was assigned); `own` grants reach it. */
  readonly ownerId: string | null;
  /** Where it was placed, e.g. `mini_program`, `h5`, `pickup_card`, `admin`. */
  readonly channel: string;
  readonly delivery: OrderDelivery;
  readonly lines: readonly OrderLine[];
  /**
   * The order's stock. `none`: nothing taken yet (every line is
   * `reserve_on_pay` and it is unpaid). `held`: units are taken and reserved
   * for it (reservation `<id>` for `reserve_on_create` lines at creation,
   * `<id>.pay` for the others at payment); closing gives them back exactly
   * once. `committed`: the goods left (shipped or handed over), sold.
   * `released`: given back.
   */
  readonly stock: OrderStockState;
  /** Σ `unitPrice × quantity` of the lines. */
  readonly goodsTotal: Money;
  /** Order-level adjustments (promotions, price changes); each is also split across the lines. */
  readonly adjustments: readonly OrderAdjustment[];
  /** Shipping after its own adjustments (free-shipping promotions). */
  readonly shipping: Money;
  /** What the buyer pays: Σ line amounts + shipping. Never negative. */
  readonly total: Money;
  /** Bumped by each price change; part of the charge's idempotency key so a new price is a new charge. */
  readonly priceVersion: number;
  /** The payment port's id of the succeeded charge, or `null` while unpaid. */
  readonly chargeId: string | null;
  readonly refunds: readonly OrderRefund[];
  /** Σ amounts of succeeded refunds. */
  readonly refundedTotal: Money;
  readonly cancellationRequest: CancellationRequest | null;
  readonly verification: OrderVerification | null;
  readonly shipments: readonly Shipment[];
  readonly closeReason: OrderCloseReason | null;
  /** The buyer's note at checkout, or `null`. */
  readonly buyerNote: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly paidAt: string | null;
  /** When the last unit left (logistics `shipped`), or `null`. */
  readonly shippedAt: string | null;
  readonly completedAt: string | null;
  readonly closedAt: string | null;
}
