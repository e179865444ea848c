import { money } from "../../src/kernel/money.js";
import type { ListFilter } from "../../src/kernel/permissions/record-scope.js";
import type { Order, OrderRefund } from "../../src/orders/order.js";
import { freshId } from "../fixtures.js";
import { orderLineRecord, orderRecord } from "../order-fixtures.js";

/** Every order, for filters that do not test access. */
export const ALL: ListFilter = { all: true };

/** A refund of `amount` fen: succeeded at `decidedAt` unless `status` says otherwise. */
export function refundRecord(
  amount: number,
  decidedAt: string | null,
  status: OrderRefund["status"] = "succeeded",
): OrderRefund {
  return {
    id: freshId("rf"),
    amount: money(amount, "CNY"),
    reason: "damaged",
    status,
    failureCode: status === "failed" ? "INSUFFICIENT_BALANCE" : null,
    chargeId: "pay_charge_1",
    paymentId: status === "requested" ? null : "pay_refund_1",
    afterSaleId: null,
    requestedBy: { kind: "staff", id: "staff-1" },
    requestedAt: "2026-05-02T00:00:00.000Z",
    attempts: 1,
    decidedAt,
  };
}

/** A line of `quantity` units of `productId`/`skuId` at `unitPrice` fen, its amount the plain product. */
export function lineOf(
  lineId: string,
  productId: string,
  skuId: string,
  quantity: number,
  unitPrice: number,
) {
  return orderLineRecord({
    lineId,
    productId,
    skuId,
    quantity,
    unitPrice: money(unitPrice, "CNY"),
    amount: money(unitPrice * quantity, "CNY"),
  });
}

let orderNumbers = 0;

/**
 * {@link orderRecord} with a number no earlier call returned: the fixture
 * derives it from the id's last ten characters, which two ids made within
 * one millisecond may share once letters become 7s.
 */
export function orderOf(tenantId: string, overrides: Partial<Order> = {}): Order {
  orderNumbers += 1;
  return orderRecord(tenantId, {
    number: `20260501${String(orderNumbers).padStart(10, "0")}`,
    ...overrides,
  });
}

let verificationCodes = 100_000_000_000;

/** A 12-digit verification code no earlier call returned. */
export function nextVerificationCode(): string {
  verificationCodes += 1;
  return String(verificationCodes);
}

/**
 * An order with every optional part filled: two lines with adjustments,
 * refunds, a shipment, a cancellation request, a verification code, a store,
 * an owner and a ship-on date, so a round trip shows every field is kept.
 */
export function richOrder(tenantId: string, overrides: Partial<Order> = {}): Order {
  const id = overrides.id ?? freshId("ord");
  const adjustment = {
    source: { kind: "coupon", id: "cpn_1" },
    label: "Spend 100 save 10",
    amount: money(-500, "CNY"),
  };
  const lines = [
    orderLineRecord({
      lineId: "l1",
      productId: "prd_tea",
      skuId: "sku_tea_m",
      quantity: 2,
      adjustments: [adjustment],
      amount: money(3990 * 2 - 500, "CNY"),
      shippedQuantity: 2,
    }),
    orderLineRecord({
      lineId: "l2",
      productId: "prd_cup",
      skuId: "sku_cup",
      skuCode: "CUP-1",
      title: "Celadon cup",
      spec: {},
      quantity: 1,
      unitPrice: money(1200, "CNY"),
      amount: money(1200, "CNY"),
      weightGrams: 300,
      stockPolicy: "reserve_on_pay",
    }),
  ];
  return orderOf(tenantId, {
    id,
    state: "shipped",
    logisticsState: "partly_shipped",
    ownerId: "staff-owner",
    channel: "pickup_card",
    delivery: {
      method: "self_pickup",
      address: { name: "Han Meimei", phone: "13900139000", regionCode: "CN-SH", line: "" },
      storeId: "store-1",
      shipOn: "2026-05-03",
    },
    lines,
    stock: "committed",
    goodsTotal: money(3990 * 2 + 1200, "CNY"),
    adjustments: [adjustment],
    shipping: money(0, "CNY"),
    total: money(3990 * 2 - 500 + 1200, "CNY"),
    priceVersion: 2,
    chargeId: "pay_charge_1",
    refunds: [refundRecord(700, "2026-05-02T08:00:00.123Z"), refundRecord(300, null, "pending")],
    refundedTotal: money(700, "CNY"),
    cancellationRequest: { reason: "changed my mind", requestedAt: "2026-05-02T09:00:00.000Z" },
    verification: {
      code: nextVerificationCode(),
      verifiedAt: "2026-05-02T10:00:00.000Z",
      verifiedBy: "staff-2",
    },
    shipments: [
      {
        id: "shp_1",
        items: [{ lineId: "l1", quantity: 2 }],
        courier: "SF",
        trackingNumber: "SF1234567890",
        waybillLabel: null,
        shippedAt: "2026-05-02T06:00:00.000Z",
        shippedBy: "staff-3",
        signedAt: null,
      },
    ],
    buyerNote: "ring twice",
    paidAt: "2026-05-01T03:00:00.000Z",
    shippedAt: "2026-05-02T06:00:00.000Z",
    updatedAt: "2026-05-02T10:00:00.000Z",
    ...overrides,
  });
}
