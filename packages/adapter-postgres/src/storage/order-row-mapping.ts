import { money, type StorageRepositories } from "@onecode/core";
import { type Insertable, type Selectable, sql } from "kysely";
import type { AfterSalesTable, OrdersTable } from "../database.js";
import { isoTimestamp } from "./row-mapping.js";

/** The order record, as the order repository port takes it. */
export type Order = Parameters<StorageRepositories["orders"]["insert"]>[0];
/** The stored after-sales request, as its repository port takes it. */
export type StoredAfterSale = Parameters<StorageRepositories["afterSales"]["insert"]>[0];

// node-postgres and PGlite both hand jsonb back parsed; text is parsed in case a driver does not.
function parsed<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

const nullableIso = (value: Date | string | null) => (value === null ? null : isoTimestamp(value));

/**
 * The `onecode_orders` columns a read needs (not those derived from the
 * rest), `ship_on` as `YYYY-MM-DD` text: a `date` would come back as a
 * `Date` at local midnight.
 */
export const ORDER_COLUMNS = [
  "tenant_id",
  "id",
  "number",
  "version",
  "state",
  "logistics_state",
  "customer_id",
  "owner_id",
  "channel",
  "delivery_method",
  "store_id",
  sql<string | null>`to_char(ship_on, 'YYYY-MM-DD')`.as("ship_on"),
  "address",
  "lines",
  "stock",
  "currency",
  "goods_total",
  "adjustments",
  "shipping",
  "total",
  "price_version",
  "charge_id",
  "refunds",
  "refunded_total",
  "cancellation_request",
  "verification_code",
  "verified_at",
  "verified_by",
  "shipments",
  "close_reason",
  "buyer_note",
  "created_at",
  "updated_at",
  "paid_at",
  "shipped_at",
  "completed_at",
  "closed_at",
] as const;

/** What a read selects: every column but those derived for filters and statistics. */
type OrderRow = Omit<
  Selectable<OrdersTable>,
  "product_ids" | "sku_ids" | "last_refunded_at" | "cancellation_requested"
>;

/** The core order of a `onecode_orders` row. */
export function orderFromRow(row: OrderRow): Order {
  const amount = (value: string | number | bigint) => money(Number(value), row.currency);
  return {
    tenantId: row.tenant_id,
    id: row.id,
    number: row.number,
    version: row.version,
    state: row.state as Order["state"],
    logisticsState: row.logistics_state as Order["logisticsState"],
    customerId: row.customer_id,
    ownerId: row.owner_id,
    channel: row.channel,
    delivery: {
      method: row.delivery_method as Order["delivery"]["method"],
      address: parsed(row.address),
      storeId: row.store_id,
      shipOn: row.ship_on,
    },
    lines: parsed(row.lines),
    stock: row.stock as Order["stock"],
    goodsTotal: amount(row.goods_total),
    adjustments: parsed(row.adjustments),
    shipping: amount(row.shipping),
    total: amount(row.total),
    priceVersion: row.price_version,
    chargeId: row.charge_id,
    refunds: parsed(row.refunds),
    refundedTotal: amount(row.refunded_total),
    cancellationRequest: parsed(row.cancellation_request),
    verification:
      row.verification_code === null
        ? null
        : {
            code: row.verification_code,
            verifiedAt: nullableIso(row.verified_at),
            verifiedBy: row.verified_by,
          },
    shipments: parsed(row.shipments),
    closeReason: row.close_reason as Order["closeReason"],
    buyerNote: row.buyer_note,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
    paidAt: nullableIso(row.paid_at),
    shippedAt: nullableIso(row.shipped_at),
    completedAt: nullableIso(row.completed_at),
    closedAt: nullableIso(row.closed_at),
  };
}

const distinct = (values: readonly string[]) => [...new Set(values)].sort();

/**
 * The columns every write sets (all but the key, `number` and `created_at`,
 * which never change): the order's fields and what is derived from them for
 * filters and statistics. An order's amounts share one currency.
 */
export function orderChangeColumns(
  order: Order,
): Omit<Insertable<OrdersTable>, "tenant_id" | "id" | "number" | "created_at"> {
  const { currency } = order.total;
  for (const value of [order.goodsTotal, order.shipping, order.refundedTotal]) {
    if (value.currency !== currency) {
      throw new Error(`order ${order.id}: amounts in ${value.currency} and ${currency}`);
    }
  }
  const refundedAt = order.refunds
    .filter((refund) => refund.status === "succeeded" && refund.decidedAt !== null)
    .map((refund) => Date.parse(refund.decidedAt as string));
  return {
    version: order.version,
    state: order.state,
    logistics_state: order.logisticsState,
    customer_id: order.customerId,
    owner_id: order.ownerId,
    channel: order.channel,
    delivery_method: order.delivery.method,
    store_id: order.delivery.storeId,
    ship_on: order.delivery.shipOn,
    address: JSON.stringify(order.delivery.address),
    lines: JSON.stringify(order.lines),
    product_ids: distinct(order.lines.map((line) => line.productId)),
    sku_ids: distinct(order.lines.map((line) => line.skuId)),
    stock: order.stock,
    currency,
    goods_total: order.goodsTotal.amount,
    adjustments: JSON.stringify(order.adjustments),
    shipping: order.shipping.amount,
    total: order.total.amount,
    price_version: order.priceVersion,
    charge_id: order.chargeId,
    refunds: JSON.stringify(order.refunds),
    refunded_total: order.refundedTotal.amount,
    last_refunded_at:
      refundedAt.length === 0 ? null : new Date(Math.max(...refundedAt)).toISOString(),
    cancellation_request:
      order.cancellationRequest === null ? null : JSON.stringify(order.cancellationRequest),
    verification_code: order.verification?.code ?? null,
    verified_at: order.verification?.verifiedAt ?? null,
    verified_by: order.verification?.verifiedBy ?? null,
    shipments: JSON.stringify(order.shipments),
    close_reason: order.closeReason,
    buyer_note: order.buyerNote,
    updated_at: order.updatedAt,
    paid_at: order.paidAt,
    shipped_at: order.shippedAt,
    completed_at: order.completedAt,
    closed_at: order.closedAt,
  };
}

/** The core request of a `onecode_after_sales` row. */
export function afterSaleFromRow(row: Selectable<AfterSalesTable>): StoredAfterSale {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    orderId: row.order_id,
    customerId: row.customer_id,
    kind: row.kind as StoredAfterSale["kind"],
    state: row.state as StoredAfterSale["state"],
    version: row.version,
    items: parsed(row.items),
    refundAmount: money(Number(row.refund_amount), row.currency),
    reason: row.reason,
    description: row.description,
    evidence: parsed(row.evidence),
    goodsReceived: row.goods_received,
    returnAddress: parsed(row.return_address),
    returnParcel: parsed(row.return_parcel),
    reshipment: parsed(row.reshipment),
    refundId: row.refund_id,
    rejectionReason: row.rejection_reason,
    decidedBy: row.decided_by,
    storeId: row.store_id,
    ownerId: row.owner_id,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
    closedAt: nullableIso(row.closed_at),
  };
}

const jsonOrNull = (value: unknown) => (value === null ? null : JSON.stringify(value));

/** The columns every after-sales write sets (all but the key, `order_id` and `created_at`). */
export function afterSaleChangeColumns(
  afterSale: StoredAfterSale,
): Omit<Insertable<AfterSalesTable>, "tenant_id" | "id" | "order_id" | "created_at"> {
  return {
    customer_id: afterSale.customerId,
    kind: afterSale.kind,
    state: afterSale.state,
    version: afterSale.version,
    items: JSON.stringify(afterSale.items),
    refund_amount: afterSale.refundAmount.amount,
    currency: afterSale.refundAmount.currency,
    reason: afterSale.reason,
    description: afterSale.description,
    evidence: JSON.stringify(afterSale.evidence),
    goods_received: afterSale.goodsReceived,
    return_address: jsonOrNull(afterSale.returnAddress),
    return_parcel: jsonOrNull(afterSale.returnParcel),
    reshipment: jsonOrNull(afterSale.reshipment),
    refund_id: afterSale.refundId,
    rejection_reason: afterSale.rejectionReason,
    decided_by: afterSale.decidedBy,
    store_id: afterSale.storeId,
    owner_id: afterSale.ownerId,
    updated_at: afterSale.updatedAt,
    closed_at: afterSale.closedAt,
  };
}
