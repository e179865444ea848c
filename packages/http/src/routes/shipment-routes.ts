import type { ShipOutcome } from "@onecode/core";
import {
  checkPickupVerification,
  checkShipment,
  checkWaybillRequest,
} from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import { orderSchema } from "../schemas/order-schemas.js";
import {
  bulkShippingResultSchema,
  newShipmentSchema,
  newWaybillSchema,
  orderIdParams,
  pickupVerificationSchema,
  shipmentOutcomeSchema,
  trackingRefreshSchema,
} from "../schemas/shipment-schemas.js";

const tags = ["orders"];

function shipped(outcome: ShipOutcome) {
  return { order: outcome.order, shipment: outcome.shipment };
}

const shipOrder = defineRoute({
  method: "POST",
  path: "/v1/orders/{orderId}/shipments",
  operationId: "shipOrder",
  summary: "Ship some or all units of an order (订单发货, 拆分运单)",
  description:
    "Needs `orders.ship` on the order (a store-scoped grant reaches its store's orders). Only units not shipped yet; the order becomes `shipped` with its last unit and completes by itself after the tenant's `completeShippedAfterDays`.",
  tags,
  auth: "staff",
  params: orderIdParams,
  body: newShipmentSchema,
  coreCheck: checkShipment,
  responses: {
    201: { description: "The order and its new parcel.", schema: shipmentOutcomeSchema },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "BUSY"],
  async handler({ onecode, tenant, params, body }) {
    const outcome = await onecode.shipments.ship(tenant, params.orderId, body);
    return { status: 201, body: shipped(outcome) };
  },
});

const createWaybill = defineRoute({
  method: "POST",
  path: "/v1/orders/{orderId}/waybills",
  operationId: "createOrderWaybill",
  summary: "Request an e-waybill (电子面单) for the next parcel and ship it",
  description:
    "Needs `orders.ship` on the order and the tenant's sender (order settings). The courier is asked with the key `<orderId>:<n>`, so a retried call gets the same waybill.",
  tags,
  auth: "staff",
  params: orderIdParams,
  body: newWaybillSchema,
  coreCheck: checkWaybillRequest,
  responses: {
    201: { description: "The order and its new parcel.", schema: shipmentOutcomeSchema },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "SENDER_NOT_CONFIGURED", "BUSY"],
  async handler({ onecode, tenant, params, body }) {
    const outcome = await onecode.shipments.createWaybill(tenant, params.orderId, body);
    return { status: 201, body: shipped(outcome) };
  },
});

const shipFromCsv = defineRoute({
  method: "POST",
  path: "/v1/orders/bulk-shipments",
  operationId: "shipOrdersFromCsv",
  summary: "Ship orders from a CSV file (批量发货)",
  description:
    "The file has the header `order_number,courier,tracking_number` and at most 1,000 rows (1 MiB). A malformed file is rejected whole (`UPLOAD_REJECTED`) and nothing ships; otherwise each row ships every unit of its order, and the answer says per row what happened. Needs `orders.ship`.",
  tags,
  auth: "staff",
  rawBody: { description: "The CSV file, UTF-8.", mediaTypes: ["text/csv"] },
  responses: { 200: { description: "Each row's outcome.", schema: bulkShippingResultSchema } },
  errors: ["FORBIDDEN", "UPLOAD_REJECTED"],
  async handler({ onecode, tenant, rawBody }) {
    const result = await onecode.shipments.shipFromCsv(tenant, await rawBody.bytes());
    return { status: 200, body: result };
  },
});

const verifyPickup = defineRoute({
  method: "POST",
  path: "/v1/order-verifications",
  operationId: "verifyOrderPickup",
  summary: "Hand a pickup or in-store order over by its code (到店核销)",
  description:
    "Needs `orders.verify` on the order (a store-scoped grant reaches its store's orders). A code is redeemed once: a second verification is `ALREADY_VERIFIED`, naming when and by whom.",
  tags,
  auth: "staff",
  body: pickupVerificationSchema,
  coreCheck: checkPickupVerification,
  responses: { 200: { description: "The completed order.", schema: orderSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "ALREADY_VERIFIED", "BUSY"],
  async handler({ onecode, tenant, body }) {
    return {
      status: 200,
      body: await onecode.shipments.verifyPickup(tenant, body.code),
    };
  },
});

const refreshTracking = defineRoute({
  method: "POST",
  path: "/v1/orders/{orderId}/tracking-refresh",
  operationId: "refreshOrderTracking",
  summary: "Read the couriers' tracking of an order's parcels",
  description:
    "Needs `orders.ship` on the order, which must be `shipped` or `completed`. Parcels reported signed are recorded; the logistics state becomes `signed` with the last one. The order's state does not change.",
  tags,
  auth: "staff",
  params: orderIdParams,
  responses: {
    200: { description: "The order and each parcel's tracking.", schema: trackingRefreshSchema },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "BUSY"],
  async handler({ onecode, tenant, params }) {
    const refresh = await onecode.shipments.refreshTracking(tenant, params.orderId);
    return { status: 200, body: { order: refresh.order, parcels: refresh.parcels } };
  },
});

const confirmReceipt = defineRoute({
  method: "POST",
  path: "/v1/my/orders/{orderId}/confirm-receipt",
  operationId: "confirmOrderReceipt",
  summary: "Confirm receipt of one's own shipped order (确认收货)",
  description:
    "For the buyer (a consumer account): their own `shipped` order becomes `completed`. Another buyer's order answers 404.",
  tags,
  auth: "consumer",
  params: orderIdParams,
  responses: { 200: { description: "The completed order.", schema: orderSchema } },
  errors: ["NOT_FOUND", "INVALID_STATE_TRANSITION", "BUSY"],
  async handler({ onecode, tenant, params }) {
    const order = await onecode.shipments.confirmReceipt(tenant, params.orderId);
    return { status: 200, body: order };
  },
});

/** Shipping routes: shipments, e-waybills, bulk shipping, pickup verification, tracking, receipt. */
export const shipmentRoutes: readonly Route[] = [
  shipFromCsv,
  shipOrder,
  createWaybill,
  refreshTracking,
  verifyPickup,
  confirmReceipt,
];
