import { AFTER_SALE_KINDS, AFTER_SALE_STATES } from "@onecode/core";
import { AFTER_SALE_LIMITS as L } from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";
import { orderSchema, postalAddressSchema } from "./order-schemas.js";
import { moneySchema } from "./print-order-schemas.js";

const kindSchema = z.enum(AFTER_SALE_KINDS).register(openApiRegistry, {
  description: "`refund_only` (仅退款), `return_and_refund` (退货退款) or `exchange` (换货).",
});
const stateSchema = z.enum(AFTER_SALE_STATES).register(openApiRegistry, {
  description:
    "`applied`, `approved`, `returning`, `received`, `refunding`, then `refunded` or `reshipped`; or `rejected`, `withdrawn`.",
});

/** Path parameters of `/v1/after-sales/{afterSaleId}` and `/v1/my/after-sales/{afterSaleId}`. */
export const afterSaleIdParams = z.strictObject({
  afterSaleId: recordIdParam("The after-sales request's id (`as_…`)."),
});

/** Path parameters of `/v1/my/orders/{orderId}/after-sales`. */
export const afterSaleOrderIdParams = z.strictObject({
  orderId: recordIdParam("The order's id (`ord_…`)."),
});

/** Where the buyer sends the goods back to (退货地址): core checks the phone and region rules. */
const returnAddressSchema = postalAddressSchema;

/** Body of `POST /v1/my/orders/{orderId}/after-sales` (core's `AfterSaleApplication`). */
export const afterSaleApplicationSchema = z
  .strictObject({
    kind: kindSchema,
    items: z
      .array(
        z.strictObject({
          lineId: boundedText({ min: 1, max: L.lineIdMax, description: "The order line." }),
          quantity: z.int().register(openApiRegistry, {
            description: "Units of the line, 1 to the line's quantity.",
          }),
        }),
      )
      .min(1)
      .max(L.itemsMax)
      .register(openApiRegistry, { description: "The order lines concerned, each once." }),
    refundAmount: z.int().register(openApiRegistry, {
      description:
        "Minor units asked back: positive for the refund kinds, at most what the order has left to refund; 0 for an exchange.",
    }),
    reason: boundedText({ min: 1, max: L.reasonMax, description: "Why (退款原因)." }),
    description: boundedText({ max: L.descriptionMax, description: "退货说明." })
      .nullable()
      .optional(),
    evidence: z
      .array(z.string())
      .max(L.evidenceMax)
      .optional()
      .register(openApiRegistry, {
        description: `Up to ${L.evidenceMax} absolute http(s) photo URLs (凭证).`,
      }),
    goodsReceived: z.boolean().optional().register(openApiRegistry, {
      description:
        "Whether the buyer has the goods (货物状态, refund only); default: whether the order shipped.",
    }),
  })
  .register(openApiRegistry, {
    id: "AfterSaleApplication",
    description: "A buyer's after-sales application (售后申请).",
  });

/** Body of `POST /v1/after-sales/{afterSaleId}/approve`. */
export const afterSaleApprovalSchema = z
  .strictObject({ returnAddress: returnAddressSchema.nullable().optional() })
  .register(openApiRegistry, {
    id: "AfterSaleApproval",
    description: "Approval; `returnAddress` is required for `return_and_refund` and `exchange`.",
  });

/** Body of `POST /v1/after-sales/{afterSaleId}/reject`. */
export const afterSaleRejectionSchema = z
  .strictObject({
    reason: boundedText({ min: 1, max: L.reasonMax, description: "Why, shown to the buyer." }),
  })
  .register(openApiRegistry, { id: "AfterSaleRejection" });

/** Body of `ship-back` and `reship`: a parcel's courier and tracking number. */
export const afterSaleParcelInputSchema = z
  .strictObject({
    courier: boundedText({ min: 1, max: L.courierMax, description: "Courier company, e.g. `SF`." }),
    trackingNumber: boundedText({ min: 1, max: L.trackingNumberMax }),
  })
  .register(openApiRegistry, { id: "AfterSaleParcelInput" });

const parcelSchema = z
  .strictObject({ courier: z.string(), trackingNumber: z.string(), at: timestampSchema })
  .register(openApiRegistry, {
    id: "AfterSaleParcel",
    description: "A parcel of the request: the buyer's return or the merchant's re-shipment.",
  });

const afterSaleShape = {
  tenantId: z.string(),
  id: z.string(),
  orderId: z.string(),
  customerId: z.string(),
  kind: kindSchema,
  state: stateSchema,
  version: z.int(),
  items: z.array(z.strictObject({ lineId: z.string(), quantity: z.int() })),
  refundAmount: moneySchema,
  reason: z.string(),
  description: z.string().nullable(),
  evidence: z.array(z.string()),
  goodsReceived: z.boolean(),
  returnAddress: returnAddressSchema.nullable(),
  returnParcel: parcelSchema.nullable(),
  reshipment: parcelSchema.nullable(),
  refundId: z.string().nullable().register(openApiRegistry, {
    description: "The order refund paying it, from `refunding` on.",
  }),
  rejectionReason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  closedAt: timestampSchema.nullable(),
};

/** An after-sales request (core's `AfterSale`). */
export const afterSaleSchema = z.strictObject(afterSaleShape).register(openApiRegistry, {
  id: "AfterSale",
  description: "An after-sales request (售后单) on one order.",
});

/** One refund of an order (core's `OrderRefund`), as the order routes describe it. */
const orderRefundSchema = orderSchema.shape.refunds.element;

/** An after-sales request with its refund (core's `AfterSaleDetails`). */
export const afterSaleDetailsSchema = z
  .strictObject({ ...afterSaleShape, refund: orderRefundSchema.nullable() })
  .register(openApiRegistry, {
    id: "AfterSaleDetails",
    description:
      "An after-sales request with the order refund paying it (`null` before it is recorded); a failed refund shows its `failureCode` until staff retry it.",
  });

/** One page of after-sales requests. */
export const afterSalePageSchema = pageSchema(afterSaleSchema, "AfterSalePage");

const filterShape = {
  orderId: recordIdParam("Only requests on this order.").optional(),
  kind: kindSchema.optional(),
  state: stateSchema.optional(),
  createdFrom: z.iso.datetime({ offset: true }).optional().register(openApiRegistry, {
    description: "Only requests created at or after this ISO-8601 instant.",
  }),
  createdTo: z.iso.datetime({ offset: true }).optional().register(openApiRegistry, {
    description: "Only requests created before this ISO-8601 instant.",
  }),
  ...pageQueryShape,
};

/** Query of `GET /v1/after-sales`. */
export const afterSaleListQuery = z.strictObject({
  ...filterShape,
  customerId: recordIdParam("Only requests of this buyer.").optional(),
});

/** Query of `GET /v1/my/after-sales`. */
export const myAfterSaleListQuery = z.strictObject(filterShape);
