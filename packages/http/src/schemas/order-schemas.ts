import {
  LOGISTICS_STATES,
  ORDER_DELIVERY_METHODS,
  ORDER_INPUT_LIMITS,
  ORDER_SETTINGS_LIMITS,
  ORDER_STATES,
  ORDER_VIEWS,
} from "@onecode/core";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";
import { moneySchema } from "./print-order-schemas.js";

const minorUnits = (description: string) =>
  z.number().int().register(openApiRegistry, { description });
const nullableTimestamp = timestampSchema.nullable();
const localDate = z.string().max(10).register(openApiRegistry, {
  description: "A local date `YYYY-MM-DD` in the tenant's time zone.",
});

/** A postal address (core's `PostalAddress`). */
export const postalAddressSchema = z
  .strictObject({
    name: boundedText({ min: 1, max: 50, description: "Recipient's name." }),
    phone: boundedText({ min: 1, max: 20, description: "Phone number." }),
    regionCode: z.string().max(6).register(openApiRegistry, {
      description: "Upper-case ISO 3166-2 region code, e.g. `CN-ZJ`.",
    }),
    line: boundedText({ min: 1, max: 200, description: "Street address." }),
  })
  .register(openApiRegistry, { id: "PostalAddress", description: "A postal address." });

const orderStateSchema = z.enum(ORDER_STATES).register(openApiRegistry, {
  id: "OrderState",
  description:
    "`unpaid → to_ship → shipped → completed`; `unpaid → closed`; paid orders close by refund or cancellation.",
});
const logisticsStateSchema = z.enum(LOGISTICS_STATES).register(openApiRegistry, {
  id: "LogisticsState",
  description:
    "Where the goods are: not shipped, partly shipped (split shipments), shipped, signed.",
});
export const deliveryMethodSchema = z.enum(ORDER_DELIVERY_METHODS).register(openApiRegistry, {
  id: "OrderDeliveryMethod",
  description: "`express` (courier, priced by the freight template), `self_pickup`, `in_store`.",
});

export const adjustmentSchema = z
  .strictObject({
    source: z.strictObject({ kind: z.string(), id: z.string().nullable() }),
    label: z.string(),
    amount: moneySchema,
  })
  .register(openApiRegistry, {
    id: "OrderAdjustment",
    description:
      "A change of price with its source (activity, coupon, member level, points, price change); negative reduces.",
  });

const orderLineSchema = z
  .strictObject({
    lineId: z.string(),
    productId: z.string(),
    skuId: z.string(),
    skuCode: z.string(),
    title: z.string(),
    spec: z.record(z.string(), z.string()),
    quantity: z.number().int(),
    unitPrice: moneySchema,
    weightGrams: z.number().int(),
    adjustments: z.array(adjustmentSchema),
    amount: moneySchema,
    shippedQuantity: z.number().int(),
    stockPolicy: z.enum(["reserve_on_create", "reserve_on_pay"]),
    ownStockUnits: z.int().optional().register(openApiRegistry, {
      description:
        "Units sold from a promotion's own stock (a presale's virtual stock): they take none of the SKU's stock. Absent: 0.",
    }),
  })
  .register(openApiRegistry, { id: "OrderLine", description: "One line of an order." });

/** One parcel of an order (core's `Shipment`). */
export const shipmentSchema = z
  .strictObject({
    id: z.string(),
    items: z.array(z.strictObject({ lineId: z.string(), quantity: z.number().int() })),
    courier: z.string(),
    trackingNumber: z.string().register(openApiRegistry, {
      description: "Empty for the merchant's own delivery without one.",
    }),
    waybillLabel: z.string().nullable().register(openApiRegistry, {
      description: "Printable e-waybill label, when the courier port returned one.",
    }),
    shippedAt: timestampSchema,
    shippedBy: z.string(),
    signedAt: timestampSchema.nullable(),
  })
  .register(openApiRegistry, { id: "Shipment", description: "One parcel of an order (运单)." });

const refundSchema = z
  .strictObject({
    id: z.string(),
    amount: moneySchema,
    reason: z.string(),
    status: z.enum(["requested", "pending", "succeeded", "failed"]),
    failureCode: z.string().nullable().register(openApiRegistry, {
      description:
        "Why the provider refused it, e.g. `INSUFFICIENT_BALANCE`, `CERTIFICATE_EXPIRED`.",
    }),
    chargeId: z.string(),
    paymentId: z.string().nullable(),
    afterSaleId: z.string().nullable(),
    requestedBy: z.strictObject({ kind: z.string(), id: z.string() }),
    requestedAt: timestampSchema,
    attempts: z.number().int(),
    decidedAt: nullableTimestamp,
  })
  .register(openApiRegistry, {
    id: "OrderRefund",
    description:
      "A refund through the payment port, idempotent by its id; a failed one can be retried.",
  });

/** An order (core's `Order`). */
export const orderSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    number: z.string(),
    version: z.number().int(),
    state: orderStateSchema,
    logisticsState: logisticsStateSchema,
    customerId: z.string(),
    ownerId: z.string().nullable(),
    channel: z.string(),
    delivery: z.strictObject({
      method: deliveryMethodSchema,
      address: postalAddressSchema,
      storeId: z.string().nullable(),
      shipOn: localDate.nullable(),
    }),
    lines: z.array(orderLineSchema),
    stock: z.enum(["none", "held", "committed", "released"]),
    goodsTotal: moneySchema,
    adjustments: z.array(adjustmentSchema),
    shipping: moneySchema,
    total: moneySchema,
    priceVersion: z.number().int(),
    chargeId: z.string().nullable(),
    refunds: z.array(refundSchema),
    refundedTotal: moneySchema,
    cancellationRequest: z
      .strictObject({ reason: z.string(), requestedAt: timestampSchema })
      .nullable(),
    verification: z
      .strictObject({
        code: z.string(),
        verifiedAt: nullableTimestamp,
        verifiedBy: z.string().nullable(),
      })
      .nullable(),
    shipments: z.array(shipmentSchema),
    closeReason: z
      .enum([
        "payment_timeout",
        "buyer_cancelled",
        "merchant_cancelled",
        "stock_exhausted",
        "refunded",
      ])
      .nullable(),
    buyerNote: z.string().nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    paidAt: nullableTimestamp,
    shippedAt: nullableTimestamp,
    completedAt: nullableTimestamp,
    closedAt: nullableTimestamp,
  })
  .register(openApiRegistry, { id: "Order", description: "An order (订单) of one buyer." });

/** One page of orders. */
export const orderPageSchema = pageSchema(orderSchema, "OrderPage");

/** The lines of a cart, as orders and quotes take them. */
export const cartLinesSchema = z
  .array(
    z.strictObject({
      skuId: boundedText({ min: 1, max: 100, description: "The SKU." }),
      quantity: z
        .number()
        .int()
        .register(openApiRegistry, {
          description: `Units, 1-${ORDER_INPUT_LIMITS.maxQuantity}.`,
        }),
    }),
  )
  .max(ORDER_INPUT_LIMITS.maxLines);

/** Body of `POST /v1/orders` and `POST /v1/my/orders` (core's `NewOrderInput`). */
export const newOrderSchema = z
  .strictObject({
    customerId: boundedText({
      min: 1,
      max: 100,
      description: "The buyer (staff orders only; a consumer orders for themselves).",
    }).optional(),
    lines: cartLinesSchema,
    delivery: z.strictObject({
      method: deliveryMethodSchema,
      address: postalAddressSchema,
      storeId: boundedText({
        min: 1,
        max: 100,
        description: "The store of pickup and in-store orders.",
      })
        .nullable()
        .optional(),
      shipOn: localDate.nullable().optional(),
    }),
    channel: z.string().max(40).optional().register(openApiRegistry, {
      description: "Where the order is placed, e.g. `mini_program` (default), `h5`, `pickup_card`.",
    }),
    buyerNote: boundedText({
      max: ORDER_INPUT_LIMITS.maxNoteLength,
      description: "The buyer's note.",
    })
      .nullable()
      .optional(),
    pricingOptions: z.record(z.string(), z.unknown()).optional().register(openApiRegistry, {
      description:
        "The buyer's choices for the pricing function (coupons, points), passed through.",
    }),
  })
  .register(openApiRegistry, { id: "NewOrder", description: "An order to place." });

const csvList = <T extends string>(values: z.ZodEnum<{ [K in T]: K }>, description: string) =>
  z
    .string()
    .max(200)
    .transform((value) => value.split(",").map((part) => part.trim()))
    .pipe(z.array(values).min(1))
    .optional()
    .register(openApiRegistry, { description });

const queryShape = {
  view: z.enum(ORDER_VIEWS).optional().register(openApiRegistry, {
    description:
      "A ready-made view: to ship today (overdue included) / tomorrow / the day after, shipped today / yesterday, cancellation requests.",
  }),
  states: csvList(orderStateSchema, "Comma-separated order states."),
  logisticsStates: csvList(logisticsStateSchema, "Comma-separated logistics states."),
  deliveryMethods: csvList(deliveryMethodSchema, "Comma-separated delivery methods."),
  customerId: boundedText({ min: 1, max: 100, description: "The buyer." }).optional(),
  productId: boundedText({
    min: 1,
    max: 100,
    description: "Orders with a line of this product.",
  }).optional(),
  skuId: boundedText({
    min: 1,
    max: 100,
    description: "Orders with a line of this SKU.",
  }).optional(),
  channel: boundedText({ min: 1, max: 40, description: "Where orders were placed." }).optional(),
  number: boundedText({ min: 1, max: 40, description: "The order number." }).optional(),
  createdFrom: timestampSchema.optional(),
  createdTo: timestampSchema.optional(),
  paidFrom: timestampSchema.optional(),
  paidTo: timestampSchema.optional(),
  shippedFrom: timestampSchema.optional(),
  shippedTo: timestampSchema.optional(),
};

/** Query of `GET /v1/orders/export.csv` and `GET /v1/orders/counts`. */
export const orderQuerySchema = z.strictObject(queryShape);
/** Query of `GET /v1/orders`. */
export const orderListQuery = z.strictObject({ ...queryShape, ...pageQueryShape });
/** Query of `GET /v1/my/orders`. */
export const myOrderListQuery = z.strictObject({
  states: queryShape.states,
  ...pageQueryShape,
});

/** Answer of `GET /v1/orders/counts`. */
export const orderCountsSchema = z.record(z.string(), z.number().int()).register(openApiRegistry, {
  id: "OrderCounts",
  description: "Orders per state; states without orders are absent.",
});

/** Query of `GET /v1/orders/statistics`. */
export const orderStatisticsQuery = z.strictObject({
  from: timestampSchema,
  to: timestampSchema,
  groupBy: z.enum(["day", "product", "channel"]),
});

/** Answer of `GET /v1/orders/statistics`. */
export const orderStatisticsSchema = z
  .strictObject({
    currency: z.string(),
    timeZone: z.string(),
    rows: z.array(
      z.strictObject({
        key: z.string(),
        ordersCreated: z.number().int(),
        ordersPaid: z.number().int(),
        paidAmount: minorUnits("Paid in the range, minor units."),
        refundedAmount: minorUnits("Refunded in the range, minor units."),
        unitsPaid: z.number().int(),
      }),
    ),
  })
  .register(openApiRegistry, {
    id: "OrderStatistics",
    description: "Order figures per local day, product or channel.",
  });

/** Path parameters of `/v1/orders/{orderId}`. */
export const orderIdPathParams = z.strictObject({ orderId: recordIdParam("The order.") });
/** Path parameters of `/v1/orders/{orderId}/refunds/{refundId}`. */
export const refundIdPathParams = z.strictObject({
  orderId: recordIdParam("The order."),
  refundId: boundedText({ min: 1, max: 100, description: "The refund." }),
});

/** Body of `POST .../payments`. */
export const payOrderSchema = z
  .strictObject({
    payer: boundedText({
      min: 1,
      max: 100,
      description: "The payer as the provider knows them; the buyer's id by default.",
    }).optional(),
  })
  .register(openApiRegistry, { id: "PayOrder" });

/** Answer of `POST .../payments`. */
export const payOrderOutcomeSchema = z
  .strictObject({ order: orderSchema, payment: z.unknown().nullable() })
  .register(openApiRegistry, {
    id: "PayOrderOutcome",
    description:
      "The order and the charge (`Payment`): succeeded (the order is paid), pending, or failed with its code.",
  });

/** Body of `POST /v1/orders/{orderId}/price`. */
export const changePriceSchema = z
  .strictObject({
    goodsAmount: z.number().int().min(1).register(openApiRegistry, {
      description: "What the buyer pays for the goods, minor units from 1.",
    }),
    shipping: z.number().int().min(0).optional().register(openApiRegistry, {
      description: "New shipping, minor units from 0.",
    }),
    reason: boundedText({
      max: 200,
      description: "Why (audit log, shown as the adjustment's label).",
    }).optional(),
  })
  .register(openApiRegistry, { id: "ChangePrice" });

/** Body of the cancellation request and its rejection. */
export const reasonSchema = z
  .strictObject({ reason: boundedText({ min: 1, max: 200, description: "Why." }) })
  .register(openApiRegistry, { id: "Reason" });

/** Body of `POST /v1/orders/{orderId}/close`. */
export const closeOrderSchema = z
  .strictObject({
    refund: z.boolean().register(openApiRegistry, {
      description: "Refund what was paid (退单且退款) or only close.",
    }),
    reason: boundedText({ min: 1, max: 200, description: "Shown to the buyer." }),
  })
  .register(openApiRegistry, { id: "CloseOrder" });

/** Answer of `POST /v1/orders/{orderId}/close`. */
export const closeOutcomeSchema = z
  .strictObject({ order: orderSchema, refund: refundSchema.nullable() })
  .register(openApiRegistry, { id: "CloseOrderOutcome" });

/** Body of `POST /v1/orders/{orderId}/refunds`. */
export const refundRequestSchema = z
  .strictObject({
    refundId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/)
      .optional()
      .register(openApiRegistry, {
        description:
          "Idempotency key: 1-100 letters, digits, `_`, `.`, `:` or `-`; a fresh id when absent.",
      }),
    amount: z.number().int().min(1).register(openApiRegistry, {
      description: "Minor units from 1, at most what is paid and not refunded.",
    }),
    reason: boundedText({ min: 1, max: 200, description: "Why." }),
    afterSaleId: boundedText({ min: 1, max: 100, description: "The after-sales request it pays." })
      .nullable()
      .optional(),
  })
  .register(openApiRegistry, { id: "RefundRequest" });

/** Answer of the refund routes. */
export const refundOutcomeSchema = z
  .strictObject({ order: orderSchema, refund: refundSchema })
  .register(openApiRegistry, { id: "RefundOutcome" });

const recipientSchema = z.strictObject({
  channel: z.enum(["sms", "email", "webhook"]),
  to: z.string().max(500),
});

/** Order settings (core's `OrderSettings`). */
export const orderSettingsSchema = z
  .strictObject({
    tenantId: z.string(),
    closeUnpaidAfterMinutes: z.number().int(),
    completeShippedAfterDays: z.number().int(),
    sender: postalAddressSchema.nullable(),
    freightTemplateId: z.string().nullable(),
    alertRecipients: z.array(recipientSchema),
    updatedAt: nullableTimestamp,
  })
  .register(openApiRegistry, { id: "OrderSettings", description: "The tenant's order settings." });

const S = ORDER_SETTINGS_LIMITS;
/** Body of `PATCH /v1/order-settings`. */
export const orderSettingsPatchSchema = z
  .strictObject({
    closeUnpaidAfterMinutes: minorUnits(
      `Minutes, ${S.closeUnpaidAfterMinutes.min}-${S.closeUnpaidAfterMinutes.max}.`,
    ).optional(),
    completeShippedAfterDays: minorUnits(
      `Days, ${S.completeShippedAfterDays.min}-${S.completeShippedAfterDays.max}.`,
    ).optional(),
    sender: postalAddressSchema.nullable().optional(),
    freightTemplateId: z.string().max(100).nullable().optional(),
    alertRecipients: z.array(recipientSchema).max(S.maxAlertRecipients).optional(),
  })
  .register(openApiRegistry, { id: "OrderSettingsPatch" });
