import { SHIPPING_LIMITS } from "@onecode/core/input-rules";
import { z } from "zod";
import { recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";
import { orderSchema, shipmentSchema } from "./order-schemas.js";

const L = SHIPPING_LIMITS;

/** Path parameters of the routes on one order. */
export const orderIdParams = z.strictObject({
  orderId: recordIdParam("Id of the order."),
});

// Core checks the line ids and units left against the order; the schema gives the shape.
const shipmentItemSchema = z.strictObject({
  lineId: boundedText({ min: 1, max: 32, description: "The order line, e.g. `l1`." }),
  quantity: z.number().int().register(openApiRegistry, {
    description: "Units of the line in this parcel: 1 to the units not shipped yet.",
  }),
});

const itemsSchema = z
  .array(shipmentItemSchema)
  .max(L.itemsMax)
  .optional()
  .register(openApiRegistry, {
    description: `The lines and units of this parcel (拆分运单), at most ${L.itemsMax}; every unit not shipped yet when absent.`,
  });

const courierSchema = boundedText({
  min: 1,
  max: L.courierMax,
  description: `Courier company code or name, 1-${L.courierMax} characters, e.g. \`SF\`; \`self\` for the merchant's own delivery (商家自送).`,
});

/** Body of `POST /v1/orders/{orderId}/shipments` (core's `ShipInput`). */
export const newShipmentSchema = z
  .strictObject({
    items: itemsSchema,
    courier: courierSchema,
    trackingNumber: boundedText({
      min: 1,
      max: L.trackingNumberMax,
      description: `The tracking number (运单号): letters, digits, \`-\` and \`_\`; may be omitted for courier \`self\` only.`,
    }).optional(),
  })
  .register(openApiRegistry, {
    id: "NewShipment",
    description: "A parcel of an order: some or all of the units still to ship.",
  });

/** Body of `POST /v1/orders/{orderId}/waybills` (core's `WaybillInput`). */
export const newWaybillSchema = z
  .strictObject({
    courier: boundedText({
      min: 1,
      max: L.courierMax,
      description:
        "The courier company to request the e-waybill (电子面单) from, e.g. `SF`; not `self`.",
    }),
    items: itemsSchema,
  })
  .register(openApiRegistry, {
    id: "NewWaybill",
    description: "An e-waybill request for the next parcel of an order.",
  });

/** Body of `POST /v1/order-verifications`. */
export const pickupVerificationSchema = z
  .strictObject({
    code: boundedText({
      min: 1,
      max: L.verificationCodeMax,
      description: "The verification code of the buyer's QR (到店核销).",
    }),
  })
  .register(openApiRegistry, {
    id: "PickupVerification",
    description: "The code of a pickup or in-store order to hand over.",
  });

/** Answer of the shipment and waybill routes. */
export const shipmentOutcomeSchema = z
  .strictObject({ order: orderSchema, shipment: shipmentSchema })
  .register(openApiRegistry, {
    id: "ShipmentOutcome",
    description: "The order after the shipment, and the new parcel.",
  });

/** Answer of `POST /v1/orders/bulk-shipments` (core's `BulkShippingResult`). */
export const bulkShippingResultSchema = z
  .strictObject({
    rows: z.array(
      z.strictObject({
        line: z.number().int(),
        orderNumber: z.string(),
        outcome: z.enum([
          "shipped",
          "not_found",
          "not_unshipped",
          "forbidden",
          "duplicate",
          "refused",
        ]),
        message: z.string(),
        orderId: z.string().nullable(),
        shipmentId: z.string().nullable(),
      }),
    ),
    shipped: z.number().int(),
    failed: z.number().int(),
  })
  .register(openApiRegistry, {
    id: "BulkShippingResult",
    description: "What happened to each data row of a bulk shipping file, in file order.",
  });

const trackingSchema = z.strictObject({
  courier: z.string(),
  trackingNumber: z.string(),
  events: z.array(
    z.strictObject({
      at: timestampSchema,
      status: z.enum(["accepted", "in_transit", "out_for_delivery", "signed", "exception"]),
      description: z.string(),
    }),
  ),
});

/** Answer of `POST /v1/orders/{orderId}/tracking-refresh` (core's `TrackingRefresh`). */
export const trackingRefreshSchema = z
  .strictObject({
    order: orderSchema,
    parcels: z.array(
      z.strictObject({
        shipmentId: z.string(),
        courier: z.string(),
        trackingNumber: z.string(),
        tracking: trackingSchema.nullable(),
      }),
    ),
  })
  .register(openApiRegistry, {
    id: "TrackingRefresh",
    description: "The order after its parcels' tracking was read, and what each courier reported.",
  });
