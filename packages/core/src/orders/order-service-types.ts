import type { Page, PageRequest } from "../kernel/pagination.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { NewOrderInput } from "./checkout/new-order-input.js";
import type { ChangePriceInput, ClosePaidInput } from "./lifecycle/order-lifecycle.js";
import type { Order, OrderRefund, OrderState } from "./order.js";
import type { PayOrderInput, PayOrderOutcome } from "./payment/order-payment.js";
import type { OrderStatisticsGrouping, OrderStatisticsRow } from "./ports.js";
import type { RefundOutcome, RefundRequestInput } from "./refunds/order-refunds.js";
import type { OrderQuery } from "./views/order-query.js";

/** Input of {@link OrderService.statistics}: a half-open range of ISO-8601 instants and a grouping. */
export interface OrderStatisticsInput {
  readonly from: string;
  readonly to: string;
  readonly groupBy: OrderStatisticsGrouping;
}

/** Figures of {@link OrderService.statistics}; amounts in minor units of `currency`. */
export interface OrderStatistics {
  readonly currency: string;
  readonly timeZone: string;
  readonly rows: readonly OrderStatisticsRow[];
}

/** What {@link OrderService.close} did: the closed order and the refund it began, if any. */
export interface ClosePaidOutcome {
  readonly order: Order;
  readonly refund: OrderRefund | null;
}

/**
 * Orders (订单): checkout, payment, cancellation and closing, price
 * changes, refunds, views, export and statistics. Shipping is
 * `onecode.shipments`, after-sales `onecode.afterSales`.
 *
 * Consumers (the buyer's own account) create, read, list, pay, cancel and
 * ask to cancel their own orders; another buyer's order looks missing.
 * Staff need the `orders.*` capability each method names, checked against
 * the order's store and owner for scoped grants.
 */
export interface OrderService {
  /**
   * Places an order: prices it (list prices, or the promotion engine when
   * plugged in), reserves the stock of `reserve_on_create` products in the
   * same transaction (all lines or none), and sets the timer that closes it
   * if unpaid after the tenant's timeout (default 30 minutes). Staff need
   * `orders.create` and name `customerId`.
   *
   * @throws `VALIDATION_FAILED` (naming each field: unknown SKU, quantity,
   *   address, ...), `STOCK_EXHAUSTED`, `REGION_NOT_DELIVERED`,
   *   `SELF_PICKUP_NOT_OFFERED`, `FORBIDDEN`.
   *
   * @example
   * ```ts
   * const order = await onecode.orders.create(buyer, {
   *   lines: [{ skuId: sku.id, quantity: 2 }],
   *   delivery: {
   *     method: "express",
   *     address: { name: "Li Lei", phone: "13800138000", regionCode: "CN-ZJ", line: "1 Wensan Rd" },
   *   },
   * });
   * ```
   */
  create(ctx: TenantContext, input: NewOrderInput): Promise<Order>;
  /** One order (`orders.read`, or the buyer's own). @throws `NOT_FOUND`. */
  get(ctx: TenantContext, orderId: string): Promise<Order>;
  /** The order with this number (`orders.read`, or the buyer's own). @throws `NOT_FOUND`. */
  getByNumber(ctx: TenantContext, number: string): Promise<Order>;
  /**
   * Orders newest first, filtered by {@link OrderQuery} (states, logistics
   * states, dates, customer, product, views such as `to_ship_tomorrow`).
   * Staff see what their `orders.read` grants reach; a consumer sees their own.
   */
  list(ctx: TenantContext, query?: OrderQuery & PageRequest): Promise<Page<Order>>;
  /** How many orders of the query are in each state (the list's badges, e.g. to ship). */
  countByState(
    ctx: TenantContext,
    query?: OrderQuery,
  ): Promise<Partial<Record<OrderState, number>>>;
  /**
   * The orders of the query as an Excel-compatible CSV (UTF-8 with BOM),
   * streamed page by page. Staff with `orders.read`.
   */
  exportCsv(ctx: TenantContext, query?: OrderQuery): AsyncIterable<Uint8Array>;
  /**
   * Orders created, paid (amount and units) and refunded per local day,
   * product or channel, computed by the storage. Staff with `orders.read`.
   */
  statistics(ctx: TenantContext, input: OrderStatisticsInput): Promise<OrderStatistics>;
  /**
   * Charges the order's total through the payment port (the buyer's own
   * order, or staff with `payments.record`). A succeeded charge moves the
   * order to `to_ship` at once; a pending one when the provider's
   * notification arrives (`payments.recordNotification`). Retrying after a
   * failure or a lost answer uses the same idempotency key (per price).
   *
   * @throws `INVALID_STATE_TRANSITION` when the order is not unpaid,
   *   `SERVICE_UNAVAILABLE` when the provider could not be reached.
   */
  pay(ctx: TenantContext, orderId: string, input?: PayOrderInput): Promise<PayOrderOutcome>;
  /** Cancels an unpaid order (the buyer, or staff with `orders.cancel`), giving its stock back. */
  cancel(ctx: TenantContext, orderId: string): Promise<Order>;
  /** Changes the price of an unpaid order (改价), `orders.change_price`; audited with before and after. */
  changePrice(ctx: TenantContext, orderId: string, input: ChangePriceInput): Promise<Order>;
  /** The buyer asks to cancel their paid order (退单申请); it shows in the `cancellation_requested` view. */
  requestCancellation(
    ctx: TenantContext,
    orderId: string,
    input: { readonly reason: string },
  ): Promise<Order>;
  /** Staff reject the buyer's cancellation request (`orders.cancel`). */
  rejectCancellation(
    ctx: TenantContext,
    orderId: string,
    input: { readonly reason: string },
  ): Promise<Order>;
  /**
   * Closes a paid order (商家退单, or accepting the buyer's request):
   * `orders.cancel`, and `orders.refund` to refund what is left. Unshipped
   * stock goes back.
   */
  close(ctx: TenantContext, orderId: string, input: ClosePaidInput): Promise<ClosePaidOutcome>;
  /**
   * Refunds part or all of a paid order through the payment port
   * (`orders.refund`), idempotent by `refundId`. A refused refund is
   * returned with `status: "failed"` and the provider's `failureCode`
   * (insufficient merchant balance, expired certificate); it stays on the
   * order for {@link OrderService.retryRefund}.
   */
  refund(ctx: TenantContext, orderId: string, input: RefundRequestInput): Promise<RefundOutcome>;
  /** Performs a failed refund again with the same idempotency key (`orders.refund`). */
  retryRefund(ctx: TenantContext, orderId: string, refundId: string): Promise<RefundOutcome>;
}
