import type { TenantContext } from "../../kernel/tenant.js";
import type { Tracking } from "../../ports/courier.js";
import type { Order, Shipment } from "../order.js";

/** Some units of one order line, as a shipment carries them. */
export interface ShipmentItem {
  /** The order line (`l1`, `l2`, ...). */
  readonly lineId: string;
  /** Positive; at most the units of the line not shipped yet. */
  readonly quantity: number;
}

/** Input of {@link ShipmentService.ship}. */
export interface ShipInput {
  /**
   * The lines and units this parcel carries (拆分运单); every unit not
   * shipped yet when absent or empty.
   */
  readonly items?: readonly ShipmentItem[];
  /**
   * Courier company code or name, 1-32 characters, e.g. `SF`; `self` for
   * the merchant's own delivery (商家自送), the only courier a
   * `self_pickup` order may be shipped with.
   */
  readonly courier: string;
  /**
   * The parcel's tracking number (运单号), 1-64 letters, digits, `-` and
   * `_`; may be omitted for `courier: "self"` only.
   */
  readonly trackingNumber?: string;
}

/** Input of {@link ShipmentService.createWaybill}. */
export interface WaybillInput {
  /** The courier to request the e-waybill from, e.g. `SF` (not `self`). */
  readonly courier: string;
  /** As in {@link ShipInput.items}: every unit not shipped yet when absent. */
  readonly items?: readonly ShipmentItem[];
}

/** An order and the shipment just added to it. */
export interface ShipOutcome {
  readonly order: Order;
  readonly shipment: Shipment;
}

/**
 * What happened to one row of a bulk shipping file:
 * - `shipped`: every unit left of the order left with this tracking number;
 * - `not_found`: the tenant has no order with this number;
 * - `not_unshipped`: the order is not waiting to ship at all (unpaid,
 *   partly or wholly shipped already, completed or closed): bulk shipping
 *   only ships orders nothing of which has left;
 * - `forbidden`: the caller's grants do not reach the order (another store);
 * - `duplicate`: an earlier row of the file names the same order;
 * - `refused`: the order may not ship this way (an open cancellation
 *   request, a pickup or in-store order, a malformed tracking number): the
 *   message says why.
 */
export type BulkShippingOutcome =
  | "shipped"
  | "not_found"
  | "not_unshipped"
  | "forbidden"
  | "duplicate"
  | "refused";

/** The result of one data row of a bulk shipping file. */
export interface BulkShippingRowResult {
  /** 1-based line number in the file (the header is line 1). */
  readonly line: number;
  readonly orderNumber: string;
  readonly outcome: BulkShippingOutcome;
  /** Human sentence: what was shipped, or why not. */
  readonly message: string;
  /** The order, when one with this number exists. */
  readonly orderId: string | null;
  /** The new shipment when `outcome` is `shipped`. */
  readonly shipmentId: string | null;
}

/** What {@link ShipmentService.shipFromCsv} did, row by row. */
export interface BulkShippingResult {
  /** One entry per data row, in file order. */
  readonly rows: readonly BulkShippingRowResult[];
  /** Rows that shipped. */
  readonly shipped: number;
  /** Rows that did not. */
  readonly failed: number;
}

/** The courier's answer for one shipment of {@link TrackingRefresh}. */
export interface ParcelTracking {
  readonly shipmentId: string;
  readonly courier: string;
  readonly trackingNumber: string;
  /** `null` when the courier does not know the parcel, and for the merchant's own delivery (`self`). */
  readonly tracking: Tracking | null;
}

/** An order after {@link ShipmentService.refreshTracking}, with what each courier said. */
export interface TrackingRefresh {
  readonly order: Order;
  /** One entry per shipment, in shipment order. */
  readonly parcels: readonly ParcelTracking[];
}

/**
 * Shipping and handing over orders (订单发货, 到店核销): shipments by courier
 * with tracking numbers, split by line; e-waybills from the courier port;
 * bulk shipping from a CSV file; verification of pickup and in-store orders
 * by their code; the buyer's confirmation of receipt and the automatic
 * completion of shipped orders; tracking.
 *
 * Each change is one order change (compare-and-set, audited, with its
 * events): `orders.order.shipped` / `order.shipped`,
 * `orders.order.verified` / `order.verified` + `order.completed`,
 * `orders.order.completed` / `order.completed`,
 * `orders.order.tracking_updated` / `order.parcel_signed` (+ `order.signed`).
 * The first unit that leaves (or the hand-over) commits the order's stock
 * reservations: the goods are sold.
 */
export interface ShipmentService {
  /**
   * Ships some or all of the units still to ship (拆分运单 when `items`
   * names only some). Staff need `orders.ship` on the order (a store-scoped
   * grant reaches the orders of its store). Only `express` orders ship by
   * courier; a `self_pickup` order may still be delivered by the merchant
   * (`courier: "self"`); `in_store` orders are verified, never shipped. When
   * the last unit leaves the order becomes `shipped` and completes by
   * itself `completeShippedAfterDays` later (order settings) unless the
   * buyer confirms receipt first.
   *
   * @throws `VALIDATION_FAILED` naming `courier`, `trackingNumber`,
   *   `items.<i>.lineId` or `items.<i>.quantity` (more than is left:
   *   rule `quantity_left`); `INVALID_STATE_TRANSITION` unless the order is
   *   `to_ship`, or while the buyer's cancellation request is open
   *   (`details.required` says so); `NOT_FOUND`; `FORBIDDEN`.
   *
   * @example
   * ```ts
   * const { order, shipment } = await onecode.shipments.ship(ctx, orderId, {
   *   items: [{ lineId: "l1", quantity: 1 }],
   *   courier: "SF",
   *   trackingNumber: "SF1234567890",
   * });
   * ```
   */
  ship(ctx: TenantContext, orderId: string, input: ShipInput): Promise<ShipOutcome>;
  /**
   * Requests an e-waybill (电子面单) from the courier port with the tenant's
   * sender (order settings `sender`, configured once) and the order's
   * recipient, then ships with its tracking number and label. The courier
   * is called outside any transaction with the idempotency key
   * `<orderId>:<n>` (n = shipments so far + 1): a call retried after a
   * failure gets the same waybill, never a second one. Same rules and
   * capability as {@link ShipmentService.ship}; the weight is Σ units ×
   * the lines' `weightGrams`.
   *
   * @throws `SENDER_NOT_CONFIGURED` until the tenant saved a sender; the
   *   errors of {@link ShipmentService.ship}.
   */
  createWaybill(ctx: TenantContext, orderId: string, input: WaybillInput): Promise<ShipOutcome>;
  /**
   * Bulk shipping (批量发货) from a CSV file with the header
   * `order_number,courier,tracking_number` (UTF-8, a BOM and CRLF line ends
   * accepted, RFC 4180 quoting), at most 1,000 data rows and 1 MiB. A
   * malformed file is rejected as a whole and nothing ships; otherwise each
   * row ships every unit of its order, in file order, each in its own
   * transaction, and the result says per row what happened. Needs
   * `orders.ship` (per order, as in {@link ShipmentService.ship}).
   *
   * @throws `UPLOAD_REJECTED` listing `{ line, rule, message }` (rules
   *   `file_size`, `encoding`, `header`, `no_rows`, `row_count`, `quoting`,
   *   `column_count`, `empty_field`, `field_format`); `FORBIDDEN`.
   */
  shipFromCsv(ctx: TenantContext, file: string | Uint8Array): Promise<BulkShippingResult>;
  /**
   * Hands a `self_pickup` or `in_store` order over (到店核销) by the code of
   * the buyer's QR: `to_ship → completed`, logistics `signed`, stock
   * committed, who and when recorded. A code is redeemed once: under any
   * concurrency exactly one call succeeds. Needs `orders.verify` on the
   * order (a store-scoped grant reaches the orders of its store).
   *
   * @throws `ALREADY_VERIFIED` (naming when and by whom) on a second
   *   verification, changing nothing; `NOT_FOUND` (field `code`) for an
   *   unknown code; `INVALID_STATE_TRANSITION` (unpaid or closed order, or an
   *   open cancellation request); `FORBIDDEN`.
   */
  verifyPickup(ctx: TenantContext, code: string): Promise<Order>;
  /**
   * Confirms receipt (确认收货) of a `shipped` order: `→ completed`,
   * logistics `signed`, the automatic completion cancelled. The buyer (a
   * consumer actor, on their own orders only) or staff with `orders.ship`.
   *
   * @throws `INVALID_STATE_TRANSITION` unless the order is `shipped`;
   *   `NOT_FOUND` (also for another buyer's order); `FORBIDDEN`.
   */
  confirmReceipt(ctx: TenantContext, orderId: string): Promise<Order>;
  /**
   * Asks the courier port for the tracking of each shipment; a parcel the
   * courier reports `signed` gets its `signedAt`, and when every parcel
   * with a tracking number is signed the order's logistics become
   * `signed`. The order's state does not change: completion follows from
   * the buyer's confirmation or the automatic completion. Needs
   * `orders.ship` on the order.
   *
   * @throws `INVALID_STATE_TRANSITION` unless the order is `shipped` or
   *   `completed` (track a partly shipped order once its last unit left);
   *   `NOT_FOUND`; `FORBIDDEN`.
   */
  refreshTracking(ctx: TenantContext, orderId: string): Promise<TrackingRefresh>;
}
