import { money } from "../src/kernel/money.js";
import type { StoredAfterSale } from "../src/orders/after-sales/ports.js";
import type { Order, OrderLine } from "../src/orders/order.js";
import { freshId } from "./fixtures.js";

/** One order line: `quantity` units of a 39.90 SKU weighing 500 g, no adjustments. */
export function orderLineRecord(overrides: Partial<OrderLine> = {}): OrderLine {
  const quantity = overrides.quantity ?? 2;
  const unitPrice = overrides.unitPrice ?? money(3990, "CNY");
  return {
    lineId: "l1",
    productId: "prd_fixture",
    skuId: "sku_fixture",
    skuCode: "TEA-RED-M",
    title: "West Lake Longjing 250 g",
    spec: { colour: "red", size: "M" },
    quantity,
    unitPrice,
    weightGrams: 500,
    adjustments: [],
    amount: money(unitPrice.amount * quantity, unitPrice.currency),
    shippedQuantity: 0,
    stockPolicy: "reserve_on_create",
    ...overrides,
  };
}

/**
 * A complete unpaid express order of `tenantId` with one line
 * ({@link orderLineRecord}) and 10.00 shipping, for repository-level tests
 * and for use-case tests that need an order in a given state (override
 * `state`, `paidAt`, ...). The number derives from the fresh id.
 */
export function orderRecord(tenantId: string, overrides: Partial<Order> = {}): Order {
  const id = overrides.id ?? freshId("ord");
  const lines = overrides.lines ?? [orderLineRecord()];
  const goods = lines.reduce((sum, line) => sum + line.unitPrice.amount * line.quantity, 0);
  const linesTotal = lines.reduce((sum, line) => sum + line.amount.amount, 0);
  const shipping = overrides.shipping ?? money(1000, "CNY");
  return {
    tenantId,
    id,
    number: `20260501${id
      .slice(-10)
      .replace(/[^0-9]/g, "7")
      .padStart(10, "1")}`,
    version: 1,
    state: "unpaid",
    logisticsState: "not_shipped",
    customerId: "customer-1",
    ownerId: null,
    channel: "mini_program",
    delivery: {
      method: "express",
      address: {
        name: "Li Lei",
        phone: "13800138000",
        regionCode: "CN-ZJ",
        line: "1 Wensan Road, Hangzhou",
      },
      storeId: null,
      shipOn: null,
    },
    lines,
    stock: "held",
    goodsTotal: money(goods, "CNY"),
    adjustments: [],
    shipping,
    total: money(linesTotal + shipping.amount, "CNY"),
    priceVersion: 1,
    chargeId: null,
    refunds: [],
    refundedTotal: money(0, "CNY"),
    cancellationRequest: null,
    verification: null,
    shipments: [],
    closeReason: null,
    buyerNote: null,
    createdAt: "2026-05-01T02:00:00.000Z",
    updatedAt: "2026-05-01T02:00:00.000Z",
    paidAt: null,
    shippedAt: null,
    completedAt: null,
    closedAt: null,
    ...overrides,
  };
}

/** A complete `applied` refund-only after-sales request on `order`, for repository-level tests. */
export function afterSaleRecord(
  order: Order,
  overrides: Partial<StoredAfterSale> = {},
): StoredAfterSale {
  return {
    tenantId: order.tenantId,
    id: freshId("as"),
    orderId: order.id,
    customerId: order.customerId,
    kind: "refund_only",
    state: "applied",
    version: 1,
    items: [{ lineId: order.lines[0]?.lineId ?? "l1", quantity: 1 }],
    refundAmount: money(1000, "CNY"),
    reason: "damaged in transit",
    description: null,
    evidence: [],
    goodsReceived: true,
    returnAddress: null,
    returnParcel: null,
    reshipment: null,
    refundId: null,
    rejectionReason: null,
    decidedBy: null,
    createdAt: "2026-05-03T02:00:00.000Z",
    updatedAt: "2026-05-03T02:00:00.000Z",
    closedAt: null,
    storeId: order.delivery.storeId,
    ownerId: order.ownerId,
    ...overrides,
  };
}
