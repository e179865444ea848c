import { z } from "zod";
import { boundedText, openApiRegistry } from "./openapi-registry.js";
import { adjustmentSchema, cartLinesSchema, deliveryMethodSchema } from "./order-schemas.js";
import { moneySchema } from "./print-order-schemas.js";

const sourceSchema = z.strictObject({ kind: z.string(), id: z.string().nullable() });

/** Body of `POST /v1/promotions/quote` and `POST /v1/my/quote` (core's `CartQuoteInput`). */
export const quoteInputSchema = z
  .strictObject({
    customerId: boundedText({
      min: 1,
      max: 100,
      description: "The buyer (staff quotes only; a consumer quotes for themselves).",
    }).optional(),
    lines: cartLinesSchema,
    delivery: z.strictObject({
      method: deliveryMethodSchema,
      regionCode: z.string().max(6).register(openApiRegistry, {
        description: "Upper-case ISO 3166-2 region code of the destination, e.g. `CN-ZJ`.",
      }),
    }),
    pricingOptions: z.record(z.string(), z.unknown()).optional().register(openApiRegistry, {
      description:
        "The buyer's choices as checkout takes them: `couponCode` (the coupon code to use), `points` (a whole number of points to spend).",
    }),
  })
  .register(openApiRegistry, {
    id: "CartQuoteInput",
    description: "A cart to price like checkout would, storing nothing.",
  });

const stepSchema = z
  .strictObject({
    step: z.enum(["list", "unit_prices", "activities", "coupon", "member_level", "points"]),
    lineAmounts: z.array(moneySchema).register(openApiRegistry, {
      description: "Each line's amount after the step, in line order.",
    }),
    goods: moneySchema,
    shipping: moneySchema,
    total: moneySchema,
  })
  .register(openApiRegistry, {
    id: "PricingStep",
    description: "The figures after one step of the pricing pipeline (§4.4).",
  });

/** Core's `PricingQuote`. */
export const pricingQuoteSchema = z
  .strictObject({
    currency: z.string(),
    customerId: z.string(),
    lines: z.array(
      z.strictObject({
        lineId: z.string(),
        productId: z.string(),
        skuId: z.string(),
        title: z.string(),
        quantity: z.number().int(),
        unitPrice: moneySchema,
        listAmount: moneySchema,
        adjustments: z.array(adjustmentSchema),
        amount: moneySchema,
        exclusive: z.boolean().register(openApiRegistry, {
          description: "An exclusive special price keeps the line out of activities and coupons.",
        }),
      }),
    ),
    adjustments: z.array(
      z
        .strictObject({
          step: stepSchema.shape.step,
          source: sourceSchema,
          label: z.string(),
          amount: moneySchema,
          lineShares: z.array(z.strictObject({ lineId: z.string(), amount: moneySchema })),
          shippingShare: moneySchema,
        })
        .register(openApiRegistry, {
          id: "ReceiptAdjustment",
          description:
            "One adjustment with its source, its whole amount and its split between the lines and shipping.",
        }),
    ),
    shipping: z.strictObject({
      before: moneySchema,
      after: moneySchema,
      adjustments: z.array(adjustmentSchema),
    }),
    giftCoupons: z.array(z.strictObject({ activityId: z.string(), couponId: z.string() })),
    steps: z.array(stepSchema),
    goodsTotal: moneySchema,
    total: moneySchema,
    payWithinMinutes: z.number().int().optional(),
    coupon: z
      .strictObject({ couponId: z.string(), codeId: z.string(), name: z.string() })
      .nullable(),
    points: z.strictObject({ used: z.number().int(), amount: z.number().int() }),
  })
  .register(openApiRegistry, {
    id: "PricingQuote",
    description:
      "A cart priced through the promotion engine: every adjustment with its source and line shares, shipping before and after, and the figures after each step.",
  });
